using System.Buffers.Binary;
using System.Text;
using ManagedLite.Schema.Verification;

namespace ManagedLite.Schema;

public static partial class ModelReader
{
    /// <summary>
    /// Positional access to the verified FlatBuffer, and the decode-once caches. Every position is absolute in
    /// <see cref="_array"/> (the generated accessors' convention). Strings and vectors are decoded once per
    /// position, whatever the number of offsets that reach them, and each decode is charged to the work budget
    /// (see <see cref="WorkBudget"/>).
    /// </summary>
    private sealed partial class Reader : IOptionsDecoder
    {
        private readonly Dictionary<int, string> _strings = [];
        private readonly Dictionary<int, uint[]> _uint32s = [];
        private readonly Dictionary<int, bool[]> _bools = [];
        private readonly Dictionary<int, int[]> _int32s = [];
        private readonly Dictionary<int, int[]> _uint16s = []; // widened to int
        private readonly Dictionary<int, int[]> _uint8s = [];  // widened to int
        private readonly Dictionary<int, long[]> _int64s = [];
        private readonly Dictionary<int, float[]> _floats = [];

        private int I32(int pos) => BinaryPrimitives.ReadInt32LittleEndian(_array.AsSpan(pos));
        private int U16(int pos) => BinaryPrimitives.ReadUInt16LittleEndian(_array.AsSpan(pos));

        /// <summary>Absolute position of field <paramref name="slot"/> of the table at <paramref name="table"/>, or 0 when absent.</summary>
        private int Field(int table, int slot)
        {
            int vtable = table - I32(table);
            int entry = 4 + 2 * slot;
            if (entry + 2 > U16(vtable))
                return 0;
            int offset = U16(vtable + entry);
            return offset == 0 ? 0 : table + offset;
        }

        /// <summary>Position of the table, vector or string that field <paramref name="slot"/> points to, or 0 when absent.</summary>
        private int Ref(int table, int slot)
        {
            int f = Field(table, slot);
            return f == 0 ? 0 : f + I32(f);
        }

        /// <summary>Element count of the vector at <paramref name="vector"/> (0 for an absent vector).</summary>
        private int Length(int vector) => vector == 0 ? 0 : I32(vector);

        /// <summary>Position of the table that element <paramref name="i"/> of a vector of tables points to.</summary>
        private int Element(int vector, int i)
        {
            int at = vector + 4 + 4 * i;
            return at + I32(at);
        }

        /// <summary>The bytes of a vector of bytes (a slice of the model, no copy); empty when absent.</summary>
        private ReadOnlyMemory<byte> Bytes(int vector) => vector == 0 ? ReadOnlyMemory<byte>.Empty : _bytes.Slice(vector + 4 - _base, Length(vector));

        private void Charge(long units, string where) => _budget.Spend(units, where);

        /// <summary>The string field, decoded once per position; "" when absent.</summary>
        private string String(int table, int slot, string where) => StringAt(Ref(table, slot), where) ?? "";

        /// <summary>The string at <paramref name="s"/> (0: null), decoded once per position and charged 2 bytes a character.</summary>
        private string? StringAt(int s, string where)
        {
            if (s == 0)
                return null;
            if (_strings.TryGetValue(s, out string? cached))
                return cached;
            int n = I32(s);
            Charge(2L * n + WorkBudget.ObjectCost, where);
            string value = Encoding.UTF8.GetString(_array, s + 4, n);
            _strings.Add(s, value);
            return value;
        }

        /// <summary>The [int] vector at <paramref name="v"/> (0: null), decoded once per position.</summary>
        private int[]? Int32sAt(int v, string where)
        {
            if (v == 0)
                return null;
            if (_int32s.TryGetValue(v, out int[]? cached))
                return cached;
            int n = I32(v);
            Charge(4L * n + WorkBudget.ObjectCost, where);
            var values = n == 0 ? [] : new int[n];
            for (int i = 0; i < n; i++)
                values[i] = I32(v + 4 + 4 * i);
            _int32s.Add(v, values);
            return values;
        }

        /// <summary>The [ushort] vector at <paramref name="v"/>, widened to int, decoded once per position.</summary>
        private int[] UInt16sAt(int v, string where)
        {
            if (_uint16s.TryGetValue(v, out int[]? cached))
                return cached;
            int n = I32(v);
            Charge(4L * n + WorkBudget.ObjectCost, where);
            var values = n == 0 ? [] : new int[n];
            for (int i = 0; i < n; i++)
                values[i] = U16(v + 4 + 2 * i);
            _uint16s.Add(v, values);
            return values;
        }

        /// <summary>The [ubyte] vector at <paramref name="v"/>, widened to int, decoded once per position.</summary>
        private int[] UInt8sAt(int v, string where)
        {
            if (_uint8s.TryGetValue(v, out int[]? cached))
                return cached;
            int n = I32(v);
            Charge(4L * n + WorkBudget.ObjectCost, where);
            var values = n == 0 ? [] : new int[n];
            for (int i = 0; i < n; i++)
                values[i] = _array[v + 4 + i];
            _uint8s.Add(v, values);
            return values;
        }

        /// <summary>The [long] vector at <paramref name="v"/> (0: null), decoded once per position.</summary>
        private long[]? Int64sAt(int v, string where)
        {
            if (v == 0)
                return null;
            if (_int64s.TryGetValue(v, out long[]? cached))
                return cached;
            int n = I32(v);
            Charge(8L * n + WorkBudget.ObjectCost, where);
            var values = n == 0 ? [] : new long[n];
            for (int i = 0; i < n; i++)
                values[i] = BinaryPrimitives.ReadInt64LittleEndian(_array.AsSpan(v + 4 + 8 * i));
            _int64s.Add(v, values);
            return values;
        }

        /// <summary>The [float] vector at <paramref name="v"/> (0: null), decoded once per position.</summary>
        private float[]? FloatsAt(int v, string where)
        {
            if (v == 0)
                return null;
            if (_floats.TryGetValue(v, out float[]? cached))
                return cached;
            int n = I32(v);
            Charge(4L * n + WorkBudget.ObjectCost, where);
            var values = n == 0 ? [] : new float[n];
            for (int i = 0; i < n; i++)
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(_array.AsSpan(v + 4 + 4 * i));
            _floats.Add(v, values);
            return values;
        }

        /// <summary>The [uint] vector at <paramref name="v"/> (0: null), decoded once per position.</summary>
        private uint[]? UInt32sAt(int v, string where)
        {
            if (v == 0)
                return null;
            if (_uint32s.TryGetValue(v, out uint[]? cached))
                return cached;
            int n = I32(v);
            Charge(4L * n + WorkBudget.ObjectCost, where);
            var values = n == 0 ? [] : new uint[n];
            for (int i = 0; i < n; i++)
                values[i] = BinaryPrimitives.ReadUInt32LittleEndian(_array.AsSpan(v + 4 + 4 * i));
            _uint32s.Add(v, values);
            return values;
        }

        /// <summary>The [bool] vector at <paramref name="v"/> (0: null), decoded once per position (any non-zero byte is true).</summary>
        private bool[]? BoolsAt(int v, string where)
        {
            if (v == 0)
                return null;
            if (_bools.TryGetValue(v, out bool[]? cached))
                return cached;
            int n = I32(v);
            Charge(n + WorkBudget.ObjectCost, where);
            var values = n == 0 ? [] : new bool[n];
            for (int i = 0; i < n; i++)
                values[i] = _array[v + 4 + i] != 0;
            _bools.Add(v, values);
            return values;
        }

        int IOptionsDecoder.Ref(int table, int slot) => Ref(table, slot);
        int[]? IOptionsDecoder.Int32s(int vector, string where) => Int32sAt(vector, where);
        uint[]? IOptionsDecoder.UInt32s(int vector, string where) => UInt32sAt(vector, where);
        long[]? IOptionsDecoder.Int64s(int vector, string where) => Int64sAt(vector, where);
        float[]? IOptionsDecoder.Floats(int vector, string where) => FloatsAt(vector, where);
        bool[]? IOptionsDecoder.Bools(int vector, string where) => BoolsAt(vector, where);
        string? IOptionsDecoder.String(int position, string where) => StringAt(position, where);
        ReadOnlyMemory<byte> IOptionsDecoder.Bytes(int vector) => Bytes(vector);

        /// <summary>The table at <paramref name="pos"/> as a generated accessor (for its scalar fields).</summary>
        private T Table<T>(int pos) where T : struct, Google.FlatBuffers.IFlatbufferObject
        {
            T t = default;
            t.__init(pos, _bb);
            return t;
        }

        /// <summary>The union value of a table: (type, position of the value table or 0).</summary>
        private (int Type, int Position) Union(int table, int typeSlot)
        {
            int f = Field(table, typeSlot);
            int type = f == 0 ? 0 : _array[f];
            return (type, type == 0 ? 0 : Ref(table, typeSlot + 1));
        }
    }
}
