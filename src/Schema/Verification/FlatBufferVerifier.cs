using System.Buffers.Binary;
using ManagedLite.Schema.Generated;

namespace ManagedLite.Schema.Verification;

/// <summary>
/// Structural check of a FlatBuffer against a generated layout (<see cref="SchemaLayout"/> for models,
/// <c>MetadataSchemaLayout</c> for TFLite metadata): every table, vtable, offset, vector, string and union
/// reachable from the root lies inside the given bytes. Nothing is read from the buffer before this pass succeeds. Semantic checks (indices, shapes, sizes) are done by
/// <see cref="ModelReader"/> afterwards. Positions are relative to the start of the span.
/// </summary>
internal ref struct FlatBufferVerifier
{
    private const int MaxDepth = 32;

    private readonly ReadOnlySpan<byte> _buf;
    private readonly WorkBudget _budget;
    private readonly TableLayout[] _tables;
    private readonly UnionLayout[] _unions;
    private readonly string _what;
    private readonly string[] _names;
    private readonly int[] _indices;
    private int _depth;
    private long _end;

    private FlatBufferVerifier(ReadOnlySpan<byte> buf, WorkBudget budget, TableLayout[] tables, UnionLayout[] unions, string what)
    {
        _buf = buf;
        _budget = budget;
        _tables = tables;
        _unions = unions;
        _what = what;
        _names = new string[MaxDepth];
        _indices = new int[MaxDepth];
        _depth = 0;
        _end = 8;
    }

    /// <summary>
    /// Verifies the buffer whose root table is <paramref name="rootTable"/> and returns the end of the
    /// FlatBuffer: one past the highest byte that any table, vtable, vector or string occupies.
    /// </summary>
    public static int Verify(ReadOnlySpan<byte> buf, int rootTable, WorkBudget budget) =>
        Verify(buf, SchemaLayout.Tables, SchemaLayout.Unions, rootTable, budget, "model");

    /// <summary>
    /// Verifies a FlatBuffer of another schema (<paramref name="tables"/>, <paramref name="unions"/>); error paths
    /// start with <paramref name="what"/> (for example "metadata").
    /// </summary>
    public static int Verify(ReadOnlySpan<byte> buf, TableLayout[] tables, UnionLayout[] unions, int rootTable, WorkBudget budget, string what)
    {
        var v = new FlatBufferVerifier(buf, budget, tables, unions, what);
        if (buf.Length < 8)
            throw new ModelFormatException($"{(what == "model" ? "file" : what)}: {buf.Length} bytes is too short for a FlatBuffer (root offset and file identifier need 8)");
        int root = v.Deref(0);
        v.VerifyTable(root, rootTable);
        return (int)v._end;
    }

    private void VerifyTable(int pos, int tableId)
    {
        TableLayout layout = _tables[tableId];
        FieldLayout[] fields = layout.Fields;
        _budget.Spend(1 + fields.Length, _what);
        if (pos > _buf.Length - 4)
            Fail($"{layout.Name} table at {pos} runs past the end of the file ({_buf.Length} bytes)");
        int soffset = BinaryPrimitives.ReadInt32LittleEndian(_buf.Slice(pos));
        long vt = (long)pos - soffset;
        if (vt < 0 || vt > _buf.Length - 4)
            Fail($"{layout.Name} table at {pos} has its vtable at {vt}, outside the file");
        int vtable = (int)vt;
        int vtSize = BinaryPrimitives.ReadUInt16LittleEndian(_buf.Slice(vtable));
        int tableSize = BinaryPrimitives.ReadUInt16LittleEndian(_buf.Slice(vtable + 2));
        if (vtSize < 4 || (vtSize & 1) != 0 || vtSize >= 0x8000 || vtable + (long)vtSize > _buf.Length)
            Fail($"{layout.Name} table at {pos} has an invalid vtable (size {vtSize} at {vtable})");
        if (tableSize < 4 || pos + (long)tableSize > _buf.Length)
            Fail($"{layout.Name} table at {pos} of {tableSize} bytes runs past the end of the file");
        Extend(vtable + (long)vtSize);
        Extend(pos + (long)tableSize);

        foreach (FieldLayout f in fields)
        {
            int off = FieldOffset(vtable, vtSize, f.Slot);
            if (off == 0)
                continue;
            Push(f.Name, -1);
            int width = f.Kind == FieldKind.Scalar || f.Kind == FieldKind.Union ? f.Size : 4;
            if (off >= 0x8000 || off + width > tableSize)
                Fail($"field at offset {off} (+{width} bytes) lies outside its {layout.Name} table of {tableSize} bytes");
            int at = pos + off;
            switch (f.Kind)
            {
                case FieldKind.Scalar:
                    break;
                case FieldKind.String:
                    VerifyString(Deref(at));
                    break;
                case FieldKind.Table:
                    VerifyTable(Deref(at), f.Ref);
                    break;
                case FieldKind.VectorOfScalars:
                    VerifyVector(Deref(at), f.Size);
                    break;
                case FieldKind.VectorOfStrings:
                {
                    int v = Deref(at);
                    int n = VerifyVector(v, 4);
                    _budget.Spend(n, _what);
                    for (int i = 0; i < n; i++)
                    {
                        _indices[_depth - 1] = i;
                        VerifyString(Deref(v + 4 + 4 * i));
                    }
                    break;
                }
                case FieldKind.VectorOfTables:
                {
                    int v = Deref(at);
                    int n = VerifyVector(v, 4);
                    _budget.Spend(n, _what);
                    for (int i = 0; i < n; i++)
                    {
                        _indices[_depth - 1] = i;
                        VerifyTable(Deref(v + 4 + 4 * i), f.Ref);
                    }
                    break;
                }
                case FieldKind.Union:
                    VerifyUnion(pos, vtable, vtSize, tableSize, f, _buf[at]);
                    break;
            }
            Pop();
        }
    }

    private void VerifyUnion(int pos, int vtable, int vtSize, int tableSize, FieldLayout f, byte type)
    {
        UnionLayout union = _unions[f.Ref];
        if (type == 0)
            return;
        if (type > union.Members.Length)
            Fail($"unknown {union.Name} type {type} (known: 1..{union.Members.Length})");
        int valueOff = FieldOffset(vtable, vtSize, f.Slot + 1);
        if (valueOff == 0)
            return; // type without value: treated as absent, as FlatBuffers does
        if (valueOff >= 0x8000 || valueOff + 4 > tableSize)
            Fail($"union value at offset {valueOff} lies outside its table of {tableSize} bytes");
        int member = union.Members[type - 1];
        _names[_depth - 1] = f.Name + "(" + _tables[member].Name + ")";
        VerifyTable(Deref(pos + valueOff), member);
    }

    private int FieldOffset(int vtable, int vtSize, int slot)
    {
        int entry = 4 + 2 * slot;
        return entry + 2 <= vtSize ? BinaryPrimitives.ReadUInt16LittleEndian(_buf.Slice(vtable + entry)) : 0;
    }

    /// <summary>Follows the uoffset stored at <paramref name="at"/> (which is known to be in bounds).</summary>
    private int Deref(int at)
    {
        uint rel = BinaryPrimitives.ReadUInt32LittleEndian(_buf.Slice(at));
        long target = at + (long)rel;
        if (target >= _buf.Length)
            Fail($"offset {rel} at {at} points to {target}, outside the file ({_buf.Length} bytes)");
        return (int)target;
    }

    private int VerifyVector(int v, int elemSize)
    {
        if (v > _buf.Length - 4)
            Fail($"vector at {v} runs past the end of the file ({_buf.Length} bytes)");
        uint n = BinaryPrimitives.ReadUInt32LittleEndian(_buf.Slice(v));
        long end = v + 4L + (long)n * elemSize;
        if (end > _buf.Length)
            Fail($"vector at {v} of {n} elements x {elemSize} bytes runs past the end of the file ({_buf.Length} bytes)");
        Extend(end);
        return (int)n;
    }

    private void VerifyString(int s)
    {
        int n = VerifyVector(s, 1);
        long terminator = s + 4L + n;
        if (terminator >= _buf.Length || _buf[(int)terminator] != 0)
            Fail($"string at {s} of {n} bytes is not null-terminated inside the file");
        Extend(terminator + 1);
    }

    private void Extend(long end)
    {
        if (end > _end)
            _end = end;
    }

    private void Push(string name, int index)
    {
        // The schema is not recursive, so the depth is bounded by its nesting (about 8).
        if (_depth == MaxDepth)
            Fail("tables nested too deeply");
        _names[_depth] = name;
        _indices[_depth] = index;
        _depth++;
    }

    private void Pop() => _depth--;

    private readonly string Path()
    {
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < _depth; i++)
        {
            if (i > 0)
                sb.Append('.');
            sb.Append(_names[i]);
            if (_indices[i] >= 0)
                sb.Append('[').Append(_indices[i]).Append(']');
        }
        return sb.Length == 0 ? _what : _what == "model" ? sb.ToString() : _what + "." + sb.ToString();
    }

    private readonly void Fail(string message) => throw new ModelFormatException(Path() + ": " + message);
}
