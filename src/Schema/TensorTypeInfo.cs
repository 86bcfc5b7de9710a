namespace ManagedLite.Schema;

/// <summary>Storage facts about <see cref="TensorType"/> values: element sizes and packed sub-byte sizes.</summary>
public static class TensorTypeInfo
{
    /// <summary>The largest <see cref="TensorType"/> value of the schema.</summary>
    public const int MaxValue = (int)TensorType.Float8E5M2;

    /// <summary>True when <paramref name="value"/> is a <see cref="TensorType"/> of the schema.</summary>
    public static bool IsDefined(int value) => value >= 0 && value <= MaxValue;

    /// <summary>
    /// Bits per element of fixed-size types (4 for INT4/UINT4, 2 for INT2, 8 for BOOL and FLOAT8); 0 for
    /// STRING, RESOURCE and VARIANT, whose elements have no fixed size.
    /// </summary>
    public static int BitsPerElement(TensorType type) => type switch
    {
        TensorType.Float32 or TensorType.Int32 or TensorType.UInt32 => 32,
        TensorType.Float16 or TensorType.Int16 or TensorType.UInt16 or TensorType.BFloat16 => 16,
        TensorType.UInt8 or TensorType.Int8 or TensorType.Bool or TensorType.Float8E4M3FN or TensorType.Float8E5M2 => 8,
        TensorType.Int64 or TensorType.UInt64 or TensorType.Float64 or TensorType.Complex64 => 64,
        TensorType.Complex128 => 128,
        TensorType.Int4 or TensorType.UInt4 => 4,
        TensorType.Int2 => 2,
        _ => 0,
    };

    /// <summary>
    /// Bytes per element when each element takes whole bytes: the sub-byte types (INT4, UINT4, INT2) report 1,
    /// their unpacked size (see <see cref="IsSubByte"/> and <see cref="PackedByteCount"/>); 0 for STRING,
    /// RESOURCE and VARIANT.
    /// </summary>
    public static int ElementSize(TensorType type) => (BitsPerElement(type) + 7) / 8;

    /// <summary>True for the types packed several to a byte in constant buffers: INT4, UINT4 (two) and INT2 (four).</summary>
    public static bool IsSubByte(TensorType type) => BitsPerElement(type) is > 0 and < 8;

    /// <summary>
    /// Bytes that <paramref name="elements"/> elements of <paramref name="type"/> take densely packed
    /// (ceil(elements x bits / 8), as TFLite's BytesRequired); -1 for STRING, RESOURCE and VARIANT.
    /// </summary>
    public static long PackedByteCount(TensorType type, long elements)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(elements);
        int bits = BitsPerElement(type);
        if (bits == 0)
            return -1;
        if (bits >= 8)
            return checked(elements * (bits / 8));
        int perByte = 8 / bits;
        return elements / perByte + (elements % perByte == 0 ? 0 : 1);
    }
}
