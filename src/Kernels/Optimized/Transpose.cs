using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// TRANSPOSE with the shape simplified first (size-1 dimensions dropped, input dimensions that stay adjacent
/// and in order merged). When the innermost dimension stays innermost, each run is one
/// <see cref="Span{T}.CopyTo"/>; otherwise the innermost input and output dimensions form a 2-D transpose, blocked
/// (8x8 AVX register transposes for 4-byte elements) and repeated over the other dimensions. Pure data movement:
/// bit-identical with the reference.
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
        if (step[last] != 1)
        {
            Blocked2D(input, output, outDims, step, last);
            return;
        }

        int run = outDims[last];
        Span<int> coord = stackalloc int[r2];
        int inOffset = 0, o = 0;
        while (true)
        {
            input.Slice(inOffset, run).CopyTo(output.Slice(o, run));
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

    /// <summary>
    /// The innermost output dimension comes from a strided input dimension (after merging, never the innermost
    /// input one): output dimension <c>q</c>, the one the innermost input dimension moves to, and the innermost output
    /// dimension span a 2-D transpose ([R, C] with input row stride <c>step[last]</c> to [C, R] with output row stride
    /// that of <c>q</c>), done in blocks for every coordinate of the remaining output dimensions. NCHW -> NHWC of an
    /// image is one [C, H*W] -> [H*W, C]; a [B, M, N] -> [B, N, M] is B of them.
    /// </summary>
    private static void Blocked2D<T>(ReadOnlySpan<T> input, Span<T> output, ReadOnlySpan<int> outDims, ReadOnlySpan<int> step, int last)
        where T : unmanaged
    {
        int r2 = outDims.Length;
        int q = 0;
        while (step[q] != 1) q++;                     // the output dimension fed by the innermost input dimension
        Span<int> outStrides = stackalloc int[r2];
        ShapeMath.Strides(outDims, outStrides);
        int rows = outDims[last], cols = outDims[q], ldi = step[last], ldo = outStrides[q];

        // The other output dimensions, outermost first: their extents and input/output steps.
        Span<int> dims = stackalloc int[r2];
        Span<int> inStep = stackalloc int[r2];
        Span<int> outStep = stackalloc int[r2];
        int k = 0;
        for (int i = 0; i < last; i++)
        {
            if (i == q) continue;
            dims[k] = outDims[i]; inStep[k] = step[i]; outStep[k] = outStrides[i]; k++;
        }
        Span<int> coord = stackalloc int[Math.Max(k, 1)];
        ref T src = ref MemoryMarshal.GetReference(input);
        ref T dst = ref MemoryMarshal.GetReference(output);
        nint inOffset = 0, outOffset = 0;
        while (true)
        {
            Transpose2D(ref Unsafe.Add(ref src, inOffset), ref Unsafe.Add(ref dst, outOffset), rows, cols, ldi, ldo);
            int d = k - 1;
            for (; d >= 0; d--)
            {
                inOffset += inStep[d];
                outOffset += outStep[d];
                if (++coord[d] < dims[d]) break;
                inOffset -= (nint)inStep[d] * dims[d];
                outOffset -= (nint)outStep[d] * dims[d];
                coord[d] = 0;
            }
            if (d < 0) break;
        }
    }

    private const int Tile = 16;

    /// <summary>
    /// output[c * ldo + r] = input[r * ldi + c] for r &lt; <paramref name="rows"/>, c &lt; <paramref name="cols"/>. 4-byte
    /// elements with AVX go through 8x8 register transposes (<see cref="Transpose2D32"/>); the rest in scalar tiles of
    /// <see cref="Tile"/>, so neither the reads nor the writes stride across more than a tile's cache lines.
    /// </summary>
    private static void Transpose2D<T>(ref T src, ref T dst, int rows, int cols, int ldi, int ldo) where T : unmanaged
    {
        if (Unsafe.SizeOf<T>() == 4 && Avx.IsSupported && rows >= 8 && cols >= 8)
        {
            Transpose2D32(ref Unsafe.As<T, float>(ref src), ref Unsafe.As<T, float>(ref dst), rows, cols, ldi, ldo);
            return;
        }
        for (int r0 = 0; r0 < rows; r0 += Tile)
        {
            int r1 = Math.Min(rows, r0 + Tile);
            for (int c0 = 0; c0 < cols; c0 += Tile)
            {
                int c1 = Math.Min(cols, c0 + Tile);
                for (int c = c0; c < c1; c++)
                {
                    ref T o = ref Unsafe.Add(ref dst, (nint)c * ldo);
                    for (int r = r0; r < r1; r++)
                        Unsafe.Add(ref o, r) = Unsafe.Add(ref src, (nint)r * ldi + c);
                }
            }
        }
    }

    /// <summary>
    /// <see cref="Transpose2D{T}"/> of 4-byte elements (moved as float bit patterns, never computed on) for rows and
    /// cols of at least 8: 8x8 blocks loaded as eight 256-bit rows and transposed with unpack/shuffle/lane permutes.
    /// A ragged last block row or column is moved back to end at the edge and overlaps the previous one; it rewrites
    /// the same values there (the output never aliases the input). Columns of 8-row bands, so that a band's reads
    /// are 8 sequential streams and its writes land on the lines the previous band left half-filled.
    /// </summary>
    private static void Transpose2D32(ref float src, ref float dst, int rows, int cols, int ldi, int ldo)
    {
        for (int r = 0; r < rows; r += 8)
        {
            int r0 = Math.Min(r, rows - 8);
            ref float s = ref Unsafe.Add(ref src, (nint)r0 * ldi);
            ref float d = ref Unsafe.Add(ref dst, r0);
            for (int c = 0; c < cols; c += 8)
            {
                int c0 = Math.Min(c, cols - 8);
                Block8x8(ref Unsafe.Add(ref s, c0), ldi, ref Unsafe.Add(ref d, (nint)c0 * ldo), ldo);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block8x8(ref float s, nint ldi, ref float d, nint ldo)
    {
        var a0 = Vector256.LoadUnsafe(ref s);
        var a1 = Vector256.LoadUnsafe(ref Unsafe.Add(ref s, ldi));
        var a2 = Vector256.LoadUnsafe(ref Unsafe.Add(ref s, 2 * ldi));
        var a3 = Vector256.LoadUnsafe(ref Unsafe.Add(ref s, 3 * ldi));
        var a4 = Vector256.LoadUnsafe(ref Unsafe.Add(ref s, 4 * ldi));
        var a5 = Vector256.LoadUnsafe(ref Unsafe.Add(ref s, 5 * ldi));
        var a6 = Vector256.LoadUnsafe(ref Unsafe.Add(ref s, 6 * ldi));
        var a7 = Vector256.LoadUnsafe(ref Unsafe.Add(ref s, 7 * ldi));
        // Pairs of rows interleaved: t0 = a0[0] a1[0] a0[1] a1[1] | a0[4] a1[4] a0[5] a1[5], ...
        var t0 = Avx.UnpackLow(a0, a1); var t1 = Avx.UnpackHigh(a0, a1);
        var t2 = Avx.UnpackLow(a2, a3); var t3 = Avx.UnpackHigh(a2, a3);
        var t4 = Avx.UnpackLow(a4, a5); var t5 = Avx.UnpackHigh(a4, a5);
        var t6 = Avx.UnpackLow(a6, a7); var t7 = Avx.UnpackHigh(a6, a7);
        // Quads: u0 = column 0 of rows 0-3 | column 4 of rows 0-3, u1 = columns 1 | 5, ...
        var u0 = Avx.Shuffle(t0, t2, 0x44); var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44); var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44); var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44); var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref d);
        Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref Unsafe.Add(ref d, ldo));
        Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref Unsafe.Add(ref d, 2 * ldo));
        Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref Unsafe.Add(ref d, 3 * ldo));
        Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref Unsafe.Add(ref d, 4 * ldo));
        Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref Unsafe.Add(ref d, 5 * ldo));
        Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref Unsafe.Add(ref d, 6 * ldo));
        Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref Unsafe.Add(ref d, 7 * ldo));
    }
}
