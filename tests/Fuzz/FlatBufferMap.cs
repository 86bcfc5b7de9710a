using System.Buffers.Binary;

namespace ManagedLite.Fuzz;

/// <summary>
/// Positions of the interesting fields of a (valid) .tflite FlatBuffer, found by walking it with the
/// TFLite schema's slot numbers: tables, vtables and their entries, offsets, vector lengths, tensor shapes,
/// tensor/opcode/buffer indices, operator options and constant data. Targeted mutations write there.
/// The walk is defensive: a malformed seed yields a partial map, never an exception.
/// </summary>
public sealed class FlatBufferMap
{
    public List<int> Tables { get; } = new();
    public List<int> VTables { get; } = new();
    /// <summary>Positions of the u16 field-offset entries inside vtables.</summary>
    public List<int> VTableEntries { get; } = new();
    /// <summary>Positions of uoffset fields (table fields and vector-of-table elements).</summary>
    public List<int> OffsetFields { get; } = new();
    /// <summary>Positions of vector (and string) length prefixes.</summary>
    public List<int> VectorLengths { get; } = new();
    /// <summary>Elements of LiteTensor.shape and LiteTensor.shape_signature.</summary>
    public List<int> ShapeElements { get; } = new();
    /// <summary>Elements of tensor index vectors: subgraph inputs/outputs, operator inputs/outputs/intermediates.</summary>
    public List<int> IndexElements { get; } = new();
    /// <summary>u32 index fields: LiteTensor.buffer, Operator.opcode_index.</summary>
    public List<int> IndexScalars { get; } = new();
    /// <summary>One-byte enum fields: LiteTensor.type, Operator.builtin_options_type, OperatorCode.deprecated_builtin_code.</summary>
    public List<int> ByteScalars { get; } = new();
    /// <summary>OperatorCode.builtin_code and version (int32).</summary>
    public List<int> CodeFields { get; } = new();
    /// <summary>Fields of builtin options, quantization, sparsity, buffer and signature tables (size unknown).</summary>
    public List<int> ScalarFields { get; } = new();
    /// <summary>Constant data: (start, length) of Buffer.data and custom options vectors.</summary>
    public List<(int Start, int Length)> DataRanges { get; } = new();

    public int Count => Tables.Count + OffsetFields.Count + ShapeElements.Count + IndexElements.Count + ScalarFields.Count;

    public static FlatBufferMap Build(ReadOnlySpan<byte> bytes)
    {
        var map = new FlatBufferMap();
        var w = new Walker(bytes.ToArray(), map);
        try
        {
            w.WalkModel();
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException or InvalidOperationException)
        {
            // Partial map of a malformed seed.
        }
        return map;
    }

    private sealed class Walker(byte[] b, FlatBufferMap m)
    {
        private readonly HashSet<int> _visited = new();
        private int _work;

        private bool In(long pos, long len) => pos >= 0 && len >= 0 && pos + len <= b.Length;
        private int I32(int p) => In(p, 4) ? BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(p)) : throw new InvalidOperationException();
        private uint U32(int p) => (uint)I32(p);
        private int U16(int p) => In(p, 2) ? BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(p)) : throw new InvalidOperationException();

        /// <summary>Records the table at <paramref name="pos"/>; false when it is out of range or seen.</summary>
        private bool Table(int pos)
        {
            if (!In(pos, 4) || ++_work > 200_000) return false;
            long vt = (long)pos - I32(pos);
            if (!In(vt, 4)) return false;
            int vtable = (int)vt;
            int vtSize = U16(vtable);
            if (vtSize < 4 || !In(vtable, vtSize)) return false;
            if (!_visited.Add(pos)) return false;
            m.Tables.Add(pos);
            if (!m.VTables.Contains(vtable))
            {
                m.VTables.Add(vtable);
                for (int e = vtable + 4; e + 2 <= vtable + vtSize; e += 2) m.VTableEntries.Add(e);
            }
            return true;
        }

        /// <summary>Absolute position of field <paramref name="slot"/> of the table at <paramref name="pos"/>, or -1.</summary>
        private int Field(int pos, int slot)
        {
            int vtable = pos - I32(pos);
            int vtSize = U16(vtable);
            int entry = 4 + 2 * slot;
            if (entry + 2 > vtSize) return -1;
            int off = U16(vtable + entry);
            return off == 0 || !In(pos + off, 1) ? -1 : pos + off;
        }

        private int Deref(int field)
        {
            if (field < 0 || !In(field, 4)) return -1;
            long target = field + (long)U32(field);
            if (!In(target, 4)) return -1;
            m.OffsetFields.Add(field);
            return (int)target;
        }

        /// <summary>The vector of field <paramref name="slot"/>: position of its first element and its length.</summary>
        private (int Start, int Count) Vector(int table, int slot, int elemSize)
        {
            int v = Deref(Field(table, slot));
            if (v < 0) return (-1, 0);
            long n = U32(v);
            if (!In(v + 4L, n * elemSize)) return (-1, 0);
            m.VectorLengths.Add(v);
            return (v + 4, (int)n);
        }

        private void Elements(int table, int slot, List<int> into)
        {
            var (start, n) = Vector(table, slot, 4);
            for (int i = 0; i < n; i++) into.Add(start + 4 * i);
        }

        private IEnumerable<int> Tables(int table, int slot)
        {
            var (start, n) = Vector(table, slot, 4);
            for (int i = 0; i < n; i++)
            {
                int t = Deref(start + 4 * i);
                if (t >= 0 && Table(t)) yield return t;
            }
        }

        private void Scalar(int table, int slot, List<int> into)
        {
            int f = Field(table, slot);
            if (f >= 0) into.Add(f);
        }

        /// <summary>A table whose layout the map does not model: every field is a scalar target.</summary>
        private void Generic(int table, int slotCount)
        {
            for (int s = 0; s < slotCount; s++) Scalar(table, s, m.ScalarFields);
        }

        private void GenericRef(int table, int slot, int slotCount)
        {
            int t = Deref(Field(table, slot));
            if (t >= 0 && Table(t)) Generic(t, slotCount);
        }

        public void WalkModel()
        {
            int root = Deref(0);
            if (root < 0 || !Table(root)) return;
            Scalar(root, 0, m.ScalarFields); // version
            foreach (int oc in Tables(root, 1))
            {
                Scalar(oc, 0, m.ByteScalars);
                Vector(oc, 1, 1); // custom_code
                Scalar(oc, 2, m.CodeFields);
                Scalar(oc, 3, m.CodeFields);
            }
            foreach (int sg in Tables(root, 2))
            {
                foreach (int t in Tables(sg, 0))
                {
                    Elements(t, 0, m.ShapeElements);
                    Scalar(t, 1, m.ByteScalars);
                    Scalar(t, 2, m.IndexScalars);
                    Vector(t, 3, 1); // name
                    int q = Deref(Field(t, 4));
                    if (q >= 0 && Table(q))
                    {
                        Generic(q, 7);
                        foreach (int s in new[] { 0, 1, 2 }) Elements(q, s, m.ScalarFields); // min, max, scale
                    }
                    Scalar(t, 5, m.ByteScalars);
                    int sp = Deref(Field(t, 6));
                    if (sp >= 0 && Table(sp))
                    {
                        Elements(sp, 0, m.IndexElements); // traversal_order
                        Elements(sp, 1, m.IndexElements); // block_map
                        foreach (int dm in Tables(sp, 2))
                        {
                            Generic(dm, 6);
                            foreach (int slot in new[] { 3, 5 })
                            {
                                int iv = Deref(Field(dm, slot));
                                if (iv >= 0 && Table(iv)) Elements(iv, 0, m.IndexElements);
                            }
                        }
                    }
                    Elements(t, 7, m.ShapeElements);
                }
                Elements(sg, 1, m.IndexElements);
                Elements(sg, 2, m.IndexElements);
                foreach (int op in Tables(sg, 3))
                {
                    Scalar(op, 0, m.IndexScalars);
                    Elements(op, 1, m.IndexElements);
                    Elements(op, 2, m.IndexElements);
                    Scalar(op, 3, m.ByteScalars);
                    GenericRef(op, 4, 16);
                    var (co, n) = Vector(op, 5, 1);
                    if (co >= 0 && n > 0) m.DataRanges.Add((co, n));
                    Elements(op, 8, m.IndexElements);
                    Scalar(op, 11, m.ByteScalars);
                    GenericRef(op, 12, 16);
                }
                Vector(sg, 4, 1); // name
            }
            foreach (int buf in Tables(root, 4))
            {
                var (data, n) = Vector(buf, 0, 1);
                if (data >= 0 && n > 0) m.DataRanges.Add((data, n));
                Scalar(buf, 1, m.ScalarFields);
                Scalar(buf, 2, m.ScalarFields);
            }
            foreach (int md in Tables(root, 6)) Generic(md, 2);
            foreach (int sig in Tables(root, 7))
            {
                foreach (int tm in Tables(sig, 0)) Generic(tm, 2);
                foreach (int tm in Tables(sig, 1)) Generic(tm, 2);
                Generic(sig, 5);
            }
        }
    }
}
