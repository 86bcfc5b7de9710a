using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ManagedLite.Kernels.Optimized.Quantized.Gemm;
using ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>
/// int16 BATCH_MATMUL (zero points 0) on AVX-512 (F, BW, DQ), same contract and bit-exact results as
/// <see cref="BatchMatMulQuantized.RunInt16"/>: int64 accumulation and the int64 MultiplyByQuantizedMultiplier.
/// <para>
/// The rhs of each batch is packed as the int8 kernel's ([Cols / 16][K2 / 2][16][2], <see cref="BatchMatMulInt8"/>),
/// the lhs rows of a tile copied into [rows, K2] (transposed for adj_x), both without widening. A vpmaddwd pair sum
/// p = a0 w0 + a1 w1 lies in [-2^31 + 2^16, 2^31]: only 2^31 (all four values -32768) wraps, to int.MinValue, so p - 1
/// (wrapping) is the true sum minus one exactly. Each step adds sign-extended p - 1 to int64 accumulators, and the
/// number of steps is added back at the end (padding pairs are 0 and contribute -1 + 1).
/// </para>
/// <para>Requantization per lane: (acc * reduced multiplier + 2^(14 - shift)) &gt;&gt; (15 - shift) in wrapping int64
/// (vpmullq, vpsraq), truncated to int32, plus the output offset, clamped.</para>
/// </summary>
public static unsafe class BatchMatMulInt16
{
    /// <summary>Rows per unit (as <see cref="BatchMatMulInt8.MR"/>).</summary>
    public const int MR = BatchMatMulInt8.MR;

    public static bool IsSupported => Avx512BW.IsSupported && Avx512DQ.IsSupported;

    /// <summary>True when <see cref="RunUnits"/> covers <paramref name="q"/> on this CPU: zero offsets, shift in [-31, 7], an int16 activation range.</summary>
    public static bool Covers(in BatchMatMulQuantized.Params q) =>
        IsSupported && q.LhsOffset == 0 && q.RhsOffset == 0 && q.Shift >= -31 && q.Shift <= 7 && q.Multiplier >= 0
        && q.ActivationMin >= short.MinValue && q.ActivationMax <= short.MaxValue && q.ActivationMin <= q.ActivationMax;

    // The rhs packing, row units and tiles are the int8 kernel's (same layout, same MR).
    private static int K2(int depth) => BatchMatMulInt8.K2(depth);

    private static int TileRows(int rows, int depth) => BatchMatMulInt8.TileRows(rows, depth);

    /// <summary>int16 values of one packed rhs matrix.</summary>
    public static int PackedRhsLength(int depth, int cols) => BatchMatMulInt8.PackedRhsLength(depth, cols);

    /// <summary>Row units (of <see cref="MR"/> rows) per batch.</summary>
    public static int RowBlocks(int rows) => BatchMatMulInt8.RowBlocks(rows);

    /// <summary>Bytes of scratch one task needs: a packed rhs (unless pre-packed) and the lhs tile.</summary>
    public static int ScratchBytes(int rows, int depth, int cols, bool rhsPrepacked) => BatchMatMulInt8.ScratchBytes(rows, depth, cols, rhsPrepacked);

    /// <summary>Packs every rhs matrix of <paramref name="rhs"/> (Depth x Cols values each), one after another.</summary>
    public static void PackAllRhs(int depth, int cols, bool adjY, ReadOnlySpan<short> rhs, Span<short> packed)
    {
        if (depth < 0 || cols <= 0) throw new ArgumentException("batch matmul: bad dimensions");
        long size = (long)depth * cols;
        int matrices = size == 0 ? 0 : (int)(rhs.Length / size);
        int len = PackedRhsLength(depth, cols);
        if (packed.Length < (long)matrices * len) throw new ArgumentException("batch matmul: packed rhs too short");
        fixed (short* r = rhs)
        fixed (short* p = packed)
            for (int m = 0; m < matrices; m++)
                PackRhs(depth, cols, adjY, r + m * size, p + (nint)m * len);
    }

    /// <summary>Every batch on one thread; allocates its scratch (tests). Falls back to the reference where <see cref="Covers"/> is false.</summary>
    public static void Run(in BatchMatMulQuantized.Params q, int rows, int depth, int cols, bool adjX, bool adjY, ReadOnlySpan<short> lhs,
        ReadOnlySpan<short> rhs, ReadOnlySpan<int> lhsBatch, ReadOnlySpan<int> rhsBatch, Span<short> output)
    {
        if (!Covers(q))
        {
            BatchMatMulQuantized.RunInt16(q, rows, depth, cols, adjX, adjY, lhs, rhs, lhsBatch, rhsBatch, output);
            return;
        }
        var scratch = new byte[Math.Max(1, ScratchBytes(rows, depth, cols, rhsPrepacked: false))];
        RunUnits(q, rows, depth, cols, adjX, adjY, lhs, rhs, default, lhsBatch, rhsBatch, output, scratch, 0, lhsBatch.Length * RowBlocks(rows));
    }

    /// <summary>
    /// Units [<paramref name="unitStart"/>, <paramref name="unitEnd"/>) of the (batch, row unit) space; as
    /// <see cref="BatchMatMulInt8.RunUnits"/>, with <paramref name="packedRhs"/> from <see cref="PackAllRhs"/> or empty. No allocation.
    /// </summary>
    public static void RunUnits(in BatchMatMulQuantized.Params q, int rows, int depth, int cols, bool adjX, bool adjY,
        ReadOnlySpan<short> lhs, ReadOnlySpan<short> rhs, ReadOnlySpan<short> packedRhs, ReadOnlySpan<int> lhsBatch, ReadOnlySpan<int> rhsBatch,
        Span<short> output, Span<byte> scratch, int unitStart, int unitEnd)
    {
        if (!IsSupported) throw new PlatformNotSupportedException("batch matmul: the int16 vector path needs AVX-512 F, BW and DQ");
        if (!Covers(q)) throw new ArgumentException("batch matmul: parameters outside the int16 vector path (nonzero offsets, shift outside [-31, 7] or a range beyond int16)");
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
        var rq = new Requant(q, k2 / 2);
        fixed (short* pl = lhs)
        fixed (short* pr = rhs)
        fixed (short* pp = packedRhs)
        fixed (short* po = output)
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
                        PackRhs(depth, cols, adjY, pr + (nint)rhsBatch[b] * (nint)rhsSize, packScratch);
                        packedIndex = rhsBatch[b];
                    }
                    packed = packScratch;
                }
                short* l = pl + (nint)lhsBatch[b] * (nint)lhsSize;
                short* o = po + (nint)b * (nint)outSize;
                for (int t0 = r0; t0 < r1; t0 += tileRows)
                {
                    int n = Math.Min(tileRows, r1 - t0);
                    CopyRows(l, rows, depth, adjX, t0, n, aTile, k2);
                    short* c = o + (nint)t0 * cols;
                    for (int blk = 0; blk < colBlocks; blk++, c += 16)
                    {
                        short* w = packed + (nint)blk * k2 * 16;
                        int width = Math.Min(16, cols - blk * 16);
                        for (int r = 0; r < n; r += 4)
                            Gemm4x16(k2 / 2, aTile + (nint)r * k2, k2, Math.Min(4, n - r), w, rq, c + (nint)r * cols, cols, width);
                    }
                }
                u += block1 - block0;
            }
        }
    }

    /// <summary>The requantization constants in int64 lanes (and the steps to add back).</summary>
    private readonly struct Requant
    {
        public readonly Vector512<long> Steps, Multiplier, Round, Offset, Min, Max;
        public readonly Vector512<ulong> Shift;

        public Requant(in BatchMatMulQuantized.Params q, int steps)
        {
            int reduced = q.Multiplier < 0x7FFF0000 ? (q.Multiplier + (1 << 15)) >> 16 : 0x7FFF;
            int total = 15 - q.Shift;
            Steps = Vector512.Create((long)steps);
            Multiplier = Vector512.Create((long)reduced);
            Round = Vector512.Create(1L << (total - 1));
            Shift = Vector512.Create((ulong)total);
            Offset = Vector512.Create((long)q.OutputOffset);
            Min = Vector512.Create((long)q.ActivationMin);
            Max = Vector512.Create((long)q.ActivationMax);
        }
    }

    /// <summary>
    /// Up to 4 rows by 16 columns: two int64 accumulators (columns 0-7, 8-15) per row. Rows past <paramref name="rows"/>
    /// alias the last valid row and are not stored.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    private static void Gemm4x16(int steps, short* a, nint aStride, int rows, short* w, in Requant q, short* c, nint cStride, int cols)
    {
        short* a0 = a;
        short* a1 = rows > 1 ? a0 + aStride : a0;
        short* a2 = rows > 2 ? a1 + aStride : a1;
        short* a3 = rows > 3 ? a2 + aStride : a2;
        Vector512<long> l0 = default, h0 = default, l1 = default, h1 = default, l2 = default, h2 = default, l3 = default, h3 = default;
        Vector512<int> minusOne = Vector512<int>.AllBitsSet;
        nint end = 2 * (nint)steps;
        for (nint k = 0; k < end; k += 2, w += 32)
        {
            Vector512<short> wv = Vector512.Load(w);
            Vector512<int> p = Avx512BW.MultiplyAddAdjacent(Vector512.Create(*(int*)(a0 + k)).AsInt16(), wv) + minusOne;
            l0 += Avx512F.ConvertToVector512Int64(p.GetLower()); h0 += Avx512F.ConvertToVector512Int64(p.GetUpper());
            p = Avx512BW.MultiplyAddAdjacent(Vector512.Create(*(int*)(a1 + k)).AsInt16(), wv) + minusOne;
            l1 += Avx512F.ConvertToVector512Int64(p.GetLower()); h1 += Avx512F.ConvertToVector512Int64(p.GetUpper());
            p = Avx512BW.MultiplyAddAdjacent(Vector512.Create(*(int*)(a2 + k)).AsInt16(), wv) + minusOne;
            l2 += Avx512F.ConvertToVector512Int64(p.GetLower()); h2 += Avx512F.ConvertToVector512Int64(p.GetUpper());
            p = Avx512BW.MultiplyAddAdjacent(Vector512.Create(*(int*)(a3 + k)).AsInt16(), wv) + minusOne;
            l3 += Avx512F.ConvertToVector512Int64(p.GetLower()); h3 += Avx512F.ConvertToVector512Int64(p.GetUpper());
        }
        Store(l0, h0, c, cols, q);
        if (rows > 1) Store(l1, h1, c + cStride, cols, q);
        if (rows > 2) Store(l2, h2, c + 2 * cStride, cols, q);
        if (rows > 3) Store(l3, h3, c + 3 * cStride, cols, q);
    }

    /// <summary>MultiplyByQuantizedMultiplier (int64) of 16 accumulators plus the offset, clamped, stored as int16 (the first <paramref name="cols"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector512<long> lo, Vector512<long> hi, short* dst, int cols, in Requant q)
    {
        Vector256<int> x0 = Avx512F.ConvertToVector256Int32(Finish(lo, q));
        Vector256<int> x1 = Avx512F.ConvertToVector256Int32(Finish(hi, q));
        Vector256<short> s = Avx512BW.ConvertToVector256Int16(Vector512.Create(x0, x1));
        if (cols == 16)
        {
            s.Store(dst);
            return;
        }
        for (int j = 0; j < cols; j++) dst[j] = s.GetElement(j);
    }

    /// <summary>One lane group: the steps added back, the int64 multiply and shift, truncated to int32 in int64 lanes, offset, clamp.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<long> Finish(Vector512<long> acc, in Requant q)
    {
        acc += q.Steps;
        Vector512<long> v = Avx512F.ShiftRightArithmeticVariable(Avx512DQ.MultiplyLow(acc, q.Multiplier) + q.Round, q.Shift);
        // (int)v + offset in wrapping int32 is the sign-extended low half of v + offset.
        Vector512<long> sum = Avx512F.ShiftRightArithmetic(Avx512F.ShiftLeftLogical(v + q.Offset, 32), 32);
        return Vector512.Min(Vector512.Max(sum, q.Min), q.Max);
    }

    /// <summary>Rows [r0, r0 + n) of the lhs ([rows, depth], or [depth, rows] when adj_x) as [n, K2] int16, K tail 0.</summary>
    private static void CopyRows(short* a, int rows, int depth, bool adjX, int r0, int n, short* dst, int k2)
    {
        for (int i = 0; i < n; i++)
        {
            short* d = dst + (nint)i * k2;
            if (adjX)
            {
                short* s = a + r0 + i;
                for (int k = 0; k < depth; k++) d[k] = s[(nint)k * rows];
            }
            else
            {
                new ReadOnlySpan<short>(a + (nint)(r0 + i) * depth, depth).CopyTo(new Span<short>(d, depth));
            }
            if (k2 != depth) d[depth] = 0;
        }
    }

    /// <summary>One rhs matrix in the [Cols / 16][K2 / 2][16][2] layout, padding zero.</summary>
    private static void PackRhs(int depth, int cols, bool adjY, short* rhs, short* packed)
    {
        int k2 = K2(depth), colBlocks = Int8RequantTable.Pad16(cols) / 16;
        new Span<short>(packed, checked(k2 * colBlocks * 16)).Clear();
        for (int blk = 0; blk < colBlocks; blk++)
        {
            short* o = packed + (nint)blk * k2 * 16;
            int width = Math.Min(16, cols - blk * 16);
            if (adjY)
            {
                for (int j = 0; j < width; j++)
                {
                    short* s = rhs + (nint)(blk * 16 + j) * depth;
                    for (int k = 0; k < depth; k++) o[(k >> 1) * 32 + j * 2 + (k & 1)] = s[k];
                }
            }
            else
            {
                for (int k = 0; k < depth; k++)
                {
                    short* s = rhs + (nint)k * cols + blk * 16;
                    short* d = o + (k >> 1) * 32 + (k & 1);
                    for (int j = 0; j < width; j++) d[j * 2] = s[j];
                }
            }
        }
    }
}
