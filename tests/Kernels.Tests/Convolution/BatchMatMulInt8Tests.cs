using System.Runtime.Intrinsics.X86;
using ManagedLite.Kernels.Optimized.Quantized;
using ManagedLite.Kernels.Reference.Quantized;
using Xunit;

namespace ManagedLite.Kernels.Tests.Convolution;

/// <summary>
/// int8 BATCH_MATMUL: the int16-GEMM kernel (<see cref="BatchMatMulInt8"/>) against the reference, bit for bit, on sizes
/// around the 8-row tile, the 16-column blocks and the depth pairs / 16-depth transpose blocks, every adj_x / adj_y,
/// broadcast batches, extreme zero points and multipliers; every microkernel the CPU has, unit splits and a pre-packed rhs.
/// Also the int16 kernel (<see cref="BatchMatMulInt16"/>) against <see cref="BatchMatMulQuantized.RunInt16"/>, with -32768
/// operands that overflow a vpmaddwd lane.
/// </summary>
public class BatchMatMulInt8Tests
{
    private static readonly int[] Sizes = [1, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65];

    public static TheoryData<int> SizeData()
    {
        var d = new TheoryData<int>();
        foreach (int s in Sizes) d.Add(s);
        return d;
    }

    private static sbyte[] RandomInt8(Random rng, long n)
    {
        var v = new sbyte[n];
        for (long i = 0; i < n; i++) v[i] = (sbyte)rng.Next(-128, 128);
        return v;
    }

    private static int[] Iota(int n) => Enumerable.Range(0, n).ToArray();

    /// <summary>Parameters with zero points (lhs, rhs, output) and a multiplier from an effective scale.</summary>
    private static BatchMatMulQuantized.Params Params(int lhsZero, int rhsZero, int outZero, double realScale)
    {
        ManagedLite.Kernels.Quantization.QuantizedMultiplier.Quantize(realScale, out int m, out int shift);
        return new(-lhsZero, -rhsZero, outZero, m, shift, sbyte.MinValue, sbyte.MaxValue);
    }

    private static IEnumerable<BatchMatMulInt8.Path> Paths()
    {
        yield return BatchMatMulInt8.Path.Auto;
        if (Avx512F.IsSupported)
        {
            yield return BatchMatMulInt8.Path.Avx2x4;
            yield return BatchMatMulInt8.Path.Avx2x8;
        }
    }

    private static void Check(Random rng, in BatchMatMulQuantized.Params q, int rows, int depth, int cols, bool adjX, bool adjY,
                              int lhsMatrices, int rhsMatrices, int[] lhsBatch, int[] rhsBatch, string what)
    {
        var lhs = RandomInt8(rng, (long)lhsMatrices * rows * depth);
        var rhs = RandomInt8(rng, (long)rhsMatrices * depth * cols);
        var want = new sbyte[lhsBatch.Length * rows * cols];
        BatchMatMulQuantized.RunInt8(q, rows, depth, cols, adjX, adjY, lhs, rhs, lhsBatch, rhsBatch, want);

        var got = new sbyte[want.Length];
        BatchMatMulInt8.Run(q, rows, depth, cols, adjX, adjY, lhs, rhs, lhsBatch, rhsBatch, got);
        Assert.True(want.AsSpan().SequenceEqual(got), $"{what}: default path differs from the reference");
        var table = BatchMatMulInt8.TryCreateRequant(q);
        if (table is null) return; // no AVX2: Run fell back to the reference
        foreach (var path in Paths())
        {
            Array.Fill(got, (sbyte)0x5A);
            BatchMatMulInt8.RunWith(q, rows, depth, cols, adjX, adjY, lhs, rhs, lhsBatch, rhsBatch, got, path);
            Assert.True(want.AsSpan().SequenceEqual(got), $"{what}: {path} differs from the reference");

            // Any split into unit ranges, and a pre-packed rhs, give the same bits.
            int units = lhsBatch.Length * BatchMatMulInt8.RowBlocks(rows);
            var split = new sbyte[want.Length];
            var scratch = new byte[Math.Max(1, BatchMatMulInt8.ScratchBytes(rows, depth, cols, rhsPrepacked: false))];
            for (int u = 0; u < units;)
            {
                int next = Math.Min(units, u + 1 + rng.Next(5));
                BatchMatMulInt8.RunUnitsWith(q, table, rows, depth, cols, adjX, adjY, lhs, rhs, default, lhsBatch, rhsBatch, split, scratch, u, next, path);
                u = next;
            }
            Assert.True(want.AsSpan().SequenceEqual(split), $"{what}: {path} split differs from the reference");
            if (depth > 0 && cols > 0)
            {
                var packed = new short[rhsMatrices * BatchMatMulInt8.PackedRhsLength(depth, cols)];
                BatchMatMulInt8.PackAllRhs(depth, cols, adjY, q.RhsOffset, rhs, packed);
                Array.Fill(split, (sbyte)0x5A);
                var small = new byte[Math.Max(1, BatchMatMulInt8.ScratchBytes(rows, depth, cols, rhsPrepacked: true))];
                BatchMatMulInt8.RunUnitsWith(q, table, rows, depth, cols, adjX, adjY, lhs, rhs, packed, lhsBatch, rhsBatch, split, small, 0, units, path);
                Assert.True(want.AsSpan().SequenceEqual(split), $"{what}: {path} prepacked differs from the reference");
            }
        }
    }

    [Theory]
    [MemberData(nameof(SizeData))]
    public void OptimizedMatchesReference(int size)
    {
        var rng = new Random(1300 + size);
        for (int adj = 0; adj < 4; adj++)
        {
            bool adjX = (adj & 1) != 0, adjY = (adj & 2) != 0;
            // The size as rows, as depth and as columns, the other two drawn from the boundary sizes.
            for (int which = 0; which < 3; which++)
            {
                int rows = which == 0 ? size : Sizes[rng.Next(Sizes.Length)];
                int depth = which == 1 ? size : Sizes[rng.Next(Sizes.Length)];
                int cols = which == 2 ? size : Sizes[rng.Next(Sizes.Length)];
                int batches = 1 + rng.Next(3);
                var q = Params(rng.Next(-128, 128), 0, rng.Next(-128, 128), 0.5 / Math.Sqrt(depth) / 64 * (0.5 + rng.NextDouble()));
                Check(rng, q, rows, depth, cols, adjX, adjY, batches, batches, Iota(batches), Iota(batches),
                      $"[{batches},{rows},{depth}] x [{depth},{cols}] adj_x {adjX} adj_y {adjY}");
            }
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void BroadcastBatches(bool adjX, bool adjY)
    {
        var rng = new Random(177 + (adjX ? 1 : 0) + (adjY ? 2 : 0));
        foreach (var (r, d, c) in new[] { (9, 17, 33), (16, 64, 32), (7, 1, 65), (33, 31, 1), (65, 33, 17) })
        {
            var q = Params(5, 0, -3, 0.003);
            // lhs [2, 1, R, D] x rhs [3, D, C] -> [2, 3, R, C]: output batch b reads lhs b / 3 and rhs b % 3.
            int[] lb = [0, 0, 0, 1, 1, 1], rb = [0, 1, 2, 0, 1, 2];
            Check(rng, q, r, d, c, adjX, adjY, 2, 3, lb, rb, $"[2,1,{r},{d}] x [3,{d},{c}] adj_x {adjX} adj_y {adjY}");
            // One rhs for every batch (packed once per run of batches), and one lhs for every batch.
            Check(rng, q, r, d, c, adjX, adjY, 4, 1, Iota(4), [0, 0, 0, 0], $"[4,{r},{d}] x [{d},{c}] adj_x {adjX} adj_y {adjY}");
            Check(rng, q, r, d, c, adjX, adjY, 1, 3, [0, 0, 0], Iota(3), $"[{r},{d}] x [3,{d},{c}] adj_x {adjX} adj_y {adjY}");
        }
    }

    [Theory]
    [InlineData(-128, 0, -128)]
    [InlineData(127, 0, 127)]
    [InlineData(-128, -128, 0)]
    [InlineData(127, 127, 0)]
    [InlineData(-128, 127, 5)]
    [InlineData(0, 0, 0)]
    public void ExtremeZeroPoints(int lhsZero, int rhsZero, int outZero)
    {
        var rng = new Random(31 + lhsZero * 7 + rhsZero * 3 + outZero);
        for (int adj = 0; adj < 4; adj++)
        {
            bool adjX = (adj & 1) != 0, adjY = (adj & 2) != 0;
            foreach (var (r, d, c) in new[] { (17, 65, 33), (8, 16, 16), (1, 63, 7), (31, 1, 64) })
            foreach (double scale in new[] { 1e-5, 0.002, 0.9, 3.5 })
                Check(rng, Params(lhsZero, rhsZero, outZero, scale), r, d, c, adjX, adjY, 2, 2, Iota(2), Iota(2),
                      $"zero points {lhsZero}/{rhsZero}/{outZero} scale {scale} [{r},{d}]x[{d},{c}] adj_x {adjX} adj_y {adjY}");
        }
    }

    [Fact]
    public void AttentionShapes()
    {
        var rng = new Random(8);
        var q = Params(-3, 0, 2, 0.0007);
        Check(rng, q, 128, 64, 128, false, true, 4, 4, Iota(4), Iota(4), "[1,4,128,64] x [1,4,128,64]^T");
        Check(rng, q, 128, 128, 64, false, false, 4, 4, Iota(4), Iota(4), "[1,4,128,128] x [1,4,128,64]");
        // Rows past one lhs tile (32 KiB of int16 at depth 256 is 64 rows).
        Check(rng, q, 200, 256, 40, true, false, 1, 1, [0], [0], "[256,200]^T x [256,40]");
    }

    [Fact]
    public void ZeroDepthGivesOutputZeroPoint()
    {
        foreach (bool adjX in new[] { false, true })
        foreach (bool adjY in new[] { false, true })
        {
            var q = Params(3, 0, -7, 0.01);
            var got = new sbyte[2 * 5 * 9];
            Array.Fill(got, (sbyte)0x5A);
            BatchMatMulInt8.Run(q, 5, 0, 9, adjX, adjY, [], [], [0, 0], [0, 0], got);
            Assert.All(got, v => Assert.Equal(-7, v));
        }
    }

    [Fact]
    public void BadArgumentsThrowSpecificExceptions()
    {
        var q = Params(0, 0, 0, 0.01);
        var table = BatchMatMulInt8.TryCreateRequant(q);
        if (table is null) return;
        var lhs = new sbyte[2 * 3 * 4];
        var rhs = new sbyte[4 * 5];
        var output = new sbyte[2 * 3 * 5];
        var scratch = new byte[BatchMatMulInt8.ScratchBytes(3, 4, 5, rhsPrepacked: false)];
        // Output too short, a batch index out of range, a unit range past the end, scratch too short.
        Assert.Throws<ArgumentException>(() => BatchMatMulInt8.RunUnits(q, table, 3, 4, 5, false, false, lhs, rhs, default, [0, 1], [0, 0], new sbyte[29], scratch, 0, 2));
        Assert.Throws<ArgumentException>(() => BatchMatMulInt8.RunUnits(q, table, 3, 4, 5, false, false, lhs, rhs, default, [0, 2], [0, 0], output, scratch, 0, 2));
        Assert.Throws<ArgumentException>(() => BatchMatMulInt8.RunUnits(q, table, 3, 4, 5, false, false, lhs, rhs, default, [0, 1], [0, 0], output, scratch, 0, 3));
        Assert.Throws<ArgumentException>(() => BatchMatMulInt8.RunUnits(q, table, 3, 4, 5, false, false, lhs, rhs, default, [0, 1], [0, 0], output, new byte[8], 0, 2));
        Assert.Throws<ArgumentException>(() => BatchMatMulInt8.RunUnits(q, table, 3, 4, 5, false, false, lhs, rhs, new short[10], [0, 1], [0, 0], output, scratch, 0, 2));
        Assert.Throws<ArgumentException>(() => BatchMatMulInt8.PackAllRhs(4, 5, false, 0, rhs, new short[10]));
    }

    [Fact]
    public void UncoveredParametersFallBackToReference()
    {
        var rng = new Random(3);
        // A shift beyond the vector range (multiplier of a tiny scale) and an offset that no int8 zero point gives.
        var tiny = new BatchMatMulQuantized.Params(0, 0, 0, 1 << 30, -40, sbyte.MinValue, sbyte.MaxValue);
        var wideOffset = new BatchMatMulQuantized.Params(-200, 0, 0, 1 << 30, -8, sbyte.MinValue, sbyte.MaxValue);
        Assert.Null(BatchMatMulInt8.TryCreateRequant(tiny));
        Assert.Null(BatchMatMulInt8.TryCreateRequant(wideOffset));
        foreach (var q in new[] { tiny, wideOffset })
            Check(rng, q, 9, 17, 20, false, true, 1, 1, [0], [0], "uncovered");
    }

    // ---- int16 (BatchMatMulInt16): int64 accumulation, zero points 0 ----

    private static short[] RandomInt16(Random rng, long n, bool extremes)
    {
        var v = new short[n];
        for (long i = 0; i < n; i++) v[i] = extremes && rng.Next(3) == 0 ? short.MinValue : (short)rng.Next(short.MinValue, short.MaxValue + 1);
        return v;
    }

    private static void Check16(Random rng, in BatchMatMulQuantized.Params q, int rows, int depth, int cols, bool adjX, bool adjY,
                                int lhsMatrices, int rhsMatrices, int[] lhsBatch, int[] rhsBatch, bool extremes, string what)
    {
        var lhs = RandomInt16(rng, (long)lhsMatrices * rows * depth, extremes);
        var rhs = RandomInt16(rng, (long)rhsMatrices * depth * cols, extremes);
        var want = new short[lhsBatch.Length * rows * cols];
        BatchMatMulQuantized.RunInt16(q, rows, depth, cols, adjX, adjY, lhs, rhs, lhsBatch, rhsBatch, want);
        var got = new short[want.Length];
        BatchMatMulInt16.Run(q, rows, depth, cols, adjX, adjY, lhs, rhs, lhsBatch, rhsBatch, got);
        Assert.True(want.AsSpan().SequenceEqual(got), $"{what}: int16 differs from the reference");
        if (!BatchMatMulInt16.Covers(q)) return;
        int units = lhsBatch.Length * BatchMatMulInt16.RowBlocks(rows);
        var split = new short[want.Length];
        var scratch = new byte[Math.Max(1, BatchMatMulInt16.ScratchBytes(rows, depth, cols, rhsPrepacked: false))];
        for (int u = 0; u < units;)
        {
            int next = Math.Min(units, u + 1 + rng.Next(5));
            BatchMatMulInt16.RunUnits(q, rows, depth, cols, adjX, adjY, lhs, rhs, default, lhsBatch, rhsBatch, split, scratch, u, next);
            u = next;
        }
        Assert.True(want.AsSpan().SequenceEqual(split), $"{what}: int16 split differs from the reference");
        if (depth > 0 && cols > 0)
        {
            var packed = new short[rhsMatrices * BatchMatMulInt16.PackedRhsLength(depth, cols)];
            BatchMatMulInt16.PackAllRhs(depth, cols, adjY, rhs, packed);
            Array.Fill(split, (short)0x5A5A);
            var small = new byte[Math.Max(1, BatchMatMulInt16.ScratchBytes(rows, depth, cols, rhsPrepacked: true))];
            BatchMatMulInt16.RunUnits(q, rows, depth, cols, adjX, adjY, lhs, rhs, packed, lhsBatch, rhsBatch, split, small, 0, units);
            Assert.True(want.AsSpan().SequenceEqual(split), $"{what}: int16 prepacked differs from the reference");
        }
    }

    private static BatchMatMulQuantized.Params Params16(double realScale)
    {
        ManagedLite.Kernels.Quantization.QuantizedMultiplier.Quantize(realScale, out int m, out int shift);
        return new(0, 0, 0, m, shift, short.MinValue, short.MaxValue);
    }

    [Theory]
    [MemberData(nameof(SizeData))]
    public void Int16MatchesReference(int size)
    {
        var rng = new Random(2300 + size);
        for (int adj = 0; adj < 4; adj++)
        {
            bool adjX = (adj & 1) != 0, adjY = (adj & 2) != 0;
            for (int which = 0; which < 3; which++)
            {
                int rows = which == 0 ? size : Sizes[rng.Next(Sizes.Length)];
                int depth = which == 1 ? size : Sizes[rng.Next(Sizes.Length)];
                int cols = which == 2 ? size : Sizes[rng.Next(Sizes.Length)];
                int batches = 1 + rng.Next(3);
                var q = Params16(1.0 / 65536 / Math.Sqrt(depth) * (0.5 + rng.NextDouble()));
                Check16(rng, q, rows, depth, cols, adjX, adjY, batches, batches, Iota(batches), Iota(batches), extremes: false,
                        $"int16 [{batches},{rows},{depth}] x [{depth},{cols}] adj_x {adjX} adj_y {adjY}");
            }
        }
    }

    [Theory]
    [InlineData(1e-9)]
    [InlineData(3e-6)]
    [InlineData(0.01)]
    [InlineData(0.9)]
    [InlineData(60.0)]
    public void Int16ExtremeValuesAndScales(double scale)
    {
        // A third of the values -32768: pairs of (-32768)^2 + (-32768)^2 = 2^31 overflow a vpmaddwd lane; int64 sums past 2^32.
        var rng = new Random(41 + (int)(scale * 1000));
        for (int adj = 0; adj < 4; adj++)
        {
            bool adjX = (adj & 1) != 0, adjY = (adj & 2) != 0;
            foreach (var (r, d, c) in new[] { (9, 64, 17), (4, 255, 16), (1, 3, 1), (17, 1, 33) })
                Check16(rng, Params16(scale), r, d, c, adjX, adjY, 2, 2, Iota(2), Iota(2), extremes: true,
                        $"int16 extremes scale {scale} [{r},{d}]x[{d},{c}] adj_x {adjX} adj_y {adjY}");
            // Broadcast: lhs [2, 1, R, D] x rhs [3, D, C].
            Check16(rng, Params16(scale), 9, 17, 20, adjX, adjY, 2, 3, [0, 0, 0, 1, 1, 1], [0, 1, 2, 0, 1, 2], extremes: true, "int16 broadcast");
        }
    }

    [Fact]
    public void Int16ZeroDepthAndNarrowRange()
    {
        var q = Params16(0.01);
        var got = new short[2 * 5 * 9];
        Array.Fill(got, (short)0x5A5A);
        BatchMatMulInt16.Run(q, 5, 0, 9, false, true, [], [], [0, 0], [0, 0], got);
        Assert.All(got, v => Assert.Equal(0, v));
        var narrow = q with { ActivationMin = -100, ActivationMax = 200 };
        Check16(new Random(4), narrow, 13, 40, 19, true, false, 1, 1, [0], [0], extremes: true, "int16 narrow range");
    }
}
