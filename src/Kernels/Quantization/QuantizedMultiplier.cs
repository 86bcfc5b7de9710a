namespace ManagedLite.Kernels.Quantization;

/// <summary>
/// Conversion of a real multiplier to TFLite's (Q31 significand, power-of-two exponent) pair
/// (quantization_util.cc, default build: TFLITE_SINGLE_ROUNDING off, TFLITE_EMULATE_FLOAT off).
/// real ≈ multiplier * 2^(shift - 31); a positive shift is a left shift.
/// </summary>
public static class QuantizedMultiplier
{
    /// <summary>
    /// TFLite's QuantizeMultiplier: frexp, round(q * 2^31) half away from zero; a significand that rounds up
    /// to exactly 2^31 is halved and the shift incremented; shifts below -31 flush to (0, 0).
    /// Throws on NaN/infinity (TFLite CHECK-fails).
    /// </summary>
    public static void Quantize(double realMultiplier, out int multiplier, out int shift)
    {
        if (realMultiplier == 0.0)
        {
            multiplier = 0;
            shift = 0;
            return;
        }
        if (!double.IsFinite(realMultiplier))
            throw new ArgumentOutOfRangeException(nameof(realMultiplier), realMultiplier, "quantized multiplier must be finite");

        double q = FrExp(realMultiplier, out shift);
        long qFixed = (long)Math.Round(q * (1L << 31), MidpointRounding.AwayFromZero);
        if (qFixed > (1L << 31))
            throw new InvalidOperationException("QuantizeMultiplier: significand out of range");
        if (qFixed == (1L << 31))
        {
            qFixed /= 2;
            ++shift;
        }
        if (shift < -31)
        {
            shift = 0;
            qFixed = 0;
        }
        multiplier = (int)qFixed;
    }

    /// <summary>std::frexp: x = result * 2^exponent with |result| in [0.5, 1) (x finite, nonzero).</summary>
    public static double FrExp(double x, out int exponent)
    {
        exponent = Math.ILogB(x) + 1;
        return Math.ScaleB(x, -exponent);
    }

    /// <summary>TFLite's QuantizeMultiplierSmallerThanOneExp: requires 0 &lt; real &lt; 1; shift &lt;= 0 (a left shift, so negative).</summary>
    public static void QuantizeSmallerThanOneExp(double realMultiplier, out int multiplier, out int leftShift)
    {
        if (!(realMultiplier < 1.0 && realMultiplier > 0.0))
            throw new ArgumentOutOfRangeException(nameof(realMultiplier), realMultiplier, "must be in (0, 1)");
        Quantize(realMultiplier, out multiplier, out leftShift);
        if (leftShift > 0) throw new InvalidOperationException("QuantizeMultiplierSmallerThanOneExp: positive shift");
    }

    /// <summary>TFLite's QuantizeMultiplierGreaterThanOne: requires real &gt; 1; leftShift &gt;= 0.</summary>
    public static void QuantizeGreaterThanOne(double realMultiplier, out int multiplier, out int leftShift)
    {
        if (!(realMultiplier > 1.0))
            throw new ArgumentOutOfRangeException(nameof(realMultiplier), realMultiplier, "must be > 1");
        Quantize(realMultiplier, out multiplier, out leftShift);
        if (leftShift < 0) throw new InvalidOperationException("QuantizeMultiplierGreaterThanOne: negative shift");
    }

    /// <summary>QuantizeMultiplierArray: one <see cref="Quantize"/> per element.</summary>
    public static void QuantizeArray(ReadOnlySpan<double> realMultipliers, Span<int> multipliers, Span<int> shifts)
    {
        if (multipliers.Length < realMultipliers.Length || shifts.Length < realMultipliers.Length)
            throw new ArgumentException("output spans are shorter than the input");
        for (int i = 0; i < realMultipliers.Length; i++)
            Quantize(realMultipliers[i], out multipliers[i], out shifts[i]);
    }

    /// <summary>
    /// Per-tensor convolution / fully-connected multiplier as TFLite's GetQuantizedConvolutionMultipler computes
    /// it: the input and filter scales are multiplied in <b>float</b>, then widened, then divided by the output
    /// scale in double. Used for uint8 CONV_2D/DEPTHWISE_CONV_2D and per-tensor FULLY_CONNECTED.
    /// </summary>
    public static double ConvolutionRealMultiplier(float inputScale, float filterScale, float outputScale) =>
        (double)(inputScale * filterScale) / outputScale;

    /// <summary>
    /// Per-channel multipliers as TFLite's PopulateConvolutionQuantizationParams computes them:
    /// (double)inputScale * (double)filterScale[c] / (double)outputScale, then <see cref="Quantize"/>.
    /// When <paramref name="filterScales"/> has one element it applies to every channel.
    /// </summary>
    public static void PerChannel(float inputScale, ReadOnlySpan<float> filterScales, float outputScale,
        Span<int> multipliers, Span<int> shifts)
    {
        int channels = multipliers.Length;
        if (shifts.Length != channels) throw new ArgumentException("multiplier and shift spans differ in length");
        if (filterScales.Length != 1 && filterScales.Length != channels)
            throw new ArgumentException($"expected 1 or {channels} filter scales, got {filterScales.Length}");
        double inScale = inputScale, outScale = outputScale;
        for (int c = 0; c < channels; c++)
        {
            double filterScale = filterScales[filterScales.Length == 1 ? 0 : c];
            Quantize(inScale * filterScale / outScale, out multipliers[c], out shifts[c]);
        }
    }

    /// <summary>TFLite's DownScaleInt32ToInt16Multiplier: round a Q31 multiplier to Q15, saturating at short.MaxValue.</summary>
    public static short DownScaleInt32ToInt16(int multiplier)
    {
        if (multiplier < 0) throw new ArgumentOutOfRangeException(nameof(multiplier), multiplier, "must be >= 0");
        const int roundingOffset = 1 << 15;
        if (multiplier >= int.MaxValue - roundingOffset) return short.MaxValue;
        return (short)((multiplier + roundingOffset) >> 16);
    }
}
