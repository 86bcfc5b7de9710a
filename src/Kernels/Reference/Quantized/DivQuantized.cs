using System.Numerics;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// Quantized DIV on uint8 (TFLite reference_ops::DivElementwise / BroadcastDivSlow; TFLite's builtin DIV has no
/// int8 or int16 quantized path). Per element: offset both inputs; if the divisor is negative, negate both; take
/// the divisor's fixed-point reciprocal (GetReciprocal with 31 integer digits), normalize the dividend by its
/// redundant sign bits, multiply, then rescale by QuantizeMultiplier(s1 / (s2 * sOut)) (formed in float) with the
/// accumulated shifts, add the output zero point and clamp to the activation range. A zero offset divisor is
/// undefined in TFLite; here it gives a deterministic (meaningless) value. When the real multiplier is small
/// (below about 2^(recipShift + headroom - 31)) the final rounding shift exceeds 31, which TFLite only asserts
/// against; the shared fixed-point helpers then behave like TFLite's release build on x86 (shift counts taken
/// mod 32), so such outputs match that build rather than the exact quotient.
/// </summary>
public static class DivQuantized
{
    /// <summary>Multiplier and shift of the quotient rescale; the real multiplier is formed in float as TFLite does.</summary>
    public static void OutputMultiplier(float scale1, float scale2, float outputScale, out int multiplier, out int shift)
    {
        float real = scale1 / (scale2 * outputScale);
        QuantizedMultiplier.Quantize(real, out multiplier, out shift);
    }

    public static void Run<T>(in Operator op, ReadOnlySpan<int> shape1, ReadOnlySpan<T> input1,
        ReadOnlySpan<int> shape2, ReadOnlySpan<T> input2, ReadOnlySpan<int> shapeOut, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>
        => QuantizedBroadcast.Binary(op, shape1, input1, shape2, input2, shapeOut, output);

    public readonly struct Operator(int input1Offset, int input2Offset, int outputOffset, int outputMultiplier, int outputShift,
        int activationMin, int activationMax) : IQuantizedBinaryOperator
    {
        public int Invoke(int a, int b)
        {
            int x = input1Offset + a;
            int d = input2Offset + b;
            if (d < 0)
            {
                x = -x;
                d = -d;
            }
            int reciprocal = QuantizedMath.GetReciprocal(d, 31, out int recipShift);
            int headroom = QuantizedMath.CountLeadingSignBits(x);
            int unscaled = QuantizedMath.MultiplyByQuantizedMultiplierGreaterThanOne(x, reciprocal, headroom);
            int totalShift = outputShift - recipShift - headroom;
            int raw = unchecked(outputOffset + QuantizedMath.MultiplyByQuantizedMultiplierSmallerThanOneExp(unscaled, outputMultiplier, totalShift));
            return QuantizedBroadcast.Clamp(raw, activationMin, activationMax);
        }
    }
}
