using System.Numerics;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// LEAKY_RELU on int8, uint8 and int16 (TFLite reference_ops::QuantizeLeakyRelu): x = in - inZeroPoint; x &gt;= 0 is
/// rescaled by the identity multiplier (inScale / outScale), x &lt; 0 by the alpha multiplier
/// (inScale * alpha / outScale), both formed in float; plus the output zero point, clamped to the type.
/// </summary>
public static class LeakyReluQuantized
{
    public static Operator Create(float inputScale, int inputZeroPoint, float outputScale, int outputZeroPoint, float alpha,
        int typeMin, int typeMax)
    {
        float alphaReal = inputScale * alpha / outputScale;
        float identityReal = inputScale / outputScale;
        QuantizedMultiplier.Quantize(alphaReal, out int ma, out int sa);
        QuantizedMultiplier.Quantize(identityReal, out int mi, out int si);
        return new Operator(inputZeroPoint, outputZeroPoint, ma, sa, mi, si, typeMin, typeMax);
    }

    public static void Run<T>(in Operator op, ReadOnlySpan<T> input, Span<T> output) where T : unmanaged, IBinaryInteger<T>
        => QuantizedBroadcast.Unary(op, input, output);

    public readonly struct Operator(int inputZeroPoint, int outputZeroPoint, int alphaMultiplier, int alphaShift,
        int identityMultiplier, int identityShift, int min, int max) : IQuantizedUnaryOperator
    {
        public int Invoke(int q)
        {
            int x = q - inputZeroPoint;
            int v = x >= 0
                ? unchecked(outputZeroPoint + QuantizedMath.MultiplyByQuantizedMultiplier(x, identityMultiplier, identityShift))
                : unchecked(outputZeroPoint + QuantizedMath.MultiplyByQuantizedMultiplier(x, alphaMultiplier, alphaShift));
            return Math.Min(max, Math.Max(min, v));
        }
    }
}
