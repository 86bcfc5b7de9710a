using ManagedLite.Kernels.Quantization;
using ManagedLite.Schema;

namespace ManagedLite.Ops;

/// <summary>Preparation helpers of the quantized element-wise paths: type ranges, per-tensor parameters, activation ranges.</summary>
internal static class QuantizedOpHelpers
{
    public static bool IsQuantizedType(TensorType t) => t is TensorType.Int8 or TensorType.UInt8 or TensorType.Int16;

    public static (int Min, int Max) TypeRange(TensorType t) => t switch
    {
        TensorType.Int8 => (sbyte.MinValue, sbyte.MaxValue),
        TensorType.UInt8 => (byte.MinValue, byte.MaxValue),
        TensorType.Int16 => (short.MinValue, short.MaxValue),
        TensorType.Int32 => (int.MinValue, int.MaxValue),
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, "not an integer type"),
    };

    /// <summary>The per-tensor (scale, zero point) of a quantized tensor; throws naming the tensor when absent.</summary>
    public static (float Scale, int ZeroPoint) Params(OpContext ctx, LiteTensor t, string role)
    {
        var q = t.Quantization;
        if (q is null || q.Scales.Count == 0)
            throw ctx.Fail($"{role} '{t.Name}' ({TensorTypes.Name(t.DataType)}) has no quantization parameters");
        return (q.Scale, q.ZeroPoint);
    }

    /// <summary>Throws unless the zero point fits the tensor's type.</summary>
    public static void ExpectZeroPointInRange(OpContext ctx, LiteTensor t, int zeroPoint, string role)
    {
        var (min, max) = TypeRange(t.DataType);
        if (zeroPoint < min || zeroPoint > max)
            throw ctx.Fail($"{role} '{t.Name}' zero point {zeroPoint} is outside the range of {TensorTypes.Name(t.DataType)}");
    }

    /// <summary>Throws unless the tensor's zero point is 0 (int16 symmetric quantization).</summary>
    public static void ExpectZeroPointZero(OpContext ctx, LiteTensor t, int zeroPoint, string role)
    {
        if (zeroPoint != 0)
            throw ctx.Fail($"{role} '{t.Name}' is int16 with zero point {zeroPoint}; int16 needs zero point 0");
    }

    /// <summary>TFLite's CalculateActivationRangeQuantized for the output.</summary>
    public static (int Min, int Max) ActivationRange(OpContext ctx, ActivationFunctionType act, LiteTensor output, float scale, int zeroPoint)
    {
        var (tmin, tmax) = TypeRange(output.DataType);
        if (!QuantizedActivationRange.TryCalculate((QuantizedActivation)act, scale, zeroPoint, tmin, tmax, out int lo, out int hi))
            throw ctx.Fail($"fused activation {act} cannot be quantized with output '{output.Name}' scale {scale}, zero point {zeroPoint}");
        return (lo, hi);
    }

    /// <summary>Runs a preparation computation, turning its argument exceptions into a failure naming the node.</summary>
    public static T Guard<T>(OpContext ctx, string what, Func<T> f)
    {
        try
        {
            return f();
        }
        catch (ArgumentException ex)
        {
            throw ctx.Fail($"{what}: {ex.Message}");
        }
        catch (InvalidOperationException ex)
        {
            throw ctx.Fail($"{what}: {ex.Message}");
        }
    }

    public static string TypeText(LiteTensor t) => TensorTypes.Name(t.DataType);
}
