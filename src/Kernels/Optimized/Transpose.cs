namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// TRANSPOSE with the shape simplified first (size-1 dimensions dropped, input dimensions that stay adjacent
/// and in order merged). When the innermost dimension stays innermost, each run is one
/// <see cref="Span{T}.CopyTo"/>; otherwise the innermost output loop is a strided gather with incremental offsets.
/// </summary>
public static class Transpose
{
    public static void Run<T>(ReadOnlySpan<int> inputShape, ReadOnlySpan<int> perm, ReadOnlySpan<T> input, Span<T> output)
        where T : unmanaged
    {
        int rank = inputShape.Length;
        Span<int> outShape = stackalloc int[rank];
        Reference.Transpose.Validate(inputShape, perm, input.Length, output.Length, outShape);
        if (output.Length == 0) return;

        // Drop size-1 input dimensions: map each kept input dim to a compact index.
        Span<int> compact = stackalloc int[rank];
        Span<int> shape1 = stackalloc int[rank];
        int r1 = 0;
        for (int d = 0; d < rank; d++)
        {
            if (inputShape[d] == 1) { compact[d] = -1; continue; }
            compact[d] = r1;
            shape1[r1++] = inputShape[d];
        }
        Span<int> perm1 = stackalloc int[r1];
        for (int i = 0, j = 0; i < rank; i++)
            if (compact[perm[i]] >= 0) perm1[j++] = compact[perm[i]];

        // Merge runs where output dims i, i+1 come from input dims p, p+1.
        Span<int> groupOf = stackalloc int[r1];       // input dim -> merged group (in input order)
        Span<int> startsGroup = stackalloc int[r1];
        for (int i = 0; i < r1; i++) startsGroup[perm1[i]] = (i == 0 || perm1[i] != perm1[i - 1] + 1) ? 1 : 0;
        int g = 0;
        Span<int> shape2 = stackalloc int[r1];
        for (int d = 0; d < r1; d++)
        {
            if (d > 0 && startsGroup[d] == 1) g++;
            if (d == 0 || startsGroup[d] == 1) shape2[g] = 1;
            groupOf[d] = g;
            shape2[g] *= shape1[d];
        }
        int r2 = r1 == 0 ? 0 : g + 1;
        Span<int> perm2 = stackalloc int[r2];
        for (int i = 0, j = 0; i < r1; i++)
            if (i == 0 || startsGroup[perm1[i]] == 1) perm2[j++] = groupOf[perm1[i]];

        if (r2 <= 1)
        {
            input.CopyTo(output);
            return;
        }
        shape2 = shape2[..r2];

        Span<int> inStrides = stackalloc int[r2];
        ShapeMath.Strides(shape2, inStrides);
        Span<int> outDims = stackalloc int[r2];
        Span<int> step = stackalloc int[r2];          // input step per output step along output dim i
        for (int i = 0; i < r2; i++)
        {
            outDims[i] = shape2[perm2[i]];
            step[i] = inStrides[perm2[i]];
        }

        int last = r2 - 1;
        int run = outDims[last];
        int lastStep = step[last];
        Span<int> coord = stackalloc int[r2];
        int inOffset = 0, o = 0;
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
                if (++coord[d] < outDims[d]) break;
                inOffset -= step[d] * outDims[d];
                coord[d] = 0;
            }
            if (d < 0) break;
        }
    }
}
