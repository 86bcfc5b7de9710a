using System.Buffers;
using ManagedLite.Kernels.Optimized.Quantized;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Optimized.Hybrid;

/// <summary>
/// Blockwise int4 FULLY_CONNECTED, bit-exact with <see cref="Reference.Hybrid.BlockwiseInt4FullyConnected"/>: the
/// quantized row is widened once to int16 and each block is one SIMD dot product in int32. That equals the reference's
/// float-stepped accumulation while every partial sum stays within 2^24 (|q * w| &lt;= 1024, so blocks of at most
/// <see cref="MaxExactBlock"/>; larger blocks run the reference). The per-row correction <c>sum_b scale_b * ksum_b</c>
/// depends on the constant weights only, so it is computed once (<see cref="CorrectionSums"/>) in the reference's order.
/// </summary>
public static class BlockwiseInt4FullyConnected
{
    /// <summary>Largest block whose int32 dot product equals TFLite's float-stepped one: 2^24 / (128 * 8).</summary>
    public const int MaxExactBlock = 16384;

    private const int StackRowLimit = 4096;

    /// <summary>kfsum[o] = sum over blocks (in order) of scale * (sum of the block's weights), in float.</summary>
    public static void CorrectionSums(ReadOnlySpan<sbyte> weights, int outputDepth, int inputDepth, int blockSize, ReadOnlySpan<float> scales,
        Span<float> sums)
    {
        if (blockSize <= 0 || inputDepth % blockSize != 0) throw new ArgumentException($"block size {blockSize} does not divide {inputDepth}");
        int blocks = inputDepth / blockSize;
        if (weights.Length < (long)outputDepth * inputDepth || scales.Length < (long)outputDepth * blocks || sums.Length < outputDepth)
            throw new ArgumentException("blockwise correction sums: spans too short");
        for (int o = 0; o < outputDepth; o++)
        {
            float kfsum = 0f;
            for (int blk = 0; blk < blocks; blk++)
            {
                int ksum = 0;
                foreach (sbyte v in weights.Slice(o * inputDepth + blk * blockSize, blockSize)) ksum += v;
                kfsum += scales[o * blocks + blk] * ksum;
            }
            sums[o] = kfsum;
        }
    }

    /// <summary>As the reference, with <paramref name="correctionSums"/> from <see cref="CorrectionSums"/>.</summary>
    public static void Run(in FullyConnectedParams p, ReadOnlySpan<float> input, ReadOnlySpan<sbyte> weights, int blockSize,
        ReadOnlySpan<float> scales, ReadOnlySpan<float> correctionSums, ReadOnlySpan<float> bias, Span<float> output, Span<sbyte> quantizedRow)
    {
        if (!Int8DotProduct.IsAccelerated || blockSize > MaxExactBlock)
        {
            Reference.Hybrid.BlockwiseInt4FullyConnected.Run(p, input, weights, blockSize, scales, bias, output, quantizedRow);
            return;
        }
        Reference.Hybrid.BlockwiseInt4FullyConnected.Check(p, input.Length, weights.Length, blockSize, scales.Length, bias.Length, output.Length,
            quantizedRow.Length);
        if (correctionSums.Length < p.OutputDepth)
            throw new ArgumentException($"blockwise fully connected: {correctionSums.Length} correction sums, expected {p.OutputDepth}");
        int depth = p.InputDepth;
        short[]? rented = null;
        Span<short> wide = depth <= StackRowLimit ? stackalloc short[StackRowLimit] : (rented = ArrayPool<short>.Shared.Rent(depth));
        try
        {
            Compute(p, input, weights, blockSize, scales, correctionSums, bias, output, quantizedRow[..depth], wide[..depth]);
        }
        finally
        {
            if (rented is not null) ArrayPool<short>.Shared.Return(rented);
        }
    }

    private static void Compute(in FullyConnectedParams p, ReadOnlySpan<float> input, ReadOnlySpan<sbyte> weights, int blockSize,
        ReadOnlySpan<float> scales, ReadOnlySpan<float> correctionSums, ReadOnlySpan<float> bias, Span<float> output, Span<sbyte> q, Span<short> wide)
    {
        int depth = p.InputDepth, outD = p.OutputDepth, blocks = depth / blockSize;
        float min = p.ActivationMin, max = p.ActivationMax;
        for (int b = 0; b < p.Batches; b++)
        {
            float rowScale = HybridQuantization.Asymmetric(input.Slice(b * depth, depth), q, out int zeroPoint);
            Int8DotProduct.WidenWithOffset(q, 0, wide);
            ReadOnlySpan<short> x = wide;
            var o = output.Slice(b * outD, outD);
            for (int r = 0; r < outD; r++)
            {
                var w = weights.Slice(r * depth, depth);
                var s = scales.Slice(r * blocks, blocks);
                float v = 0f;
                for (int blk = 0, k = 0; blk < blocks; blk++, k += blockSize)
                    v += Int8DotProduct.Dot(x.Slice(k, blockSize), w.Slice(k, blockSize)) * s[blk];
                v -= zeroPoint * correctionSums[r];
                v *= rowScale;
                if (!bias.IsEmpty) v += bias[r];
                o[r] = Math.Min(Math.Max(v, min), max);
            }
        }
    }
}
