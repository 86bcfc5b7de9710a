using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Params;

/// <summary>
/// Parameters of quantized ADD / SUB (TFLite's ArithmeticParams as add.cc / sub.cc Prepare fills them).
/// General path: both inputs are offset, shifted left by <see cref="LeftShift"/> (20 for 8-bit, 15 for int16),
/// rescaled to a common scale, summed, rescaled to the output and clamped. Power-of-two int16 path
/// (<see cref="PotInt16"/>): one input is rounding-shifted right by -Input1Shift / -Input2Shift and the two are
/// added (subtracted) with 16-bit saturation.
/// </summary>
public readonly record struct QuantizedAddSubParams
{
    public bool PotInt16 { get; init; }
    public int LeftShift { get; init; }
    public int Input1Offset { get; init; }
    public int Input1Multiplier { get; init; }
    public int Input1Shift { get; init; }
    public int Input2Offset { get; init; }
    public int Input2Multiplier { get; init; }
    public int Input2Shift { get; init; }
    public int OutputOffset { get; init; }
    public int OutputMultiplier { get; init; }
    public int OutputShift { get; init; }
    public int ActivationMin { get; init; }
    public int ActivationMax { get; init; }

    /// <summary>
    /// The general path. Scales combine as in TFLite: twice the larger input scale in float, the input multipliers
    /// scale / twiceMax in double, the output multiplier twiceMax / ((1 &lt;&lt; leftShift) * outputScale) with the
    /// denominator in float. An output multiplier above 1 is allowed only when <paramref name="allowOutputAboveOne"/>
    /// (SUB); otherwise, as for the input multipliers, it must lie in (0, 1) (ArgumentOutOfRangeException).
    /// </summary>
    public static QuantizedAddSubParams General(float scale1, int zeroPoint1, float scale2, int zeroPoint2,
        float outputScale, int outputZeroPoint, bool int16, int activationMin, int activationMax, bool allowOutputAboveOne = false)
    {
        int leftShift = int16 ? 15 : 20;
        float twiceMaxF = 2 * Math.Max(scale1, scale2);
        double twiceMax = twiceMaxF;
        double real1 = scale1 / twiceMax;
        double real2 = scale2 / twiceMax;
        float denominator = (1 << leftShift) * outputScale;
        double realOut = twiceMax / denominator;
        QuantizedMultiplier.QuantizeSmallerThanOneExp(real1, out int m1, out int s1);
        QuantizedMultiplier.QuantizeSmallerThanOneExp(real2, out int m2, out int s2);
        int mo, so;
        if (allowOutputAboveOne && realOut > 1) QuantizedMultiplier.QuantizeGreaterThanOne(realOut, out mo, out so);
        else QuantizedMultiplier.QuantizeSmallerThanOneExp(realOut, out mo, out so);
        return new QuantizedAddSubParams
        {
            LeftShift = leftShift,
            Input1Offset = -zeroPoint1, Input1Multiplier = m1, Input1Shift = s1,
            Input2Offset = -zeroPoint2, Input2Multiplier = m2, Input2Shift = s2,
            OutputOffset = outputZeroPoint, OutputMultiplier = mo, OutputShift = so,
            ActivationMin = activationMin, ActivationMax = activationMax,
        };
    }

    /// <summary>
    /// The int16 power-of-two path: every scale must be a power of two (else ArgumentException); the input shifts are
    /// log2(input scale) - log2(output scale), both &lt;= 0 and at least one of them 0.
    /// </summary>
    public static QuantizedAddSubParams PowerOfTwoInt16(float scale1, float scale2, float outputScale, int activationMin, int activationMax)
    {
        if (!TryLog2(scale1, out int l1) || !TryLog2(scale2, out int l2) || !TryLog2(outputScale, out int lo))
            throw new ArgumentException("power-of-two int16 path needs power-of-two scales");
        int s1 = l1 - lo, s2 = l2 - lo;
        if (!(s1 == 0 || s2 == 0) || s1 > 0 || s2 > 0)
            throw new ArgumentException($"power-of-two int16 path: input shifts {s1} and {s2} must be <= 0 with one of them 0");
        return new QuantizedAddSubParams
        {
            PotInt16 = true, Input1Shift = s1, Input2Shift = s2,
            ActivationMin = activationMin, ActivationMax = activationMax,
        };
    }

    /// <summary>
    /// TFLite's CheckedLog2: log2 in float (logf(x) * (1 / logf(2))), rounded half away from zero; true when the
    /// fractional part is below 1e-3 in magnitude.
    /// </summary>
    public static bool TryLog2(float x, out int log2)
    {
        float xLog2 = MathF.Log(x) * (1.0f / MathF.Log(2.0f));
        float rounded = MathF.Round(xLog2, MidpointRounding.AwayFromZero);
        float frac = xLog2 - rounded;
        log2 = float.IsFinite(rounded) ? (int)rounded : 0;
        return MathF.Abs(frac) < 1e-3f;
    }
}
