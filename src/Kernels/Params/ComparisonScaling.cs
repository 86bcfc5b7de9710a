using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Params;

/// <summary>
/// The rescaling of TFLite's quantized comparisons: each input's offset (minus its zero point) is shifted left by 8
/// bits and multiplied by its own scale as a Q31 multiplier (QuantizeMultiplierSmallerThanOneExp), so both sides
/// land on one fixed-point scale.
/// </summary>
public readonly record struct ComparisonScaling(int LeftShift, int Offset1, int Multiplier1, int Shift1, int Offset2, int Multiplier2, int Shift2)
{
    /// <summary>
    /// Throws <see cref="ArgumentOutOfRangeException"/> unless both scales are in (0, 1): TFLite computes the multiplier
    /// with QuantizeMultiplierSmallerThanOneExp there and aborts (scale 0 or 1) or has undefined shifts (above 1) otherwise.
    /// </summary>
    public static ComparisonScaling Create(float scale1, int zeroPoint1, float scale2, int zeroPoint2)
    {
        QuantizedMultiplier.QuantizeSmallerThanOneExp(scale1, out int m1, out int s1);
        QuantizedMultiplier.QuantizeSmallerThanOneExp(scale2, out int m2, out int s2);
        return new ComparisonScaling(8, -zeroPoint1, m1, s1, -zeroPoint2, m2, s2);
    }
}
