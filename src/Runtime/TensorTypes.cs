using ManagedLite.Schema;

namespace ManagedLite;

/// <summary>Sizes and CLR element types of tensor types.</summary>
public static class TensorTypes
{
    /// <summary>Bytes per element, or 0 for types without a fixed size (string, resource, variant, int4).</summary>
    public static int ElementSize(TensorType type) => type switch
    {
        TensorType.Float32 or TensorType.Int32 or TensorType.UInt32 => 4,
        TensorType.Float16 or TensorType.Int16 or TensorType.UInt16 or TensorType.BFloat16 => 2,
        TensorType.UInt8 or TensorType.Int8 or TensorType.Bool => 1,
        TensorType.Int64 or TensorType.UInt64 or TensorType.Float64 or TensorType.Complex64 => 8,
        TensorType.Complex128 => 16,
        _ => 0,
    };

    /// <summary>True when <typeparamref name="T"/> is the CLR element type of <paramref name="type"/>.</summary>
    public static bool Matches<T>(TensorType type) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return type == TensorType.Float32;
        if (typeof(T) == typeof(sbyte)) return type == TensorType.Int8;
        if (typeof(T) == typeof(byte)) return type == TensorType.UInt8 || type == TensorType.Bool;
        if (typeof(T) == typeof(short)) return type == TensorType.Int16;
        if (typeof(T) == typeof(int)) return type == TensorType.Int32;
        if (typeof(T) == typeof(long)) return type == TensorType.Int64;
        if (typeof(T) == typeof(bool)) return type == TensorType.Bool;
        if (typeof(T) == typeof(Half)) return type == TensorType.Float16;
        if (typeof(T) == typeof(double)) return type == TensorType.Float64;
        if (typeof(T) == typeof(ushort)) return type == TensorType.UInt16 || type == TensorType.Float16 || type == TensorType.BFloat16;
        if (typeof(T) == typeof(uint)) return type == TensorType.UInt32;
        if (typeof(T) == typeof(ulong)) return type == TensorType.UInt64;
        return false;
    }

    /// <summary>Name used in messages and in NumPy files ("float32", "int8", ...).</summary>
    public static string Name(TensorType type) => type switch
    {
        TensorType.Float32 => "float32",
        TensorType.Float16 => "float16",
        TensorType.Float64 => "float64",
        TensorType.Int8 => "int8",
        TensorType.UInt8 => "uint8",
        TensorType.Int16 => "int16",
        TensorType.UInt16 => "uint16",
        TensorType.Int32 => "int32",
        TensorType.UInt32 => "uint32",
        TensorType.Int64 => "int64",
        TensorType.UInt64 => "uint64",
        TensorType.Bool => "bool",
        _ => type.ToString().ToLowerInvariant(),
    };
}
