namespace ManagedLite.Kernels.Reference;

/// <summary>
/// BATCH_TO_SPACE_ND (TFLite <c>reference_ops::BatchToSpaceND</c>), the inverse of SPACE_TO_BATCH_ND for
/// [b, h, w, c] or [b, h, c] inputs: input batch k = (sh * blockW + sw) * outB + n becomes the pixels
/// (ih * blockH + sh - cropTop, iw * blockW + sw - cropLeft) of output batch n; pixels cropped away are dropped.
/// </summary>
public static class BatchToSpaceNd
{
    /// <summary>
    /// Output shape for <paramref name="block"/> and <paramref name="crops"/> ([spatial, 2]); throws
    /// <see cref="ArgumentException"/> when they do not fit (block &lt; 1, batch not divisible, negative crops,
    /// crops larger than the expanded size).
    /// </summary>
    public static int[] OutputShape(ReadOnlySpan<int> inputShape, ReadOnlySpan<int> block, ReadOnlySpan<int> crops)
    {
        var shape = new int[inputShape.Length];
        OutputShape(inputShape, block, crops, shape);
        return shape;
    }

    /// <summary><see cref="OutputShape(ReadOnlySpan{int}, ReadOnlySpan{int}, ReadOnlySpan{int})"/> into <paramref name="shape"/> (the input's rank), without allocating.</summary>
    public static void OutputShape(ReadOnlySpan<int> inputShape, ReadOnlySpan<int> block, ReadOnlySpan<int> crops, Span<int> shape)
    {
        int rank = inputShape.Length;
        if (rank is < 3 or > 4) throw new ArgumentException($"input must have rank 3 or 4, got {rank}");
        int spatial = rank - 2;
        if (block.Length != spatial) throw new ArgumentException($"block_shape has {block.Length} entries, expected {spatial}");
        if (crops.Length != 2 * spatial) throw new ArgumentException($"crops has {crops.Length} entries, expected {2 * spatial}");
        inputShape.CopyTo(shape);
        int batch = inputShape[0];
        for (int d = 0; d < spatial; d++)
        {
            if (block[d] < 1) throw new ArgumentException($"block_shape[{d}] is {block[d]}; it must be >= 1");
            if (crops[2 * d] < 0 || crops[2 * d + 1] < 0)
                throw new ArgumentException($"crops of spatial dimension {d} are ({crops[2 * d]},{crops[2 * d + 1]}); they must be >= 0");
            if (batch % block[d] != 0)
                throw new ArgumentException($"batch {batch} is not divisible by block_shape[{d}] = {block[d]}");
            batch /= block[d];
            long size = (long)inputShape[d + 1] * block[d] - crops[2 * d] - crops[2 * d + 1];
            if (size < 0) throw new ArgumentException($"crops of spatial dimension {d} remove more than its {(long)inputShape[d + 1] * block[d]} elements");
            if (size > int.MaxValue) throw new ArgumentException($"spatial dimension {d} overflows int32");
            shape[d + 1] = (int)size;
        }
        shape[0] = batch;
    }

    public static void Run<T>(ReadOnlySpan<int> inputShape, ReadOnlySpan<T> input, ReadOnlySpan<int> block,
                              ReadOnlySpan<int> crops, Span<T> output) where T : unmanaged
    {
        if (inputShape.Length is < 3 or > 4) throw new ArgumentException($"input must have rank 3 or 4, got {inputShape.Length}");
        Span<int> outShape = stackalloc int[inputShape.Length];
        OutputShape(inputShape, block, crops, outShape);
        ShapeMath.CheckLength(input.Length, ShapeMath.FlatSize(inputShape, "input shape"), "input");
        ShapeMath.CheckLength(output.Length, ShapeMath.FlatSize(outShape, "output shape"), "output");
        bool four = inputShape.Length == 4;
        // Seen as [b, h, w, c] (a rank-3 tensor has w = 1).
        int inB = inputShape[0], inH = inputShape[1], inW = four ? inputShape[2] : 1, depth = inputShape[^1];
        int outB = outShape[0], outH = outShape[1], outW = four ? outShape[2] : 1;
        int blockH = block[0], blockW = four ? block[1] : 1;
        int cropTop = crops[0], cropLeft = four ? crops[2] : 0;
        if (outB == 0) return;
        for (int ib = 0; ib < inB; ib++)
        {
            int n = ib % outB;
            int offset = ib / outB;
            for (int ih = 0; ih < inH; ih++)
            {
                int oh = ih * blockH + offset / blockW - cropTop;
                if (oh < 0 || oh >= outH) continue;
                for (int iw = 0; iw < inW; iw++)
                {
                    int ow = iw * blockW + offset % blockW - cropLeft;
                    if (ow < 0 || ow >= outW) continue;
                    int dst = ((n * outH + oh) * outW + ow) * depth;
                    int src = ((ib * inH + ih) * inW + iw) * depth;
                    for (int c = 0; c < depth; c++) output[dst + c] = input[src + c];
                }
            }
        }
    }
}
