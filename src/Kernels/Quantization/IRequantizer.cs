using System.Runtime.CompilerServices;

namespace ManagedLite.Kernels.Quantization;

/// <summary>
/// The output stage of an int32-accumulator kernel: scale by (multiplier, shift), add the output offset, clamp to
/// [activationMin, activationMax]. Implemented by structs and used as a generic type argument, so the JIT compiles
/// one specialized loop per stage (no virtual call per output).
/// </summary>
public interface IRequantizer
{
    static abstract int Requantize(int acc, int multiplier, int shift, int outputOffset, int activationMin, int activationMax);
}

/// <summary>reference_integer_ops' double rounding: <see cref="QuantizedMath.Requantize(int, int, int, int, int, int)"/>.</summary>
public readonly struct DoubleRoundingRequantizer : IRequantizer
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Requantize(int acc, int multiplier, int shift, int outputOffset, int activationMin, int activationMax) =>
        QuantizedMath.Requantize(acc, multiplier, shift, outputOffset, activationMin, activationMax);
}

/// <summary>
/// The single rounding of TFLite's cpu_backend_gemm (ruy) output stage:
/// round(acc * multiplier * 2^(shift - 31)) as <c>(acc * multiplier + 2^(30 - shift)) &gt;&gt; (31 - shift)</c>
/// (ties toward +infinity), saturated to int32, + offset, clamped.
/// </summary>
public readonly struct SingleRoundingRequantizer : IRequantizer
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Requantize(int acc, int multiplier, int shift, int outputOffset, int activationMin, int activationMax)
    {
        int totalShift = 31 - shift;
        long v;
        if (totalShift <= 0) v = (long)acc * multiplier << -totalShift;
        else v = ((long)acc * multiplier + (1L << (totalShift - 1))) >> totalShift;
        v = Math.Clamp(v, int.MinValue, int.MaxValue) + outputOffset;
        return (int)Math.Clamp(v, activationMin, activationMax);
    }
}
