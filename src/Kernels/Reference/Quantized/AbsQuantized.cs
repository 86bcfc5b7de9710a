using System.Numerics;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// ABS on int8 and quantized int16 (TFLite's elementwise.cc AbsEvalQuantized): |q - zero point|, rescaled by
/// QuantizeMultiplier(inScale / outScale) only when the scales differ, plus the output zero point, clamped to the type.
/// </summary>
public static class AbsQuantized
{
    public static Operator Create(float inputScale, int inputZeroPoint, float outputScale, int outputZeroPoint, int typeMin, int typeMax)
    {
        bool rescale = inputScale != outputScale;
        int m = 0, s = 0;
        if (rescale) QuantizedMultiplier.Quantize(inputScale / outputScale, out m, out s);
        return new Operator(inputZeroPoint, outputZeroPoint, rescale, m, s, typeMin, typeMax);
    }

    public static void Run<T>(in Operator op, ReadOnlySpan<T> input, Span<T> output) where T : unmanaged, IBinaryInteger<T>
        => QuantizedBroadcast.Unary(op, input, output);

    public readonly struct Operator(int inputZeroPoint, int outputZeroPoint, bool rescale, int multiplier, int shift, int min, int max)
        : IQuantizedUnaryOperator
    {
        public int Invoke(int q)
        {
            int value = Math.Abs(q - inputZeroPoint);
            int v = rescale ? unchecked(QuantizedMath.MultiplyByQuantizedMultiplier(value, multiplier, shift) + outputZeroPoint) : value + outputZeroPoint;
            return Math.Min(Math.Max(v, min), max);
        }
    }
}
