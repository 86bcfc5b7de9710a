using System.Numerics;
using ManagedLite.Kernels.Elementwise;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// PRELU on int8 / uint8 (TFLite reference_ops::BroadcastPrelu4DSlow / Prelu): x = in - inZeroPoint; x &gt;= 0 is
/// rescaled by inScale / outScale, otherwise x * (alpha - alphaZeroPoint) by inScale * alphaScale / outScale (both
/// multipliers formed in float); plus the output zero point, clamped to the type. Alpha broadcasts to the input.
/// </summary>
public static class PreluQuantized
{
    public static Operator Create(float inputScale, int inputZeroPoint, float alphaScale, int alphaZeroPoint,
        float outputScale, int outputZeroPoint, int typeMin, int typeMax)
    {
        float real1 = inputScale / outputScale;
        float real2 = inputScale * alphaScale / outputScale;
        QuantizedMultiplier.Quantize(real1, out int m1, out int s1);
        QuantizedMultiplier.Quantize(real2, out int m2, out int s2);
        return new Operator(-inputZeroPoint, -alphaZeroPoint, outputZeroPoint, m1, s1, m2, s2, typeMin, typeMax);
    }

    public static void Run<T>(in Operator op, ReadOnlySpan<int> inputShape, ReadOnlySpan<T> input, ReadOnlySpan<int> alphaShape,
        ReadOnlySpan<T> alpha, ReadOnlySpan<int> outputShape, Span<T> output) where T : unmanaged, IBinaryInteger<T>
        => QuantizedBroadcast.Binary(op, inputShape, input, alphaShape, alpha, outputShape, output);

    /// <summary>int16 input and output with an int8 alpha (TFLite's int16 PRELU), broadcast by <paramref name="plan"/>.</summary>
    public static void RunInt16(in Operator op, BroadcastPlan plan, ReadOnlySpan<short> input, ReadOnlySpan<sbyte> alpha, Span<short> output)
        => BroadcastLoop.Binary(new Int16Adapter(op), plan, input, alpha, output);

    private readonly struct Int16Adapter(Operator op) : IElementBinary<short, sbyte, short>
    {
        public short Invoke(short q, sbyte alpha) => (short)op.Invoke(q, alpha);
    }

    public readonly struct Operator(int inputOffset, int alphaOffset, int outputOffset, int multiplier1, int shift1,
        int multiplier2, int shift2, int min, int max) : IQuantizedBinaryOperator
    {
        public int InputOffset => inputOffset;
        public int AlphaOffset => alphaOffset;
        public int OutputOffset => outputOffset;
        public int Multiplier1 => multiplier1;
        public int Shift1 => shift1;
        public int Multiplier2 => multiplier2;
        public int Shift2 => shift2;
        public int Min => min;
        public int Max => max;

        public int Invoke(int q, int alpha)
        {
            int x = inputOffset + q;
            int v = x >= 0
                ? QuantizedMath.MultiplyByQuantizedMultiplier(x, multiplier1, shift1)
                : QuantizedMath.MultiplyByQuantizedMultiplier(unchecked(x * (alphaOffset + alpha)), multiplier2, shift2);
            v = unchecked(v + outputOffset);
            return Math.Min(max, Math.Max(min, v));
        }
    }
}
