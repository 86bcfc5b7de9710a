namespace ManagedLite.Kernels.Reference;

/// <summary>
/// SPACE_TO_BATCH_ND (TFLite <c>reference_ops::SpaceToBatchND</c>) for [b, h, w, c] or [b, h, c] inputs: the spatial
/// dimensions are padded (top/left by <c>paddings</c>, the pad elements get <c>padValue</c>) and cut into
/// block-sized tiles whose positions become batches: output batch (sh * blockW + sw) * b + n holds input pixel
/// (oh * blockH + sh - padTop, ow * blockW + sw - padLeft) of batch n.
/// </summary>
public static class SpaceToBatchNd
{
    /// <summary>
    /// Output shape for <paramref name="block"/> (one entry per spatial dimension) and <paramref name="paddings"/>
    /// ([spatial, 2]); throws <see cref="ArgumentException"/> when they do not fit (block &lt; 1, negative padding,
    /// padded size not divisible by the block).
    /// </summary>
    public static int[] OutputShape(ReadOnlySpan<int> inputShape, ReadOnlySpan<int> block, ReadOnlySpan<int> paddings)
    {
        var shape = new int[inputShape.Length];
        OutputShape(inputShape, block, paddings, shape);
        return shape;
    }

    /// <summary><see cref="OutputShape(ReadOnlySpan{int}, ReadOnlySpan{int}, ReadOnlySpan{int})"/> into <paramref name="shape"/> (the input's rank), without allocating.</summary>
    public static void OutputShape(ReadOnlySpan<int> inputShape, ReadOnlySpan<int> block, ReadOnlySpan<int> paddings, Span<int> shape)
    {
        int rank = inputShape.Length;
        if (rank is < 3 or > 4) throw new ArgumentException($"input must have rank 3 or 4, got {rank}");
        int spatial = rank - 2;
        if (block.Length != spatial) throw new ArgumentException($"block_shape has {block.Length} entries, expected {spatial}");
        if (paddings.Length != 2 * spatial) throw new ArgumentException($"paddings has {paddings.Length} entries, expected {2 * spatial}");
        inputShape.CopyTo(shape);
        long batch = inputShape[0];
        for (int d = 0; d < spatial; d++)
        {
            if (block[d] < 1) throw new ArgumentException($"block_shape[{d}] is {block[d]}; it must be >= 1");
            if (paddings[2 * d] < 0 || paddings[2 * d + 1] < 0)
                throw new ArgumentException($"paddings of spatial dimension {d} are ({paddings[2 * d]},{paddings[2 * d + 1]}); they must be >= 0");
            long padded = (long)inputShape[d + 1] + paddings[2 * d] + paddings[2 * d + 1];
            if (padded % block[d] != 0)
                throw new ArgumentException($"padded spatial dimension {d} ({padded}) is not divisible by block_shape[{d}] = {block[d]}");
            if (padded / block[d] > int.MaxValue) throw new ArgumentException($"spatial dimension {d} overflows int32");
            shape[d + 1] = (int)(padded / block[d]);
            batch *= block[d];
            if (batch > int.MaxValue) throw new ArgumentException("output batch overflows int32");
        }
        shape[0] = (int)batch;
    }

    public static void Run<T>(ReadOnlySpan<int> inputShape, ReadOnlySpan<T> input, ReadOnlySpan<int> block,
                              ReadOnlySpan<int> paddings, T padValue, Span<T> output) where T : unmanaged
    {
        if (inputShape.Length is < 3 or > 4) throw new ArgumentException($"input must have rank 3 or 4, got {inputShape.Length}");
        Span<int> outShape = stackalloc int[inputShape.Length];
        OutputShape(inputShape, block, paddings, outShape);
        ShapeMath.CheckLength(input.Length, ShapeMath.FlatSize(inputShape, "input shape"), "input");
        ShapeMath.CheckLength(output.Length, ShapeMath.FlatSize(outShape, "output shape"), "output");
        bool four = inputShape.Length == 4;
        // Seen as [b, h, w, c] (a rank-3 input has w = 1).
        int inB = inputShape[0], inH = inputShape[1], inW = four ? inputShape[2] : 1, depth = inputShape[^1];
        int outB = outShape[0], outH = outShape[1], outW = four ? outShape[2] : 1;
        int blockH = block[0], blockW = four ? block[1] : 1;
        int padTop = paddings[0], padLeft = four ? paddings[2] : 0;
        if (inB == 0) { output.Fill(padValue); return; }
        for (int ob = 0; ob < outB; ob++)
        {
            int n = ob % inB;
            int shiftW = ob / inB % blockW;
            int shiftH = ob / inB / blockW;
            for (int oh = 0; oh < outH; oh++)
            {
                int ih = oh * blockH + shiftH - padTop;
                for (int ow = 0; ow < outW; ow++)
                {
                    int iw = ow * blockW + shiftW - padLeft;
                    int dst = ((ob * outH + oh) * outW + ow) * depth;
                    bool inside = ih >= 0 && ih < inH && iw >= 0 && iw < inW;
                    int src = ((n * inH + ih) * inW + iw) * depth;
                    for (int c = 0; c < depth; c++) output[dst + c] = inside ? input[src + c] : padValue;
                }
            }
        }
    }
}
