using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Hybrid;

/// <summary>
/// Dynamic-range FULLY_CONNECTED (TFLite fully_connected.cc EvalHybridDense with portable_tensor_utils): float
/// input [Batches, InputDepth], constant int8 weights [OutputDepth, InputDepth] with one scale or one per output
/// row, float bias, float output. Each input row is quantized on the fly (symmetric, or asymmetric with a zero
/// point), accumulated in int32, then per output:
/// <c>out = clamp(bias + (float)dot * (rowScale * weightScale), min, max)</c>, where with an asymmetric row
/// <c>dot -= rowSum(weights) * zeroPoint</c>. Every float operation is single precision in TFLite's order.
/// </summary>
public static class HybridFullyConnected
{
    /// <summary>
    /// <paramref name="weightScales"/>: 1 (per tensor) or OutputDepth scales. <paramref name="rowSums"/>: the
    /// weights' row sums (<see cref="HybridQuantization.RowSums"/>), needed only when <paramref name="asymmetric"/>.
    /// <paramref name="quantizedRow"/>: scratch of at least InputDepth values. <paramref name="bias"/> may be empty.
    /// </summary>
    public static void Run(in FullyConnectedParams p, ReadOnlySpan<float> input, ReadOnlySpan<sbyte> weights,
        ReadOnlySpan<float> weightScales, ReadOnlySpan<float> bias, Span<float> output, bool asymmetric,
        ReadOnlySpan<int> rowSums, Span<sbyte> quantizedRow)
    {
        Check(p, input.Length, weights.Length, weightScales.Length, bias.Length, output.Length, asymmetric, rowSums.Length, quantizedRow.Length);
        int depth = p.InputDepth, outD = p.OutputDepth;
        bool perChannel = weightScales.Length > 1;
        var q = quantizedRow[..depth];
        for (int b = 0; b < p.Batches; b++)
        {
            var row = input.Slice(b * depth, depth);
            int offset = 0;
            float rowScale = asymmetric ? HybridQuantization.Asymmetric(row, q, out offset) : HybridQuantization.Symmetric(row, q);
            float batchScale = perChannel ? rowScale : rowScale * weightScales[0];
            for (int o = 0; o < outD; o++)
            {
                var w = weights.Slice(o * depth, depth);
                int dot = 0;
                for (int i = 0; i < depth; i++) dot = unchecked(dot + w[i] * q[i]);
                if (asymmetric) dot = unchecked(dot - rowSums[o] * offset);
                output[b * outD + o] = Finish(dot, perChannel ? batchScale * weightScales[o] : batchScale, bias.IsEmpty ? 0f : bias[o], p.ActivationMin, p.ActivationMax);
            }
        }
    }

    /// <summary>bias + (float)dot * scale, clamped (TFLite: result = bias; result += dot * scale; activation).</summary>
    internal static float Finish(int dot, float scale, float bias, float min, float max)
    {
        float product = dot * scale;
        float v = bias + product;
        return Math.Min(Math.Max(v, min), max);
    }

    internal static void Check(in FullyConnectedParams p, int inputLength, int weightsLength, int scalesLength, int biasLength,
        int outputLength, bool asymmetric, int rowSumsLength, int scratchLength)
    {
        p.Check(inputLength, weightsLength, biasLength, outputLength);
        if (scalesLength != 1 && scalesLength != p.OutputDepth)
            throw new ArgumentException($"hybrid fully connected: expected 1 or {p.OutputDepth} weight scales, got {scalesLength}");
        if (asymmetric && rowSumsLength < p.OutputDepth)
            throw new ArgumentException($"hybrid fully connected: row sums have {rowSumsLength} elements, expected {p.OutputDepth}");
        if (scratchLength < p.InputDepth)
            throw new ArgumentException($"hybrid fully connected: quantized row scratch has {scratchLength} elements, expected {p.InputDepth}");
    }
}
