namespace ManagedLite.Schema;

/// <summary>Element type of a tensor; values match TFLite's schema <c>TensorType</c>.</summary>
public enum TensorType : sbyte
{
    Float32 = 0,
    Float16 = 1,
    Int32 = 2,
    UInt8 = 3,
    Int64 = 4,
    String = 5,
    Bool = 6,
    Int16 = 7,
    Complex64 = 8,
    Int8 = 9,
    Float64 = 10,
    Complex128 = 11,
    UInt64 = 12,
    Resource = 13,
    Variant = 14,
    UInt32 = 15,
    UInt16 = 16,
    /// <summary>4-bit signed integer, two per byte (first element in the low nibble).</summary>
    Int4 = 17,
    BFloat16 = 18,
    /// <summary>2-bit signed integer, four per byte (first element in the lowest bits).</summary>
    Int2 = 19,
    /// <summary>4-bit unsigned integer, two per byte (first element in the low nibble).</summary>
    UInt4 = 20,
    /// <summary>8-bit float, 4 exponent and 3 mantissa bits, finite (no infinities).</summary>
    Float8E4M3FN = 21,
    /// <summary>8-bit float, 5 exponent and 2 mantissa bits.</summary>
    Float8E5M2 = 22,
}
