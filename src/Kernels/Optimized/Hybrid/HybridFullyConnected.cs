using System.Buffers;
using ManagedLite.Kernels.Optimized.Quantized;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Optimized.Hybrid;

/// <summary>
/// Dynamic-range FULLY_CONNECTED, same signature and bit-exact results as
/// <see cref="Reference.Hybrid.HybridFullyConnected"/>: the quantized row is widened once to int16 and each output
/// is one SIMD int8 x int16 dot product (exact in int32), followed by the reference's float finishing.
/// </summary>
public static class HybridFullyConnected
{
    private const int StackRowLimit = 4096;

    public static void Run(in FullyConnectedParams p, ReadOnlySpan<float> input, ReadOnlySpan<sbyte> weights,
        ReadOnlySpan<float> weightScales, ReadOnlySpan<float> bias, Span<float> output, bool asymmetric,
        ReadOnlySpan<int> rowSums, Span<sbyte> quantizedRow)
    {
        if (!Int8DotProduct.IsAccelerated)
        {
            Reference.Hybrid.HybridFullyConnected.Run(p, input, weights, weightScales, bias, output, asymmetric, rowSums, quantizedRow);
            return;
        }
        Reference.Hybrid.HybridFullyConnected.Check(p, input.Length, weights.Length, weightScales.Length, bias.Length, output.Length,
            asymmetric, rowSums.Length, quantizedRow.Length);
        int depth = p.InputDepth;
        short[]? rented = null;
        Span<short> wide = depth <= StackRowLimit ? stackalloc short[StackRowLimit] : (rented = ArrayPool<short>.Shared.Rent(depth));
        try
        {
            Compute(p, input, weights, weightScales, bias, output, asymmetric, rowSums, quantizedRow[..depth], wide[..depth]);
        }
        finally
        {
            if (rented is not null) ArrayPool<short>.Shared.Return(rented);
        }
    }

    private static void Compute(in FullyConnectedParams p, ReadOnlySpan<float> input, ReadOnlySpan<sbyte> weights,
        ReadOnlySpan<float> weightScales, ReadOnlySpan<float> bias, Span<float> output, bool asymmetric,
        ReadOnlySpan<int> rowSums, Span<sbyte> q, Span<short> wide)
    {
        int depth = p.InputDepth, outD = p.OutputDepth;
        bool perChannel = weightScales.Length > 1;
        for (int b = 0; b < p.Batches; b++)
        {
            var row = input.Slice(b * depth, depth);
            int offset = 0;
            float rowScale = asymmetric ? HybridQuantization.Asymmetric(row, q, out offset) : HybridQuantization.Symmetric(row, q);
            float batchScale = perChannel ? rowScale : rowScale * weightScales[0];
            Int8DotProduct.WidenWithOffset(q, 0, wide);
            ReadOnlySpan<short> x = wide;
            var o = output.Slice(b * outD, outD);
            for (int r = 0; r < outD; r++)
            {
                int dot = Int8DotProduct.Dot(x, weights.Slice(r * depth, depth));
                if (asymmetric) dot = unchecked(dot - rowSums[r] * offset);
                float scale = perChannel ? batchScale * weightScales[r] : batchScale;
                float product = dot * scale;
                float v = (bias.IsEmpty ? 0f : bias[r]) + product;
                o[r] = Math.Min(Math.Max(v, p.ActivationMin), p.ActivationMax);
            }
        }
    }
}
