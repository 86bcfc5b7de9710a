using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ManagedLite.Kernels.Optimized.Quantized.Gemm;
using ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>
/// int8 BATCH_MATMUL on the int16 GEMM of <see cref="S16Gemm512"/> / <see cref="S16Gemm"/> (vpmaddwd; .NET has no VNNI
/// instruction for AMD Zen 4), same contract and bit-exact results as <see cref="BatchMatMulQuantized.RunInt8"/>: for
/// each output batch b, out[b] = L[lhsBatch[b]] x R[rhsBatch[b]] with L [Rows, Depth] (stored [Depth, Rows] when adj_x)
/// and R [Depth, Cols] (stored [Cols, Depth] when adj_y).
/// <para>
/// Both operands are widened to int16 with their offsets added (each value in [-255, 255], so every vpmaddwd pair sum is
/// exact and the int32 accumulation wraps exactly like the reference's): the rhs of each batch into the filter layout
/// of <see cref="S16Gemm.PackChannel"/> ([Cols / 16][K2 / 2][16][2], K2 = Depth rounded up to 2, padding zero), once per
/// run of batches that share it, or once per model when it is constant (<see cref="PackAllRhs"/>); the lhs rows of a
/// tile into [rows, K2] (transposed on the way for adj_x). The per-tensor multiplier fills every lane of a one-block
/// <see cref="Int8RequantTable"/> (no bias), so the requantization is that of the int8 convolutions.
/// </para>
/// <para>
/// The work divides into units of <see cref="MR"/> rows of one batch; integer results do not depend on how the units
/// are grouped, so any split across threads gives the same bits.
/// </para>
/// </summary>
public static unsafe class BatchMatMulInt8
{
    /// <summary>Rows per unit (the 8-row tile of the microkernels).</summary>
    public const int MR = 8;

    /// <summary>Upper bound of the widened lhs tile in bytes (kept within L1/L2, as the convolutions' im2col tile).</summary>
    private const int TileBytes = 32 * 1024;

    /// <summary>Which microkernel runs: the default choice for the CPU, or (tests) one of the AVX2 ones on an AVX-512 machine.</summary>
    internal enum Path { Auto, Avx2x4, Avx2x8 }

    /// <summary>
    /// The one-block requantization table for <paramref name="q"/>, or null when the vector path does not cover it (no
    /// AVX2, an offset that is not the negation of an int8 zero point, a multiplier or shift outside
    /// <see cref="VectorRequantize.MultiplierSupported"/>, or an activation range beyond int8); callers then run the
    /// reference kernel.
    /// </summary>
    public static Int8RequantTable? TryCreateRequant(in BatchMatMulQuantized.Params q)
    {
        if (!S16Gemm.IsSupported) return null;
        if (!OffsetFits(q.LhsOffset) || !OffsetFits(q.RhsOffset)) return null;
        if (q.ActivationMin < sbyte.MinValue || q.ActivationMax > sbyte.MaxValue || q.ActivationMin > q.ActivationMax) return null;
        Span<int> m = stackalloc int[16], s = stackalloc int[16];
        m.Fill(q.Multiplier);
        s.Fill(q.Shift);
        return Int8RequantTable.TryCreate(m, s, 16, 16);
    }

    private static bool OffsetFits(int offset) => offset >= -127 && offset <= 128;

    /// <summary>Depth rounded up to 2: the row length of the widened lhs and the pair count of the packed rhs times 2.</summary>
    internal static int K2(int depth) => (depth + 1) & ~1;

    /// <summary>int16 values of one packed rhs matrix.</summary>
    public static int PackedRhsLength(int depth, int cols) => checked(K2(depth) * Int8RequantTable.Pad16(cols));

    /// <summary>Row units (of <see cref="MR"/> rows) per batch: the units that <see cref="RunUnits"/> divides.</summary>
    public static int RowBlocks(int rows) => (rows + MR - 1) / MR;

    /// <summary>Rows of the widened lhs tile.</summary>
    internal static int TileRows(int rows, int depth)
    {
        int tile = Math.Max(MR, TileBytes / Math.Max(2 * K2(depth), 1) / MR * MR);
        return Math.Min(tile, RowBlocks(rows) * MR);
    }

    /// <summary>Bytes of scratch one task needs: a packed rhs (unless the rhs comes pre-packed) and the widened lhs tile.</summary>
    public static int ScratchBytes(int rows, int depth, int cols, bool rhsPrepacked)
        => checked(2 * ((rhsPrepacked ? 0 : PackedRhsLength(depth, cols)) + TileRows(rows, depth) * K2(depth)));

    /// <summary>
    /// Packs every rhs matrix of <paramref name="rhs"/> (matrices of Depth x Cols values, one after another) with
    /// <paramref name="rhsOffset"/> added, one after another, for <see cref="RunUnits"/>.
    /// </summary>
    public static void PackAllRhs(int depth, int cols, bool adjY, int rhsOffset, ReadOnlySpan<sbyte> rhs, Span<short> packed)
    {
        if (depth < 0 || cols <= 0) throw new ArgumentException("batch matmul: bad dimensions");
        if (!OffsetFits(rhsOffset)) throw new ArgumentOutOfRangeException(nameof(rhsOffset), $"batch matmul: rhs offset {rhsOffset} is not an int8 zero point's negation");
        long size = (long)depth * cols;
        int matrices = size == 0 ? 0 : (int)(rhs.Length / size);
        int len = PackedRhsLength(depth, cols);
        if (packed.Length < (long)matrices * len) throw new ArgumentException("batch matmul: packed rhs too short");
        fixed (sbyte* r = rhs)
        fixed (short* p = packed)
            for (int m = 0; m < matrices; m++)
                PackRhs(depth, cols, adjY, rhsOffset, r + m * size, p + (nint)m * len);
    }

    /// <summary>Every batch on one thread; allocates its scratch (tests, benchmarks). Falls back to the reference where the vector path does not apply.</summary>
    public static void Run(in BatchMatMulQuantized.Params q, int rows, int depth, int cols, bool adjX, bool adjY, ReadOnlySpan<sbyte> lhs,
        ReadOnlySpan<sbyte> rhs, ReadOnlySpan<int> lhsBatch, ReadOnlySpan<int> rhsBatch, Span<sbyte> output) =>
        RunWith(q, rows, depth, cols, adjX, adjY, lhs, rhs, lhsBatch, rhsBatch, output, Path.Auto);

    /// <summary>As <see cref="Run"/> with a chosen microkernel (tests).</summary>
    internal static void RunWith(in BatchMatMulQuantized.Params q, int rows, int depth, int cols, bool adjX, bool adjY, ReadOnlySpan<sbyte> lhs,
        ReadOnlySpan<sbyte> rhs, ReadOnlySpan<int> lhsBatch, ReadOnlySpan<int> rhsBatch, Span<sbyte> output, Path path)
    {
        var table = TryCreateRequant(q);
        if (table is null)
        {
            BatchMatMulQuantized.RunInt8(q, rows, depth, cols, adjX, adjY, lhs, rhs, lhsBatch, rhsBatch, output);
            return;
        }
        var scratch = new byte[Math.Max(1, ScratchBytes(rows, depth, cols, rhsPrepacked: false))];
        RunUnitsWith(q, table, rows, depth, cols, adjX, adjY, lhs, rhs, default, lhsBatch, rhsBatch, output, scratch, 0, lhsBatch.Length * RowBlocks(rows), path);
    }

    /// <summary>
    /// Computes units [<paramref name="unitStart"/>, <paramref name="unitEnd"/>) of the flattened (batch, row unit) space
    /// (<see cref="RowBlocks"/> units per batch). <paramref name="table"/> comes from <see cref="TryCreateRequant"/> for
    /// the same <paramref name="q"/>. <paramref name="packedRhs"/>: every rhs matrix packed by <see cref="PackAllRhs"/>
    /// with q's rhs offset, or empty to pack into <paramref name="scratch"/> (<see cref="ScratchBytes"/> bytes). No allocation.
    /// </summary>
    public static void RunUnits(in BatchMatMulQuantized.Params q, Int8RequantTable table, int rows, int depth, int cols, bool adjX, bool adjY,
        ReadOnlySpan<sbyte> lhs, ReadOnlySpan<sbyte> rhs, ReadOnlySpan<short> packedRhs, ReadOnlySpan<int> lhsBatch, ReadOnlySpan<int> rhsBatch,
        Span<sbyte> output, Span<byte> scratch, int unitStart, int unitEnd) =>
        RunUnitsWith(q, table, rows, depth, cols, adjX, adjY, lhs, rhs, packedRhs, lhsBatch, rhsBatch, output, scratch, unitStart, unitEnd, Path.Auto);

    /// <summary>As <see cref="RunUnits"/> with a chosen microkernel (tests).</summary>
    internal static void RunUnitsWith(in BatchMatMulQuantized.Params q, Int8RequantTable table, int rows, int depth, int cols, bool adjX, bool adjY,
        ReadOnlySpan<sbyte> lhs, ReadOnlySpan<sbyte> rhs, ReadOnlySpan<short> packedRhs, ReadOnlySpan<int> lhsBatch, ReadOnlySpan<int> rhsBatch,
        Span<sbyte> output, Span<byte> scratch, int unitStart, int unitEnd, Path path)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!S16Gemm.IsSupported) throw new PlatformNotSupportedException("batch matmul: the int8 vector path needs AVX2");
        if (!OffsetFits(q.LhsOffset) || !OffsetFits(q.RhsOffset))
            throw new ArgumentException($"batch matmul: offsets {q.LhsOffset} / {q.RhsOffset} are outside the int8 vector path (use the reference kernel)");
        if (q.ActivationMin < sbyte.MinValue || q.ActivationMax > sbyte.MaxValue)
            throw new ArgumentException($"batch matmul: activation range [{q.ActivationMin}, {q.ActivationMax}] is outside int8");
        if (table.Multiplier.Length < 16 || table.Multiplier[0] != q.Multiplier)
            throw new ArgumentException("batch matmul: the requantization table was built for other parameters");
        BatchMatMulQuantized.Check(q, rows, depth, cols, lhs.Length, rhs.Length, lhsBatch, rhsBatch, output.Length);
        if (rows == 0 || cols == 0) return;
        int blocks = RowBlocks(rows);
        if (unitStart < 0 || unitEnd > (long)lhsBatch.Length * blocks || unitStart > unitEnd)
            throw new ArgumentException($"batch matmul: unit range [{unitStart}, {unitEnd}) is outside the {(long)lhsBatch.Length * blocks} units");
        if (unitStart == unitEnd) return;
        bool prepacked = !packedRhs.IsEmpty;
        int packedLength = PackedRhsLength(depth, cols);
        if (prepacked)
        {
            for (int b = unitStart / blocks; b < lhsBatch.Length && (long)b * blocks < unitEnd; b++)
                if ((rhsBatch[b] + 1L) * packedLength > packedRhs.Length) throw new ArgumentException($"batch matmul: packed rhs has no matrix {rhsBatch[b]}");
        }
        if (scratch.Length < ScratchBytes(rows, depth, cols, prepacked)) throw new ArgumentException($"batch matmul: scratch has {scratch.Length} bytes, needs {ScratchBytes(rows, depth, cols, prepacked)}");

        int k2 = K2(depth), tileRows = TileRows(rows, depth), colBlocks = Int8RequantTable.Pad16(cols) / 16;
        long lhsSize = (long)rows * depth, rhsSize = (long)depth * cols, outSize = (long)rows * cols;
        bool v512 = path == Path.Auto && S16Gemm512.IsSupported;
        bool wide = path == Path.Avx2x8 || (path == Path.Auto && Avx512F.IsSupported);
        var q512 = v512 ? new S16Gemm512.Requant(table, 0, q.OutputOffset, q.ActivationMin, q.ActivationMax) : default;
        var e256 = v512 ? default : new QU8QS8Gemm.Epilogue(table, 0, q.OutputOffset, q.ActivationMin, q.ActivationMax);
        fixed (sbyte* pl = lhs)
        fixed (sbyte* pr = rhs)
        fixed (short* pp = packedRhs)
        fixed (sbyte* po = output)
        fixed (byte* ps = scratch)
        {
            short* packScratch = (short*)ps;
            short* aTile = prepacked ? (short*)ps : (short*)ps + packedLength;
            int packedIndex = -1;
            for (int u = unitStart; u < unitEnd;)
            {
                int b = u / blocks, block0 = u % blocks, block1 = (int)Math.Min(blocks, block0 + (long)(unitEnd - u));
                int r0 = block0 * MR, r1 = Math.Min(rows, block1 * MR);
                short* packed;
                if (prepacked)
                {
                    packed = pp + (nint)rhsBatch[b] * packedLength;
                }
                else
                {
                    if (rhsBatch[b] != packedIndex)
                    {
                        PackRhs(depth, cols, adjY, q.RhsOffset, pr + (nint)rhsBatch[b] * (nint)rhsSize, packScratch);
                        packedIndex = rhsBatch[b];
                    }
                    packed = packScratch;
                }
                sbyte* l = pl + (nint)lhsBatch[b] * (nint)lhsSize;
                sbyte* o = po + (nint)b * (nint)outSize;
                for (int t0 = r0; t0 < r1; t0 += tileRows)
                {
                    int n = Math.Min(tileRows, r1 - t0);
                    if (adjX) WidenTransposed(l, rows, depth, t0, n, q.LhsOffset, aTile, k2);
                    else WidenRows(l + (nint)t0 * depth, depth, n, q.LhsOffset, aTile, k2);
                    sbyte* c = o + (nint)t0 * cols;
                    int blk = 0;
                    if (v512)
                        for (; blk + 4 <= colBlocks && blk * 16 + 64 <= cols; blk += 4, c += 64)
                            Gemm4x64(k2 / 2, aTile, k2, n, packed + (nint)blk * k2 * 16, (nint)k2 * 16, q512, c, cols);
                    for (; blk < colBlocks; blk++, c += 16)
                    {
                        short* w = packed + (nint)blk * k2 * 16;
                        int width = Math.Min(16, cols - blk * 16);
                        if (v512)
                        {
                            S16Gemm512.Gemm(k2 / 2, aTile, k2, n, w, q512, c, cols, width);
                            continue;
                        }
                        for (int r = 0; r < n; r += wide ? MR : 4)
                        {
                            int count = Math.Min(wide ? MR : 4, n - r);
                            if (wide) S16Gemm.Gemm8x16(k2 / 2, aTile + (nint)r * k2, k2, count, w, e256, c + (nint)r * cols, cols, width);
                            else S16Gemm.Gemm4x16(k2 / 2, aTile + (nint)r * k2, k2, count, w, e256, c + (nint)r * cols, cols, width);
                        }
                    }
                }
                u += block1 - block0;
            }
        }
    }

    /// <summary>
    /// C[rows, 64] = requantize(A[rows, K2] x W) for four consecutive blocks of 16 columns of the packed rhs (the block at
    /// <paramref name="w"/> and the next three, <paramref name="blockStride"/> values apart), AVX-512 BW. Four rows by four
    /// zmm accumulators per tile: a k step is four activation-pair broadcasts and four rhs loads for sixteen vpmaddwd,
    /// against eight broadcasts for eight in <see cref="S16Gemm512.Gemm"/>, so the broadcasts take fewer of the vector
    /// pipes that the multiplies and adds need. The requantization is <see cref="S16Gemm512.Requantize"/>, lane for lane.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    private static void Gemm4x64(int steps, short* a, nint aStride, int rows, short* w, nint blockStride, in S16Gemm512.Requant q, sbyte* c, nint cStride)
    {
        short* w1 = w + blockStride, w2 = w + 2 * blockStride, w3 = w + 3 * blockStride;
        nint end = 2 * (nint)steps;
        int* acc = stackalloc int[4 * 64];
        int r = 0;
        for (; r + 4 <= rows; r += 4, a += 4 * aStride, c += 4 * cStride)
        {
            short* a0 = a, a1 = a + aStride, a2 = a + 2 * aStride, a3 = a + 3 * aStride;
            Vector512<int> c00 = default, c01 = default, c02 = default, c03 = default;
            Vector512<int> c10 = default, c11 = default, c12 = default, c13 = default;
            Vector512<int> c20 = default, c21 = default, c22 = default, c23 = default;
            Vector512<int> c30 = default, c31 = default, c32 = default, c33 = default;
            for (nint k = 0; k < end; k += 2)
            {
                nint wk = 16 * k;
                Vector512<short> v0 = Vector512.Load(w + wk), v1 = Vector512.Load(w1 + wk);
                Vector512<short> v2 = Vector512.Load(w2 + wk), v3 = Vector512.Load(w3 + wk);
                Vector512<short> x = Vector512.Create(*(int*)(a0 + k)).AsInt16();
                c00 += Avx512BW.MultiplyAddAdjacent(x, v0); c01 += Avx512BW.MultiplyAddAdjacent(x, v1);
                c02 += Avx512BW.MultiplyAddAdjacent(x, v2); c03 += Avx512BW.MultiplyAddAdjacent(x, v3);
                x = Vector512.Create(*(int*)(a1 + k)).AsInt16();
                c10 += Avx512BW.MultiplyAddAdjacent(x, v0); c11 += Avx512BW.MultiplyAddAdjacent(x, v1);
                c12 += Avx512BW.MultiplyAddAdjacent(x, v2); c13 += Avx512BW.MultiplyAddAdjacent(x, v3);
                x = Vector512.Create(*(int*)(a2 + k)).AsInt16();
                c20 += Avx512BW.MultiplyAddAdjacent(x, v0); c21 += Avx512BW.MultiplyAddAdjacent(x, v1);
                c22 += Avx512BW.MultiplyAddAdjacent(x, v2); c23 += Avx512BW.MultiplyAddAdjacent(x, v3);
                x = Vector512.Create(*(int*)(a3 + k)).AsInt16();
                c30 += Avx512BW.MultiplyAddAdjacent(x, v0); c31 += Avx512BW.MultiplyAddAdjacent(x, v1);
                c32 += Avx512BW.MultiplyAddAdjacent(x, v2); c33 += Avx512BW.MultiplyAddAdjacent(x, v3);
            }
            c00.Store(acc); c01.Store(acc + 16); c02.Store(acc + 32); c03.Store(acc + 48);
            c10.Store(acc + 64); c11.Store(acc + 80); c12.Store(acc + 96); c13.Store(acc + 112);
            c20.Store(acc + 128); c21.Store(acc + 144); c22.Store(acc + 160); c23.Store(acc + 176);
            c30.Store(acc + 192); c31.Store(acc + 208); c32.Store(acc + 224); c33.Store(acc + 240);
            StoreRows(acc, 4, c, cStride, q);
        }
        for (; r < rows; r++, a += aStride, c += cStride)
        {
            Vector512<int> c0 = default, c1 = default, c2 = default, c3 = default;
            for (nint k = 0; k < end; k += 2)
            {
                nint wk = 16 * k;
                Vector512<short> x = Vector512.Create(*(int*)(a + k)).AsInt16();
                c0 += Avx512BW.MultiplyAddAdjacent(x, Vector512.Load(w + wk));
                c1 += Avx512BW.MultiplyAddAdjacent(x, Vector512.Load(w1 + wk));
                c2 += Avx512BW.MultiplyAddAdjacent(x, Vector512.Load(w2 + wk));
                c3 += Avx512BW.MultiplyAddAdjacent(x, Vector512.Load(w3 + wk));
            }
            c0.Store(acc); c1.Store(acc + 16); c2.Store(acc + 32); c3.Store(acc + 48);
            StoreRows(acc, 1, c, cStride, q);
        }
    }

    /// <summary>
    /// Requantizes <paramref name="rows"/> rows of 64 int32 accumulators (no bias; <paramref name="acc"/>, row stride 64)
    /// and stores them as int8. Not inlined on purpose, as <see cref="QU8QS8Gemm.Epilogue.StoreRows"/>: with the
    /// accumulators spilled once per tile, every constant stays in a register, and the k loop keeps its 16 accumulators
    /// in registers (a call inside the tile with them live made the JIT store them to the stack on every k step).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void StoreRows(int* acc, int rows, sbyte* dst, nint dstStride, in S16Gemm512.Requant q)
    {
        Vector512<int> mult = q.Mult, multOdd = q.MultOdd, mask = q.Mask, half = q.Half, offset = q.Offset, min = q.Min, max = q.Max;
        Vector512<uint> left = q.Left, right = q.Right;
        bool shiftsLeft = q.ShiftsLeft;
        Vector512<long> nudge = Vector512.Create(1L << 30);
        Vector512<int> odd = S16Gemm512.OddLanes;
        for (int r = 0; r < rows; r++, acc += 64, dst += dstStride)
        for (int j = 0; j < 64; j += 16)
            Avx512F.ConvertToVector128SByte(S16Gemm512.Requantize(Vector512.Load(acc + j), shiftsLeft, left, mult, multOdd, nudge, odd, right, mask,
                                                                  half, offset, min, max)).Store(dst + j);
    }

    /// <summary>n rows of depth int8 values (row stride depth) as [n, K2] int16 with the offset added; the K tail is 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WidenRows(sbyte* src, int depth, int n, int offset, short* dst, int k2)
    {
        for (int i = 0; i < n; i++, src += depth, dst += k2)
        {
            S16Gemm.SignedWiden.Widen((byte*)src, dst, depth, offset);
            if (k2 != depth) dst[depth] = 0;
        }
    }

    /// <summary>
    /// Rows [r0, r0 + n) of A^T for an lhs stored [depth, rows], widened with the offset: dst[(i - r0) * K2 + k] =
    /// a[k * rows + i] + offset, K tail 0. Blocks of 8 rows by 8 depth pairs go through one 8 x 8 int32 transpose
    /// (an int32 lane holds the int16 pair of two consecutive depths).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WidenTransposed(sbyte* a, int rows, int depth, int r0, int n, int offset, short* dst, int k2)
    {
        int i = 0;
        Vector128<short> off = Vector128.Create((short)offset);
        Vector256<int>* v = stackalloc Vector256<int>[8];
        for (; i + 8 <= n; i += 8)
        {
            sbyte* col = a + r0 + i;
            int k = 0;
            for (; k + 16 <= depth; k += 16)
            {
                for (int p = 0; p < 8; p++)
                {
                    sbyte* s = col + (nint)(k + 2 * p) * rows;
                    Vector128<short> x0 = Sse41.ConvertToVector128Int16(Vector128.CreateScalarUnsafe(*(long*)s).AsSByte()) + off;
                    Vector128<short> x1 = Sse41.ConvertToVector128Int16(Vector128.CreateScalarUnsafe(*(long*)(s + rows)).AsSByte()) + off;
                    v[p] = Vector256.Create(Sse2.UnpackLow(x0, x1).AsInt32(), Sse2.UnpackHigh(x0, x1).AsInt32());
                }
                Transpose8x8(v, (int*)(dst + (nint)i * k2 + k), k2 / 2);
            }
            for (int j = 0; j < 8; j++)
            {
                short* d = dst + (nint)(i + j) * k2;
                for (int kk = k; kk < depth; kk++) d[kk] = (short)(col[(nint)kk * rows + j] + offset);
                if (k2 != depth) d[depth] = 0;
            }
        }
        for (; i < n; i++)
        {
            short* d = dst + (nint)i * k2;
            sbyte* s = a + r0 + i;
            for (int k = 0; k < depth; k++) d[k] = (short)(s[(nint)k * rows] + offset);
            if (k2 != depth) d[depth] = 0;
        }
    }

    /// <summary>Stores the transpose of the 8 x 8 int32 matrix v (v[r] = row r): row c of the result at dst + c * dstStride.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(Vector256<int>* v, int* dst, nint dstStride)
    {
        Vector256<int> t0 = Avx2.UnpackLow(v[0], v[1]), t1 = Avx2.UnpackHigh(v[0], v[1]);
        Vector256<int> t2 = Avx2.UnpackLow(v[2], v[3]), t3 = Avx2.UnpackHigh(v[2], v[3]);
        Vector256<int> t4 = Avx2.UnpackLow(v[4], v[5]), t5 = Avx2.UnpackHigh(v[4], v[5]);
        Vector256<int> t6 = Avx2.UnpackLow(v[6], v[7]), t7 = Avx2.UnpackHigh(v[6], v[7]);
        Vector256<int> u0 = Avx2.UnpackLow(t0.AsInt64(), t2.AsInt64()).AsInt32(), u1 = Avx2.UnpackHigh(t0.AsInt64(), t2.AsInt64()).AsInt32();
        Vector256<int> u2 = Avx2.UnpackLow(t1.AsInt64(), t3.AsInt64()).AsInt32(), u3 = Avx2.UnpackHigh(t1.AsInt64(), t3.AsInt64()).AsInt32();
        Vector256<int> u4 = Avx2.UnpackLow(t4.AsInt64(), t6.AsInt64()).AsInt32(), u5 = Avx2.UnpackHigh(t4.AsInt64(), t6.AsInt64()).AsInt32();
        Vector256<int> u6 = Avx2.UnpackLow(t5.AsInt64(), t7.AsInt64()).AsInt32(), u7 = Avx2.UnpackHigh(t5.AsInt64(), t7.AsInt64()).AsInt32();
        Avx2.Permute2x128(u0, u4, 0x20).Store(dst);
        Avx2.Permute2x128(u1, u5, 0x20).Store(dst + dstStride);
        Avx2.Permute2x128(u2, u6, 0x20).Store(dst + 2 * dstStride);
        Avx2.Permute2x128(u3, u7, 0x20).Store(dst + 3 * dstStride);
        Avx2.Permute2x128(u0, u4, 0x31).Store(dst + 4 * dstStride);
        Avx2.Permute2x128(u1, u5, 0x31).Store(dst + 5 * dstStride);
        Avx2.Permute2x128(u2, u6, 0x31).Store(dst + 6 * dstStride);
        Avx2.Permute2x128(u3, u7, 0x31).Store(dst + 7 * dstStride);
    }

    /// <summary>
    /// One rhs matrix ([depth, cols], or [cols, depth] when adj_y) with the offset added, in the [Cols / 16][K2 / 2][16][2]
    /// layout: int32 lane j of pair step p in block B holds (r(2p, 16B + j), r(2p + 1, 16B + j)); padding is zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackRhs(int depth, int cols, bool adjY, int offset, sbyte* rhs, short* packed)
    {
        int k2 = K2(depth), colBlocks = Int8RequantTable.Pad16(cols) / 16;
        nint blockLength = (nint)k2 * 16;
        Vector256<short> off = Vector256.Create((short)offset);
        Vector256<int>* v = stackalloc Vector256<int>[8];
        for (int blk = 0; blk < colBlocks; blk++)
        {
            int c0 = blk * 16;
            short* o = packed + blk * blockLength;
            if (c0 + 16 > cols)
            {
                // The partial last block: scalar, the missing columns zero.
                new Span<short>(o, (int)blockLength).Clear();
                for (int j = 0; j < cols - c0; j++)
                for (int k = 0; k < depth; k++)
                {
                    int r = adjY ? rhs[(nint)(c0 + j) * depth + k] : rhs[(nint)k * cols + c0 + j];
                    o[(k >> 1) * 32 + j * 2 + (k & 1)] = (short)(r + offset);
                }
                continue;
            }
            if (!adjY)
            {
                // rhs [depth, cols]: two consecutive rows of 16 columns interleave into one pair step.
                int k = 0;
                for (; k + 2 <= depth; k += 2, o += 32)
                {
                    sbyte* s = rhs + (nint)k * cols + c0;
                    Vector256<short> x0 = Avx2.ConvertToVector256Int16(Vector128.Load(s)) + off;
                    Vector256<short> x1 = Avx2.ConvertToVector256Int16(Vector128.Load(s + cols)) + off;
                    Vector256<short> lo = Avx2.UnpackLow(x0, x1), hi = Avx2.UnpackHigh(x0, x1);
                    Avx2.Permute2x128(lo, hi, 0x20).Store(o);
                    Avx2.Permute2x128(lo, hi, 0x31).Store(o + 16);
                }
                if (k < depth)
                {
                    Vector256<short> x0 = Avx2.ConvertToVector256Int16(Vector128.Load(rhs + (nint)k * cols + c0)) + off;
                    Vector256<short> lo = Avx2.UnpackLow(x0, Vector256<short>.Zero), hi = Avx2.UnpackHigh(x0, Vector256<short>.Zero);
                    Avx2.Permute2x128(lo, hi, 0x20).Store(o);
                    Avx2.Permute2x128(lo, hi, 0x31).Store(o + 16);
                }
            }
            else
            {
                // rhs [cols, depth]: 16 depths of a column widen to 8 int32 pairs; two 8 x 8 transposes place 16 columns.
                int k = 0;
                for (; k + 16 <= depth; k += 16)
                {
                    for (int half = 0; half < 2; half++)
                    {
                        for (int j = 0; j < 8; j++)
                            v[j] = (Avx2.ConvertToVector256Int16(Vector128.Load(rhs + (nint)(c0 + half * 8 + j) * depth + k)) + off).AsInt32();
                        Transpose8x8(v, (int*)o + (k >> 1) * 16 + half * 8, 16);
                    }
                }
                if (k < depth)
                {
                    new Span<short>(o + (k >> 1) * 32, (k2 - k) * 16).Clear();
                    for (int j = 0; j < 16; j++)
                    {
                        sbyte* s = rhs + (nint)(c0 + j) * depth;
                        for (int kk = k; kk < depth; kk++) o[(kk >> 1) * 32 + j * 2 + (kk & 1)] = (short)(s[kk] + offset);
                    }
                }
            }
        }
    }
}
