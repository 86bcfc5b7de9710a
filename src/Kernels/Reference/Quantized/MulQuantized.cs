using System.Numerics;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// Quantized MUL for int8, uint8 and int16 inputs and output of the same type (TFLite reference_integer_ops::Mul /
/// MulElementwise / BroadcastMul4DSlow and reference_ops::Mul for uint8): the offset inputs are multiplied in
/// int32, rescaled by QuantizeMultiplier(s1 * s2 / sOut) (computed in float), offset and clamped.
/// </summary>
public static class MulQuantized
{
    /// <summary>Multiplier and shift of the product rescale; the real multiplier is formed in float as TFLite does.</summary>
    public static void OutputMultiplier(float scale1, float scale2, float outputScale, out int multiplier, out int shift)
    {
        float real = scale1 * scale2 / outputScale;
        QuantizedMultiplier.Quantize(real, out multiplier, out shift);
    }

    public static void Run<T>(in Operator op, ReadOnlySpan<int> shape1, ReadOnlySpan<T> input1,
        ReadOnlySpan<int> shape2, ReadOnlySpan<T> input2, ReadOnlySpan<int> shapeOut, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>
        => QuantizedBroadcast.Binary(op, shape1, input1, shape2, input2, shapeOut, output);

    public readonly struct Operator(int input1Offset, int input2Offset, int outputOffset, int outputMultiplier, int outputShift,
        int activationMin, int activationMax) : IQuantizedBinaryOperator
    {
        public int Input1Offset { get; } = input1Offset;
        public int Input2Offset { get; } = input2Offset;
        public int OutputOffset { get; } = outputOffset;
        public int OutputMultiplier { get; } = outputMultiplier;
        public int OutputShift { get; } = outputShift;
        public int ActivationMin { get; } = activationMin;
        public int ActivationMax { get; } = activationMax;

        public int Invoke(int a, int b)
        {
            int product = unchecked((Input1Offset + a) * (Input2Offset + b));
            int raw = unchecked(OutputOffset + QuantizedMath.MultiplyByQuantizedMultiplier(product, OutputMultiplier, OutputShift));
            return QuantizedBroadcast.Clamp(raw, ActivationMin, ActivationMax);
        }
    }

    /// <summary>
    /// MUL of two int16 tensors in Q0.15 to an int8 or uint8 output (TFLite's Mul overloads for int16 inputs with
    /// int8 / uint8 outputs; element-wise, no broadcasting): the Q0.15 product (gemmlowp's rounding doubling high
    /// multiply), rounding-shifted right by 8, clamped to the activation range less the output offset, plus the
    /// offset. The input scales are not used.
    /// </summary>
    public static void RunInt16ToNarrow<T>(ReadOnlySpan<short> input1, ReadOnlySpan<short> input2, Span<T> output,
        int outputOffset, int activationMin, int activationMax) where T : unmanaged, IBinaryInteger<T>
    {
        if (input1.Length != output.Length || input2.Length != output.Length)
            throw new ArgumentException($"int16 MUL operands have {input1.Length} and {input2.Length} elements, output {output.Length}");
        short hi = unchecked((short)(activationMax - outputOffset)), lo = unchecked((short)(activationMin - outputOffset));
        for (int i = 0; i < output.Length; i++)
        {
            short product = FixedPoint16.SaturatingRoundingDoublingHighMul(input1[i], input2[i]);
            short rescaled = FixedPoint16.RoundingDivideByPot(product, 8);
            short clamped = Math.Min(hi, rescaled);
            clamped = Math.Max(lo, clamped);
            output[i] = T.CreateTruncating(outputOffset + clamped);
        }
    }
}
