using System.Numerics;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// HARD_SWISH on int8 and uint8 (TFLite reference_ops::HardSwish with HardSwishParams): 16-bit fixed point. The input
/// (minus its zero point, times 128) is rescaled to the output scale and, separately, to a "relu-ish" factor in
/// [0, 1] (input on the scale where 3.0 is 32768, saturated, mapped to [0, 1]); their product (a truncating
/// doubling high multiply) is shifted to the output, offset and clamped.
/// </summary>
public static class HardSwishQuantized
{
    /// <summary>HardSwishPrepare; throws when the output multiplier's exponent is positive (TFLite fails Prepare).</summary>
    public static Operator Create(float inputScale, int inputZeroPoint, float outputScale, int outputZeroPoint, int typeMin, int typeMax)
    {
        float hiresInputScale = (1.0f / 128.0f) * inputScale;
        const float reluishScale = 3.0f / 32768.0f;
        float outputMultiplier = hiresInputScale / outputScale;
        QuantizedMultiplier.Quantize(outputMultiplier, out int om32, out int outputExponent);
        short om16 = QuantizedMultiplier.DownScaleInt32ToInt16(om32);
        if (outputExponent > 0)
            throw new ArgumentException($"hard swish output multiplier exponent {outputExponent} must be <= 0");
        float reluishMultiplier = hiresInputScale / reluishScale;
        QuantizedMultiplier.Quantize(reluishMultiplier, out int rm32, out int reluishExponent);
        short rm16 = QuantizedMultiplier.DownScaleInt32ToInt16(rm32);
        return new Operator(inputZeroPoint, outputZeroPoint, om16, outputExponent, rm16, reluishExponent, typeMin, typeMax);
    }

    public static void Run<T>(in Operator op, ReadOnlySpan<T> input, Span<T> output) where T : unmanaged, IBinaryInteger<T>
        => QuantizedBroadcast.Unary(op, input, output);

    public readonly struct Operator(int inputZeroPoint, int outputZeroPoint, short outputMultiplier, int outputExponent,
        short reluishMultiplier, int reluishExponent, int min, int max) : IQuantizedUnaryOperator
    {
        public int Invoke(int q)
        {
            short inputValue = unchecked((short)(q - inputZeroPoint));
            short hires = unchecked((short)(inputValue * (1 << 7)));
            short preshiftOutput = FixedPoint16.SaturatingRoundingDoublingHighMul(hires, outputMultiplier);
            short reluish = hires;
            if (reluishExponent > 0) reluish = SaturatingLeftShift(reluish, reluishExponent - 1);
            reluish = FixedPoint16.SaturatingRoundingDoublingHighMul(reluish, reluishMultiplier);
            if (reluishExponent > 0) reluish = SaturatingLeftShift(reluish, 1);
            if (reluishExponent < 0) reluish = FixedPoint16.RoundingDivideByPot(reluish, -reluishExponent);
            reluish = unchecked((short)((reluish + (1 << 15)) >> 1));
            short preshift = SaturatingDoublingHighMul(reluish, preshiftOutput);
            short outputValue = FixedPoint16.RoundingDivideByPot(preshift, -outputExponent);
            outputValue = unchecked((short)(outputValue + outputZeroPoint));
            int v = Math.Min((int)outputValue, max);
            return Math.Max(v, min);
        }

        private static short SaturatingLeftShift(short value, int amount)
        {
            long result = (long)value * (1L << amount);
            return (short)Math.Max(Math.Min(result, short.MaxValue), short.MinValue);
        }

        // ARM SQDMULH: doubling high multiply rounding toward zero, saturating MinValue * MinValue.
        private static short SaturatingDoublingHighMul(short a, short b)
        {
            if (a == b && a == short.MinValue) return short.MaxValue;
            return unchecked((short)(a * b / (1 << 15)));
        }
    }
}
