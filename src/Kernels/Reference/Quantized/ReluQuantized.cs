using System.Numerics;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// RELU, RELU6, RELU_N1_TO_1 (and RELU_0_TO_1) on int8, uint8 and int16 (TFLite's QuantizedReluX + ReluX): the input
/// is rescaled to the output (multiplier inScale / outScale, formed in float), offset, and clamped to the activation
/// bounds quantized with the output parameters (zp + (int)roundf(bound / scale)) within the type range.
/// </summary>
public static class ReluQuantized
{
    /// <param name="activationMin">Lower real bound (0 or -1).</param>
    /// <param name="activationMax">Upper real bound (6, 1, or +infinity for RELU).</param>
    public static Operator Create(float inputScale, int inputZeroPoint, float outputScale, int outputZeroPoint,
        float activationMin, float activationMax, int typeMin, int typeMax)
    {
        float real = inputScale / outputScale;
        QuantizedMultiplier.Quantize(real, out int m, out int s);
        int lo = Math.Max(typeMin, unchecked(outputZeroPoint + (int)MathF.Round(activationMin / outputScale, MidpointRounding.AwayFromZero)));
        int hi = float.IsPositiveInfinity(activationMax)
            ? typeMax
            : Math.Min(typeMax, unchecked(outputZeroPoint + (int)MathF.Round(activationMax / outputScale, MidpointRounding.AwayFromZero)));
        return new Operator(inputZeroPoint, outputZeroPoint, m, s, lo, hi);
    }

    public static void Run<T>(in Operator op, ReadOnlySpan<T> input, Span<T> output) where T : unmanaged, IBinaryInteger<T>
        => QuantizedBroadcast.Unary(op, input, output);

    public readonly struct Operator(int inputZeroPoint, int outputZeroPoint, int multiplier, int shift, int min, int max)
        : IQuantizedUnaryOperator
    {
        public int Min { get; } = min;
        public int Max { get; } = max;

        public int Invoke(int q)
        {
            int v = unchecked(outputZeroPoint + QuantizedMath.MultiplyByQuantizedMultiplier(q - inputZeroPoint, multiplier, shift));
            v = Math.Max(Min, v);
            return Math.Min(Max, v);
        }
    }
}
