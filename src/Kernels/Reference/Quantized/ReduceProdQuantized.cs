using System.Numerics;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// Quantized REDUCE_PROD of int8 / int16 (reference_ops::QuantizedReduceProd). Each output starts from its first
/// input (q - zeroPoint) and every further input multiplies it in int64 and rescales it at once by
/// (multiplier, shift) = QuantizeMultiplier(inScale / outScale^(1/n)) with the int64 MultiplyByQuantizedMultiplier;
/// the result is rescaled once more, offset by the output zero point and clamped. n is the number of input elements
/// per output. The input is walked in row-major order.
/// </summary>
public static class ReduceProdQuantized
{
    /// <summary>The per-step scale: inScale / outScale^(1/n) (reduce.cc's GetQuantProdScaling).</summary>
    public static double Scaling(double inputScale, double outputScale, int reducedSize) =>
        inputScale / Math.Pow(outputScale, 1.0 / reducedSize);

    /// <param name="products">Scratch of at least output.Length ints.</param>
    public static void Run<T>(ReadOnlySpan<int> shape, ReadOnlySpan<T> input, ReadOnlySpan<bool> reduced, Span<T> output,
        int inputZeroPoint, int outputZeroPoint, int multiplier, int shift, Span<int> products)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        if (reduced.Length != shape.Length) throw new ArgumentException("reduced mask rank differs from the shape's");
        long inCount = 1, outCount = 1;
        for (int d = 0; d < shape.Length; d++)
        {
            inCount *= shape[d];
            if (!reduced[d]) outCount *= shape[d];
        }
        if (input.Length != inCount || output.Length != outCount || products.Length < outCount)
            throw new ArgumentException($"expected {inCount} input, {outCount} output and scratch elements, got {input.Length}, {output.Length} and {products.Length}");
        if (inCount == 0) return; // TFLite leaves the output untouched for a zero-sized input
        var acc = products.Slice(0, output.Length);
        Span<int> index = stackalloc int[shape.Length];
        index.Clear();
        for (int flat = 0; flat < input.Length; flat++)
        {
            int o = ReduceGeneric.OutputIndex(shape, reduced, index);
            int q = int.CreateTruncating(input[flat]) - inputZeroPoint;
            acc[o] = First(reduced, index)
                ? q
                : QuantizedMath.MultiplyByQuantizedMultiplier((long)acc[o] * q, multiplier, shift);
            ReduceGeneric.Next(shape, index);
        }
        int min = int.CreateTruncating(T.MinValue), max = int.CreateTruncating(T.MaxValue);
        for (int i = 0; i < output.Length; i++)
        {
            int v = unchecked(QuantizedMath.MultiplyByQuantizedMultiplier((long)acc[i], multiplier, shift) + outputZeroPoint);
            output[i] = T.CreateTruncating(Math.Clamp(v, min, max));
        }
    }

    // The first element of a reduction: every reduced index is 0 (row-major order visits it first).
    private static bool First(ReadOnlySpan<bool> reduced, ReadOnlySpan<int> index)
    {
        for (int d = 0; d < reduced.Length; d++)
            if (reduced[d] && index[d] != 0) return false;
        return true;
    }
}
