namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// STRIDED_SLICE / SLICE with incremental offsets; when the innermost stride is 1 each innermost run is one
/// <see cref="Span{T}.CopyTo"/>. Exact.
/// </summary>
public static class StridedSlice
{
    public static void Run<T>(ReadOnlySpan<int> inputShape, ReadOnlySpan<T> input, ReadOnlySpan<int> start,
                              ReadOnlySpan<int> stride, ReadOnlySpan<int> count, Span<T> output) where T : unmanaged
    {
        int rank = inputShape.Length;
        Reference.StridedSlice.Validate(inputShape, input.Length, start, stride, count, output.Length);
        if (output.Length == 0) return;
        if (rank == 0) { output[0] = input[0]; return; }

        Span<int> inStrides = stackalloc int[rank];
        ShapeMath.Strides(inputShape, inStrides);
        Span<int> step = stackalloc int[rank];   // input offset step per output step along d
        int baseOffset = 0;
        for (int d = 0; d < rank; d++)
        {
            step[d] = stride[d] * inStrides[d];
            baseOffset += start[d] * inStrides[d];
        }

        int last = rank - 1;
        int run = count[last];
        int lastStep = step[last];
        Span<int> coord = stackalloc int[rank];
        int inOffset = baseOffset;
        int o = 0;
        while (true)
        {
            Span<T> dst = output.Slice(o, run);
            if (lastStep == 1)
            {
                input.Slice(inOffset, run).CopyTo(dst);
            }
            else
            {
                int p = inOffset;
                for (int j = 0; j < dst.Length; j++, p += lastStep) dst[j] = input[p];
            }
            o += run;

            int d = last - 1;
            for (; d >= 0; d--)
            {
                inOffset += step[d];
                if (++coord[d] < count[d]) break;
                inOffset -= step[d] * count[d];
                coord[d] = 0;
            }
            if (d < 0) break;
        }
    }
}
