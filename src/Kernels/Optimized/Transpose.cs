using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
        // [R, C] -> [C, R], and the same under a leading batch dimension (NCHW -> NHWC of an image: [C, H*W] -> [H*W, C]):
        // tiles of both dimensions, so neither the reads nor the writes stride across more than a tile's cache lines.
        if (r2 == 2)
        {
            Transpose2D(input, output, shape2[0], shape2[1]);
            return;
        }
        if (r2 == 3 && perm2[0] == 0 && perm2[1] == 2 && perm2[2] == 1)
        {
            int plane = shape2[1] * shape2[2];
            for (int b = 0; b < shape2[0]; b++)
                Transpose2D(input.Slice(b * plane, plane), output.Slice(b * plane, plane), shape2[1], shape2[2]);
            return;
        }

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

    private const int Tile = 16;

    /// <summary>output[c * rows + r] = input[r * cols + c] for an input of [rows, cols], in tiles of <see cref="Tile"/>.</summary>
    private static void Transpose2D<T>(ReadOnlySpan<T> input, Span<T> output, int rows, int cols) where T : unmanaged
    {
        if ((long)rows * cols != input.Length || output.Length != input.Length)
            throw new ArgumentException($"transpose of [{rows}, {cols}] needs {(long)rows * cols} elements, has {input.Length} -> {output.Length}");
        ref T src = ref MemoryMarshal.GetReference(input);
        ref T dst = ref MemoryMarshal.GetReference(output);
        for (int r0 = 0; r0 < rows; r0 += Tile)
        {
            int r1 = Math.Min(rows, r0 + Tile);
            for (int c0 = 0; c0 < cols; c0 += Tile)
            {
                int c1 = Math.Min(cols, c0 + Tile);
                for (int c = c0; c < c1; c++)
                {
                    ref T o = ref Unsafe.Add(ref dst, (nint)c * rows);
                    for (int r = r0; r < r1; r++)
                        Unsafe.Add(ref o, r) = Unsafe.Add(ref src, (nint)r * cols + c);
                }
            }
        }
    }
}
