namespace ManagedLite.Schema;

/// <summary>Storage facts about <see cref="TensorType"/> values used by the model checks.</summary>
internal static class TensorTypeInfo
{
    public const int MaxValue = (int)TensorType.BFloat16;

    /// <summary>Bytes per element for fixed-size types; 0 for STRING, RESOURCE and VARIANT. INT4 reports 1 (see <see cref="IsPacked4Bit"/>).</summary>
    public static int ElementSize(TensorType type) => type switch
    {
        TensorType.Float32 or TensorType.Int32 or TensorType.UInt32 => 4,
        TensorType.Float16 or TensorType.Int16 or TensorType.UInt16 or TensorType.BFloat16 => 2,
        TensorType.UInt8 or TensorType.Int8 or TensorType.Bool or TensorType.Int4 => 1,
        TensorType.Int64 or TensorType.UInt64 or TensorType.Float64 or TensorType.Complex64 => 8,
        TensorType.Complex128 => 16,
        _ => 0,
    };

    public static bool IsPacked4Bit(TensorType type) => type == TensorType.Int4;
}
