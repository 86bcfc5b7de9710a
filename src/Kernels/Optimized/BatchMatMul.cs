using System.Numerics;
using System.Runtime.Intrinsics.X86;
using ManagedLite.Kernels.Optimized.Gemm;

namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// Float BATCH_MATMUL on the packed GEMM of <see cref="F32GemmMicrokernels"/>: for each output batch b,
/// out[b] = L[lhsBatch[b]] x R[rhsBatch[b]] with L [Rows, Depth] (stored [Depth, Rows] when adj_x) and R [Depth, Cols]
/// (stored [Cols, Depth] when adj_y), as <see cref="Reference.BatchMatMul.Run"/>.
/// <para>
/// The rhs of each batch is packed into the microkernel's panel layout (<see cref="F32Gemm"/>: per NR columns
/// [NR zeros][Depth][NR], columns past Cols zero) in scratch, once per run of batches that share it, or once per model
/// when it is constant (<see cref="PackAllRhs"/>); an adj_x lhs is transposed into scratch, its rows that a task
/// computes. The work divides into units of one row block (MR rows) of one batch; every row is computed the same way
/// whichever units share a call, so any split across threads gives the same bits.
/// </para>
/// </summary>
public static unsafe class BatchMatMul
{
    /// <summary>The microkernel for <paramref name="cols"/> output columns over <paramref name="depth"/>, or null without vector hardware.</summary>
    public static F32GemmMicrokernel? SelectMicrokernel(int cols, int depth) => F32GemmMicrokernels.SelectNarrow(cols, depth);

    /// <summary>Floats of one packed rhs matrix.</summary>
    public static int PackedRhsLength(F32GemmMicrokernel uk, int depth, int cols) => F32Gemm.PackedLength(cols, depth, uk.NR);

    /// <summary>
    /// Floats of scratch one task needs: a packed rhs (unless the rhs comes pre-packed) and, for adj_x, the transposed lhs
    /// of one batch.
    /// </summary>
    public static int ScratchLength(F32GemmMicrokernel uk, int rows, int depth, int cols, bool adjX, bool rhsPrepacked)
        => checked((rhsPrepacked ? 0 : PackedRhsLength(uk, depth, cols)) + (adjX ? rows * depth : 0));

    /// <summary>Row blocks (of MR rows) per batch: the units that <see cref="RunUnits"/> divides.</summary>
    public static int RowBlocks(F32GemmMicrokernel uk, int rows) => (rows + uk.MR - 1) / uk.MR;

    /// <summary>Packs one rhs matrix ([Depth, Cols], or [Cols, Depth] when <paramref name="adjY"/>) for <paramref name="uk"/>.</summary>
    public static void PackRhs(F32GemmMicrokernel uk, int depth, int cols, bool adjY, ReadOnlySpan<float> rhs, Span<float> packed)
    {
        if (depth < 0 || cols <= 0) throw new ArgumentException("batch matmul: bad dimensions");
        if (rhs.Length < (long)depth * cols) throw new ArgumentException("batch matmul: rhs too short");
        if (packed.Length < PackedRhsLength(uk, depth, cols)) throw new ArgumentException("batch matmul: packed rhs too short");
        fixed (float* r = rhs)
        fixed (float* p = packed)
            PackRhs(uk.NR, depth, cols, adjY, r, p);
    }

    /// <summary>Packs every rhs matrix of <paramref name="rhs"/> (matrices of Depth x Cols floats, one after another), one after another.</summary>
    public static void PackAllRhs(F32GemmMicrokernel uk, int depth, int cols, bool adjY, ReadOnlySpan<float> rhs, Span<float> packed)
    {
        long size = (long)depth * cols;
        int matrices = size == 0 ? 0 : (int)(rhs.Length / size);
        int len = PackedRhsLength(uk, depth, cols);
        if (packed.Length < (long)matrices * len) throw new ArgumentException("batch matmul: packed rhs too short");
        for (int m = 0; m < matrices; m++)
            PackRhs(uk, depth, cols, adjY, rhs.Slice((int)(m * size), (int)size), packed.Slice(m * len, len));
    }

    /// <summary>Every batch on one thread; allocates its scratch (tests, benchmarks). Same contract as the reference.</summary>
    public static void Run(int rows, int depth, int cols, bool adjX, bool adjY, ReadOnlySpan<float> lhs, ReadOnlySpan<float> rhs,
        ReadOnlySpan<int> lhsBatch, ReadOnlySpan<int> rhsBatch, Span<float> output)
    {
        var uk = SelectMicrokernel(cols, depth);
        if (uk is null)
        {
            Reference.BatchMatMul.Run(rows, depth, cols, adjX, adjY, lhs, rhs, lhsBatch, rhsBatch, output);
            return;
        }
        Run(uk, rows, depth, cols, adjX, adjY, lhs, rhs, lhsBatch, rhsBatch, output);
    }

    /// <summary>Every batch on one thread with a given microkernel; allocates its scratch.</summary>
    public static void Run(F32GemmMicrokernel uk, int rows, int depth, int cols, bool adjX, bool adjY, ReadOnlySpan<float> lhs,
        ReadOnlySpan<float> rhs, ReadOnlySpan<int> lhsBatch, ReadOnlySpan<int> rhsBatch, Span<float> output)
    {
        var scratch = new float[Math.Max(1, ScratchLength(uk, rows, depth, cols, adjX, rhsPrepacked: false))];
        RunUnits(uk, rows, depth, cols, adjX, adjY, lhs, rhs, default, lhsBatch, rhsBatch, output, scratch,
                 0, lhsBatch.Length * RowBlocks(uk, rows));
    }

    /// <summary>
    /// Computes units [<paramref name="unitStart"/>, <paramref name="unitEnd"/>) of the flattened (batch, row block) space
    /// (<see cref="RowBlocks"/> blocks per batch). <paramref name="packedRhs"/>: every rhs matrix packed by
    /// <see cref="PackAllRhs"/>, or empty to pack into <paramref name="scratch"/> (<see cref="ScratchLength"/> floats). No allocation.
    /// </summary>
    public static void RunUnits(F32GemmMicrokernel uk, int rows, int depth, int cols, bool adjX, bool adjY, ReadOnlySpan<float> lhs,
        ReadOnlySpan<float> rhs, ReadOnlySpan<float> packedRhs, ReadOnlySpan<int> lhsBatch, ReadOnlySpan<int> rhsBatch, Span<float> output,
        Span<float> scratch, int unitStart, int unitEnd)
    {
        if (!uk.IsSupported) throw new PlatformNotSupportedException($"{uk.Id} is not supported on this machine");
        if (rows < 0 || depth < 0 || cols < 0) throw new ArgumentException("batch matmul: negative dimension");
        if (lhsBatch.Length != rhsBatch.Length) throw new ArgumentException("batch matmul: batch index maps differ in length");
        if (rows == 0 || cols == 0) return;
        int blocks = RowBlocks(uk, rows);
        if (unitStart < 0 || unitEnd > (long)lhsBatch.Length * blocks || unitStart > unitEnd) throw new ArgumentException("batch matmul: unit range out of bounds");
        bool prepacked = !packedRhs.IsEmpty;
        int packedLength = PackedRhsLength(uk, depth, cols);
        long lhsSize = (long)rows * depth, rhsSize = (long)depth * cols, outSize = (long)rows * cols;
        if (output.Length < outSize * lhsBatch.Length) throw new ArgumentException($"batch matmul: output has {output.Length} elements, expected {outSize * lhsBatch.Length}");
        if (scratch.Length < ScratchLength(uk, rows, depth, cols, adjX, prepacked)) throw new ArgumentException("batch matmul: scratch too short");
        for (int b = unitStart / blocks; b < lhsBatch.Length && (long)b * blocks < unitEnd; b++)
        {
            if (lhsBatch[b] < 0 || (lhsBatch[b] + 1) * lhsSize > lhs.Length) throw new ArgumentException($"batch matmul: lhs batch {lhsBatch[b]} out of range");
            if (prepacked
                    ? rhsBatch[b] < 0 || (rhsBatch[b] + 1L) * packedLength > packedRhs.Length
                    : rhsBatch[b] < 0 || (rhsBatch[b] + 1) * rhsSize > rhs.Length)
                throw new ArgumentException($"batch matmul: rhs batch {rhsBatch[b]} out of range");
        }
        fixed (float* pl = lhs)
        fixed (float* pr = rhs)
        fixed (float* pp = packedRhs)
        fixed (float* po = output)
        fixed (float* ps = scratch)
        {
            float* packScratch = ps;
            float* lhsScratch = prepacked ? ps : ps + packedLength;
            int packedIndex = -1;
            for (int u = unitStart; u < unitEnd;)
            {
                int b = u / blocks, block0 = u % blocks, block1 = (int)Math.Min(blocks, block0 + (long)(unitEnd - u));
                int r0 = block0 * uk.MR, r1 = Math.Min(rows, block1 * uk.MR);
                float* packed;
                if (prepacked)
                {
                    packed = pp + (nint)rhsBatch[b] * packedLength;
                }
                else
                {
                    if (rhsBatch[b] != packedIndex)
                    {
                        PackRhs(uk.NR, depth, cols, adjY, pr + (nint)rhsBatch[b] * (nint)rhsSize, packScratch);
                        packedIndex = rhsBatch[b];
                    }
                    packed = packScratch;
                }
                float* a = pl + (nint)lhsBatch[b] * (nint)lhsSize;
                if (adjX)
                {
                    TransposeRows(a, rows, depth, r0, r1, lhsScratch);
                    a = lhsScratch;
                }
                else
                {
                    a += (nint)r0 * depth;
                }
                F32Gemm.Run(uk, r1 - r0, cols, depth, a, depth, packed, po + (nint)b * (nint)outSize + (nint)r0 * cols, cols,
                            float.NegativeInfinity, float.PositiveInfinity);
                u += block1 - block0;
            }
        }
    }

    /// <summary>Rows [r0, r1) of A^T for A stored [depth, rows]: dst[(i - r0) * depth + k] = a[k * rows + i].</summary>
    private static void TransposeRows(float* a, int rows, int depth, int r0, int r1, float* dst)
        => Transpose(a + r0, rows, depth, r1 - r0, dst, depth);

    /// <summary>dst[c * dstStride + r] = src[r * srcStride + c] for r &lt; rowCount, c &lt; colCount; 8 x 8 blocks with AVX.</summary>
    private static void Transpose(float* src, nint srcStride, int rowCount, int colCount, float* dst, nint dstStride)
    {
        int r = 0;
        if (Avx.IsSupported)
        {
            for (; r + 8 <= rowCount; r += 8)
            {
                int c = 0;
                for (; c + 8 <= colCount; c += 8)
                    Transpose8x8(src + r * srcStride + c, srcStride, dst + c * dstStride + r, dstStride);
                for (; c < colCount; c++)
                for (int i = r; i < r + 8; i++)
                    dst[c * dstStride + i] = src[i * srcStride + c];
            }
        }
        for (; r < rowCount; r++)
        {
            float* s = src + r * srcStride;
            float* d = dst + r;
            for (int c = 0; c < colCount; c++, d += dstStride) *d = s[c];
        }
    }

    private static void Transpose8x8(float* s, nint ss, float* d, nint ds)
    {
        var r0 = Avx.LoadVector256(s); var r1 = Avx.LoadVector256(s + ss);
        var r2 = Avx.LoadVector256(s + 2 * ss); var r3 = Avx.LoadVector256(s + 3 * ss);
        var r4 = Avx.LoadVector256(s + 4 * ss); var r5 = Avx.LoadVector256(s + 5 * ss);
        var r6 = Avx.LoadVector256(s + 6 * ss); var r7 = Avx.LoadVector256(s + 7 * ss);
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44); var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44); var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44); var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44); var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(d, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(d + ds, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(d + 2 * ds, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(d + 3 * ds, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(d + 4 * ds, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(d + 5 * ds, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(d + 6 * ds, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(d + 7 * ds, Avx.Permute2x128(u3, u7, 0x31));
    }

    private static void PackRhs(int nr, int depth, int cols, bool adjY, float* rhs, float* packed)
    {
        float* o = packed;
        int vl = Vector<float>.Count;
        for (int n0 = 0; n0 < cols; n0 += nr)
        {
            int w = Math.Min(nr, cols - n0);
            new Span<float>(o, nr).Clear(); // bias
            o += nr;
            if (!adjY)
            {
                // rhs [depth, cols]: each k contributes a contiguous run of w columns.
                float* s = rhs + n0;
                if (w == nr && nr % vl == 0 && Vector.IsHardwareAccelerated)
                {
                    for (int k = 0; k < depth; k++, o += nr, s += cols)
                        for (int j = 0; j < nr; j += vl) Vector.Store(Vector.Load(s + j), o + j);
                }
                else
                {
                    for (int k = 0; k < depth; k++, o += nr, s += cols)
                    {
                        int j = 0;
                        for (; j < w; j++) o[j] = s[j];
                        for (; j < nr; j++) o[j] = 0f;
                    }
                }
            }
            else
            {
                // rhs [cols, depth]: the panel is the transpose of rows n0 .. n0 + w.
                if (w < nr) new Span<float>(o, depth * nr).Clear();
                Transpose(rhs + (nint)n0 * depth, depth, w, depth, o, nr);
                o += (nint)depth * nr;
            }
        }
    }
}
