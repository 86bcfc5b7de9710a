using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Hybrid;

/// <summary>
/// FULLY_CONNECTED with blockwise-quantized int4 weights and float activations, as TFLite's builtin kernel computes it
/// (fully_connected.cc EvalBlockwise4Bit): weights [OutputDepth, InputDepth] (unpacked to int8 here), split along the
/// input depth into blocks of <c>blockSize</c>, block b of row o scaled by <c>scales[o * blocks + b]</c> (fp16 in the
/// model, widened to float). Each input row is quantized asymmetrically (<see cref="HybridQuantization.Asymmetric"/>:
/// int8 values q, scale s, zero point z). Then per output, in single precision and in this order:
/// <code>
/// out = 0; kfsum = 0
/// for each block b: acc = sum q*w (accumulated as TFLite does: int32 += float(q) * float(w), truncated back);
///                   out += acc * scale_b; kfsum += scale_b * sum w
/// out -= z * kfsum; out *= s; out += bias
/// </code>
/// TFLite applies no fused activation on this path; <paramref name="activationMin"/> and
/// <paramref name="activationMax"/> clamp the result last (pass infinities for none).
/// </summary>
public static class BlockwiseInt4FullyConnected
{
    /// <summary>
    /// <paramref name="quantizedRow"/>: scratch of at least InputDepth values. <paramref name="bias"/> may be empty.
    /// </summary>
    public static void Run(in FullyConnectedParams p, ReadOnlySpan<float> input, ReadOnlySpan<sbyte> weights, int blockSize,
        ReadOnlySpan<float> scales, ReadOnlySpan<float> bias, Span<float> output, Span<sbyte> quantizedRow)
    {
        Check(p, input.Length, weights.Length, blockSize, scales.Length, bias.Length, output.Length, quantizedRow.Length);
        int depth = p.InputDepth, outD = p.OutputDepth, blocks = depth / blockSize;
        var q = quantizedRow[..depth];
        for (int b = 0; b < p.Batches; b++)
        {
            float rowScale = HybridQuantization.Asymmetric(input.Slice(b * depth, depth), q, out int zeroPoint);
            for (int o = 0; o < outD; o++)
            {
                var w = weights.Slice(o * depth, depth);
                float v = 0f, kfsum = 0f;
                for (int blk = 0; blk < blocks; blk++)
                {
                    int ksum = 0, acc = 0;
                    for (int k = blk * blockSize, end = k + blockSize; k < end; k++)
                    {
                        ksum += w[k];
                        acc = (int)(acc + (float)q[k] * w[k]);
                    }
                    float scale = scales[o * blocks + blk];
                    v += acc * scale;
                    kfsum += scale * ksum;
                }
                v -= zeroPoint * kfsum;
                v *= rowScale;
                if (!bias.IsEmpty) v += bias[o];
                output[b * outD + o] = Math.Min(Math.Max(v, p.ActivationMin), p.ActivationMax);
            }
        }
    }

    internal static void Check(in FullyConnectedParams p, int inputLength, int weightsLength, int blockSize, int scalesLength, int biasLength,
        int outputLength, int scratchLength)
    {
        p.Check(inputLength, weightsLength, biasLength, outputLength);
        if (blockSize <= 0 || p.InputDepth % blockSize != 0)
            throw new ArgumentException($"blockwise fully connected: block size {blockSize} does not divide the input depth {p.InputDepth}");
        if (scalesLength < (long)p.OutputDepth * (p.InputDepth / blockSize))
            throw new ArgumentException($"blockwise fully connected: {scalesLength} scales, expected {(long)p.OutputDepth * (p.InputDepth / blockSize)}");
        if (scratchLength < p.InputDepth)
            throw new ArgumentException($"blockwise fully connected: quantized row scratch has {scratchLength} elements, expected {p.InputDepth}");
    }
}
