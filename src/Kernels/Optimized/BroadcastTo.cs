namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// BROADCAST_TO by block copies (TFLite's BroadcastImpl): below the last broadcast dimension the input and output
/// blocks are identical, so each is copied once and replicated along the broadcast dimensions. Exact.
/// </summary>
public static class BroadcastTo
{
    public static void Run<T>(ReadOnlySpan<int> inputShape, ReadOnlySpan<T> input, ReadOnlySpan<int> outputShape, Span<T> output)
        where T : unmanaged
    {
        int rank = outputShape.Length;
        Span<int> inShape = stackalloc int[rank];
        Reference.BroadcastTo.Validate(inputShape, input.Length, outputShape, output.Length, inShape);
        if (output.Length == 0) return;
        int last = -1;
        for (int d = rank - 1; d >= 0; d--)
            if (inShape[d] != outputShape[d]) { last = d; break; }
        if (last < 0)
        {
            input.CopyTo(output);
            return;
        }
        Span<int> inStrides = stackalloc int[rank];
        Span<int> outStrides = stackalloc int[rank];
        ShapeMath.Strides(inShape, inStrides);
        ShapeMath.Strides(outputShape, outStrides);
        Broadcast(input, output, inShape, outputShape, inStrides, outStrides, 0, last, 0, 0);
    }

    private static void Broadcast<T>(ReadOnlySpan<T> input, Span<T> output, ReadOnlySpan<int> inShape, ReadOnlySpan<int> outShape,
                                     ReadOnlySpan<int> inStrides, ReadOnlySpan<int> outStrides, int dim, int last,
                                     int inOffset, int outOffset) where T : unmanaged
    {
        int block = outStrides[dim];
        if (dim == last)
        {
            // The input is 1 here: its block [inOffset, inOffset + block) fills every slot of this dimension.
            var src = input.Slice(inOffset, block);
            for (int i = 0; i < outShape[dim]; i++) src.CopyTo(output.Slice(outOffset + i * block, block));
            return;
        }
        for (int i = 0; i < inShape[dim]; i++)
            Broadcast(input, output, inShape, outShape, inStrides, outStrides, dim + 1, last,
                      inOffset + i * inStrides[dim], outOffset + i * block);
        if (inShape[dim] != outShape[dim])
        {
            var first = output.Slice(outOffset, block);
            for (int i = 1; i < outShape[dim]; i++) first.CopyTo(output.Slice(outOffset + i * block, block));
        }
    }
}
