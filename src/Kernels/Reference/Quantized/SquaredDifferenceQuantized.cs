using System.Numerics;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// Quantized SQUARED_DIFFERENCE on int8 (TFLite's squared_difference.cc): both offset inputs are shifted left by 7
/// bits and brought to a common scale (each multiplied by its scale over twice the larger input scale), subtracted,
/// squared in int32, rescaled to the output by (2 max scale)^2 / (2^14 output scale), offset and clamped to int8.
/// </summary>
public static class SquaredDifferenceQuantized
{
    public const int LeftShift = 7;

    /// <summary>The multipliers as TFLite's Prepare forms them; throws when the output multiplier is not below 1.</summary>
    public static Operator Create(float scale1, int zeroPoint1, float scale2, int zeroPoint2, float outputScale, int outputZeroPoint)
    {
        double twiceMaxInputScale = 2 * Math.Max(scale1, scale2);
        double real1 = scale1 / twiceMaxInputScale;
        double real2 = scale2 / twiceMaxInputScale;
        double realOutput = twiceMaxInputScale * twiceMaxInputScale / ((1 << (LeftShift * 2)) * outputScale);
        QuantizedMultiplier.QuantizeSmallerThanOneExp(real1, out int m1, out int s1);
        QuantizedMultiplier.QuantizeSmallerThanOneExp(real2, out int m2, out int s2);
        QuantizedMultiplier.QuantizeSmallerThanOneExp(realOutput, out int mo, out int so);
        return new Operator(-zeroPoint1, m1, s1, -zeroPoint2, m2, s2, outputZeroPoint, mo, so);
    }

    public static void Run<T>(in Operator op, ReadOnlySpan<int> shape1, ReadOnlySpan<T> input1,
        ReadOnlySpan<int> shape2, ReadOnlySpan<T> input2, ReadOnlySpan<int> shapeOut, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>
        => QuantizedBroadcast.Binary(op, shape1, input1, shape2, input2, shapeOut, output);

    public readonly struct Operator(int input1Offset, int input1Multiplier, int input1Shift, int input2Offset, int input2Multiplier,
        int input2Shift, int outputOffset, int outputMultiplier, int outputShift) : IQuantizedBinaryOperator
    {
        public int Input1Offset => input1Offset;
        public int Input1Multiplier => input1Multiplier;
        public int Input1Shift => input1Shift;
        public int Input2Offset => input2Offset;
        public int Input2Multiplier => input2Multiplier;
        public int Input2Shift => input2Shift;
        public int OutputOffset => outputOffset;
        public int OutputMultiplier => outputMultiplier;
        public int OutputShift => outputShift;

        public int Invoke(int a, int b)
        {
            int x = QuantizedMath.MultiplyByQuantizedMultiplierSmallerThanOneExp((input1Offset + a) * (1 << LeftShift), input1Multiplier, input1Shift);
            int y = QuantizedMath.MultiplyByQuantizedMultiplierSmallerThanOneExp((input2Offset + b) * (1 << LeftShift), input2Multiplier, input2Shift);
            int diff = x - y;
            int raw = unchecked(QuantizedMath.MultiplyByQuantizedMultiplierSmallerThanOneExp(unchecked(diff * diff), outputMultiplier, outputShift) + outputOffset);
            return QuantizedBroadcast.Clamp(raw, sbyte.MinValue, sbyte.MaxValue);
        }
    }
}
