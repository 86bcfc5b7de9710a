using System.Buffers.Binary;
using System.Text;

namespace ManagedLite.Schema.FlexBuffers;

/// <summary>
/// One value of a FlexBuffer: where it is stored, the width of the slot holding it (the parent's width), the
/// width of the data it points to and its type. Every read is bounds-checked against the buffer; a value that
/// points outside it, or has an impossible width, raises <see cref="ModelFormatException"/>.
/// </summary>
public readonly struct FlexBufferValue
{
    private readonly ReadOnlyMemory<byte> _buffer;
    private readonly int _offset;
    private readonly int _parentWidth;

    internal FlexBufferValue(ReadOnlyMemory<byte> buffer, int offset, int parentWidth, byte packedType)
    {
        _buffer = buffer;
        _offset = offset;
        _parentWidth = parentWidth;
        Type = (FlexBufferType)(packedType >> 2);
        ByteWidth = 1 << (packedType & 3);
    }

    public FlexBufferType Type { get; }

    /// <summary>Width in bytes of the data an offset value points to (elements of a vector, a map's values).</summary>
    public int ByteWidth { get; }

    /// <summary>True for the types stored in the parent's slot itself (null, int, uint, float, bool).</summary>
    public bool IsInline => Type is <= FlexBufferType.Float or FlexBufferType.Bool;

    public bool IsMap => Type == FlexBufferType.Map;

    public bool IsTypedVector => Type is >= FlexBufferType.VectorInt and <= FlexBufferType.VectorStringDeprecated
        or FlexBufferType.VectorBool;

    public bool IsFixedTypedVector => Type is >= FlexBufferType.VectorInt2 and <= FlexBufferType.VectorFloat4;

    public bool IsVector => Type is FlexBufferType.Vector or FlexBufferType.Map || IsTypedVector || IsFixedTypedVector;

    /// <summary>The value as a signed 64-bit integer (int, uint, bool, float truncated, or their indirect forms).</summary>
    public long AsInt64()
    {
        var span = _buffer.Span;
        return Type switch
        {
            FlexBufferType.Null => 0,
            FlexBufferType.Int => ReadInt(span, _offset, _parentWidth),
            FlexBufferType.UInt or FlexBufferType.Bool => unchecked((long)ReadUInt(span, _offset, _parentWidth)),
            FlexBufferType.Float => DoubleToInt64(ReadDouble(span, _offset, _parentWidth)),
            FlexBufferType.IndirectInt => ReadInt(span, Indirect(span), ByteWidth),
            FlexBufferType.IndirectUInt => unchecked((long)ReadUInt(span, Indirect(span), ByteWidth)),
            FlexBufferType.IndirectFloat => DoubleToInt64(ReadDouble(span, Indirect(span), ByteWidth)),
            _ => throw new ModelFormatException($"flexbuffer: expected an integer, found {Type}"),
        };
    }

    /// <summary>The value as a 32-bit integer; a value outside the int32 range is an error.</summary>
    public int AsInt32()
    {
        long v = AsInt64();
        if (v < int.MinValue || v > int.MaxValue)
            throw new ModelFormatException($"flexbuffer: integer {v} does not fit in 32 bits");
        return (int)v;
    }

    public bool AsBool() => Type switch
    {
        FlexBufferType.Float or FlexBufferType.IndirectFloat => AsDouble() != 0,
        _ => AsInt64() != 0,
    };

    public double AsDouble()
    {
        var span = _buffer.Span;
        return Type switch
        {
            FlexBufferType.Null => 0,
            FlexBufferType.Int => ReadInt(span, _offset, _parentWidth),
            FlexBufferType.UInt or FlexBufferType.Bool => ReadUInt(span, _offset, _parentWidth),
            FlexBufferType.Float => ReadDouble(span, _offset, _parentWidth),
            FlexBufferType.IndirectInt => ReadInt(span, Indirect(span), ByteWidth),
            FlexBufferType.IndirectUInt => ReadUInt(span, Indirect(span), ByteWidth),
            FlexBufferType.IndirectFloat => ReadDouble(span, Indirect(span), ByteWidth),
            _ => throw new ModelFormatException($"flexbuffer: expected a number, found {Type}"),
        };
    }

    /// <summary>The text of a string or key value.</summary>
    public string AsString()
    {
        var span = _buffer.Span;
        if (Type == FlexBufferType.Key) return ReadKey(span, Indirect(span));
        if (Type != FlexBufferType.String) throw new ModelFormatException($"flexbuffer: expected a string, found {Type}");
        int target = Indirect(span);
        long length = (long)ReadUInt(span, target - ByteWidth, ByteWidth);
        CheckRange(span, target, length);
        return Encoding.UTF8.GetString(span.Slice(target, (int)length));
    }

    /// <summary>Number of elements of a vector or map value.</summary>
    public int Length
    {
        get
        {
            var span = _buffer.Span;
            if (IsFixedTypedVector) return FixedLength(Type);
            if (!IsVector) throw new ModelFormatException($"flexbuffer: expected a vector, found {Type}");
            int target = Indirect(span);
            return VectorLength(span, target, ByteWidth, hasTypeBytes: Type is FlexBufferType.Vector or FlexBufferType.Map);
        }
    }

    /// <summary>Element <paramref name="index"/> of a vector (typed, fixed-size or untyped) or of a map's values.</summary>
    public FlexBufferValue this[int index]
    {
        get
        {
            var span = _buffer.Span;
            int length = Length;
            if ((uint)index >= (uint)length)
                throw new ModelFormatException($"flexbuffer: index {index} outside a vector of {length}");
            int target = Indirect(span);
            long elementOffset = target + (long)index * ByteWidth;
            CheckRange(span, elementOffset, ByteWidth);
            if (Type is FlexBufferType.Vector or FlexBufferType.Map)
            {
                long typePos = target + (long)length * ByteWidth + index;
                CheckRange(span, typePos, 1);
                return new FlexBufferValue(_buffer, (int)elementOffset, ByteWidth, span[(int)typePos]);
            }
            FlexBufferType elementType = ElementTypeOf(Type);
            // Typed vectors store their elements at the vector's own width.
            byte packed = (byte)(((int)elementType << 2) | WidthCode(ByteWidth));
            return new FlexBufferValue(_buffer, (int)elementOffset, ByteWidth, packed);
        }
    }

    /// <summary>The integers of a vector value (typed int/uint/bool vectors, fixed-size ones, or an untyped vector of numbers).</summary>
    public long[] AsInt64Array()
    {
        int n = Length;
        var result = new long[n];
        for (int i = 0; i < n; i++) result[i] = this[i].AsInt64();
        return result;
    }

    /// <summary>The integers of a vector value, each of which must fit in 32 bits.</summary>
    public int[] AsInt32Array()
    {
        int n = Length;
        var result = new int[n];
        for (int i = 0; i < n; i++) result[i] = this[i].AsInt32();
        return result;
    }

    /// <summary>This value as a map.</summary>
    public FlexBufferMap AsMap()
    {
        if (Type != FlexBufferType.Map) throw new ModelFormatException($"flexbuffer: expected a map, found {Type}");
        return new FlexBufferMap(_buffer, Indirect(_buffer.Span), ByteWidth);
    }

    public override string ToString() => Type switch
    {
        FlexBufferType.Int or FlexBufferType.UInt or FlexBufferType.IndirectInt or FlexBufferType.IndirectUInt => AsInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
        FlexBufferType.Float or FlexBufferType.IndirectFloat => AsDouble().ToString(System.Globalization.CultureInfo.InvariantCulture),
        FlexBufferType.Bool => AsBool() ? "true" : "false",
        FlexBufferType.String or FlexBufferType.Key => AsString(),
        _ => Type.ToString(),
    };

    // ---- bounds-checked primitives -------------------------------------------------------------

    /// <summary>Follows the offset stored in this value's slot (offsets point backwards).</summary>
    private int Indirect(ReadOnlySpan<byte> span) => Indirect(span, _offset, _parentWidth);

    internal static int Indirect(ReadOnlySpan<byte> span, int offset, int width)
    {
        ulong delta = ReadUInt(span, offset, width);
        if (delta > (ulong)offset)
            throw new ModelFormatException($"flexbuffer: offset {delta} at byte {offset} points before the buffer");
        return offset - (int)delta;
    }

    internal static int VectorLength(ReadOnlySpan<byte> span, int target, int width, bool hasTypeBytes)
    {
        ulong length = ReadUInt(span, target - width, width);
        long bytes = (long)Math.Min(length, (ulong)int.MaxValue) * (width + (hasTypeBytes ? 1 : 0));
        if (length > int.MaxValue || target + bytes > span.Length)
            throw new ModelFormatException($"flexbuffer: vector of {length} elements at byte {target} runs past the buffer ({span.Length} bytes)");
        return (int)length;
    }

    internal static string ReadKey(ReadOnlySpan<byte> span, int offset)
    {
        if ((uint)offset >= (uint)span.Length) throw new ModelFormatException($"flexbuffer: key at byte {offset} outside the buffer");
        int end = span[offset..].IndexOf((byte)0);
        if (end < 0) throw new ModelFormatException($"flexbuffer: key at byte {offset} is not terminated");
        return Encoding.UTF8.GetString(span.Slice(offset, end));
    }

    internal static void CheckRange(ReadOnlySpan<byte> span, long offset, long length)
    {
        if (offset < 0 || length < 0 || offset + length > span.Length)
            throw new ModelFormatException($"flexbuffer: {length} bytes at byte {offset} outside the buffer ({span.Length} bytes)");
    }

    internal static ulong ReadUInt(ReadOnlySpan<byte> span, int offset, int width)
    {
        CheckRange(span, offset, width);
        var s = span.Slice(offset, width);
        return width switch
        {
            1 => s[0],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(s),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(s),
            8 => BinaryPrimitives.ReadUInt64LittleEndian(s),
            _ => throw new ModelFormatException($"flexbuffer: invalid byte width {width}"),
        };
    }

    internal static long ReadInt(ReadOnlySpan<byte> span, int offset, int width)
    {
        CheckRange(span, offset, width);
        var s = span.Slice(offset, width);
        return width switch
        {
            1 => (sbyte)s[0],
            2 => BinaryPrimitives.ReadInt16LittleEndian(s),
            4 => BinaryPrimitives.ReadInt32LittleEndian(s),
            8 => BinaryPrimitives.ReadInt64LittleEndian(s),
            _ => throw new ModelFormatException($"flexbuffer: invalid byte width {width}"),
        };
    }

    internal static double ReadDouble(ReadOnlySpan<byte> span, int offset, int width)
    {
        CheckRange(span, offset, width);
        var s = span.Slice(offset, width);
        return width switch
        {
            4 => BinaryPrimitives.ReadSingleLittleEndian(s),
            8 => BinaryPrimitives.ReadDoubleLittleEndian(s),
            _ => throw new ModelFormatException($"flexbuffer: a float cannot be {width} bytes wide"),
        };
    }

    private static long DoubleToInt64(double d)
    {
        if (double.IsNaN(d) || d < long.MinValue || d >= 9.2233720368547758e18)
            throw new ModelFormatException($"flexbuffer: float {d} is not a representable integer");
        return (long)d;
    }

    internal static int WidthCode(int width) => width switch { 1 => 0, 2 => 1, 4 => 2, _ => 3 };

    private static int FixedLength(FlexBufferType t) => t switch
    {
        >= FlexBufferType.VectorInt4 => 4,
        >= FlexBufferType.VectorInt3 => 3,
        _ => 2,
    };

    private static FlexBufferType ElementTypeOf(FlexBufferType t) => t switch
    {
        FlexBufferType.VectorInt or FlexBufferType.VectorInt2 or FlexBufferType.VectorInt3 or FlexBufferType.VectorInt4 => FlexBufferType.Int,
        FlexBufferType.VectorUInt or FlexBufferType.VectorUInt2 or FlexBufferType.VectorUInt3 or FlexBufferType.VectorUInt4 => FlexBufferType.UInt,
        FlexBufferType.VectorFloat or FlexBufferType.VectorFloat2 or FlexBufferType.VectorFloat3 or FlexBufferType.VectorFloat4 => FlexBufferType.Float,
        FlexBufferType.VectorKey => FlexBufferType.Key,
        FlexBufferType.VectorStringDeprecated => FlexBufferType.String,
        FlexBufferType.VectorBool => FlexBufferType.Bool,
        _ => throw new ModelFormatException($"flexbuffer: {t} is not a typed vector"),
    };
}
