using Xunit;
using static ManagedLite.Kernels.Tests.Convolution.ConvTestUtil;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Kernels.Tests.Convolution;

/// <summary>Float BATCH_MATMUL: the packed-GEMM kernel against the reference, on sizes around the microkernel tiles.</summary>
public class BatchMatMulFloatTests
{
    /// <summary>Sizes at and around the tile widths (MR 4 / 6 / 8, NR 8 / 16 / 32).</summary>
    private static readonly int[] Sizes = [1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 64, 65];

    public static TheoryData<int> SizeData()
    {
        var d = new TheoryData<int>();
        foreach (int s in Sizes) d.Add(s);
        return d;
    }

    /// <summary>Runs the reference, |terms| sums, the default optimized path and every supported microkernel; all within tolerance.</summary>
    private static void Check(Random rng, int rows, int depth, int cols, bool adjX, bool adjY, int lhsMatrices, int rhsMatrices,
                              int[] lhsBatch, int[] rhsBatch, string what)
    {
        var lhs = Random(rng, (long)lhsMatrices * rows * depth, 2f);
        var rhs = Random(rng, (long)rhsMatrices * depth * cols);
        var want = new float[lhsBatch.Length * rows * cols];
        Ref.BatchMatMul.Run(rows, depth, cols, adjX, adjY, lhs, rhs, lhsBatch, rhsBatch, want);
        var abs = new float[want.Length];
        Ref.BatchMatMul.Run(rows, depth, cols, adjX, adjY, Abs(lhs), Abs(rhs), lhsBatch, rhsBatch, abs);

        var got = new float[want.Length];
        Opt.BatchMatMul.Run(rows, depth, cols, adjX, adjY, lhs, rhs, lhsBatch, rhsBatch, got);
        AssertClose(want, got, abs, $"{what} default");
        foreach (var uk in SupportedKernels())
        {
            Array.Fill(got, float.NaN);
            Opt.BatchMatMul.Run(uk, rows, depth, cols, adjX, adjY, lhs, rhs, lhsBatch, rhsBatch, got);
            AssertClose(want, got, abs, $"{what} {uk.Id}");

            // Any split into unit ranges, and a pre-packed rhs, give the same bits as one call.
            int units = lhsBatch.Length * Opt.BatchMatMul.RowBlocks(uk, rows);
            var split = new float[got.Length];
            var scratch = new float[Math.Max(1, Opt.BatchMatMul.ScratchLength(uk, rows, depth, cols, adjX, rhsPrepacked: false))];
            for (int u = 0; u < units;)
            {
                int next = Math.Min(units, u + 1 + rng.Next(5));
                Opt.BatchMatMul.RunUnits(uk, rows, depth, cols, adjX, adjY, lhs, rhs, default, lhsBatch, rhsBatch, split, scratch, u, next);
                u = next;
            }
            AssertExact(got, split, $"{what} {uk.Id} split");
            if (depth > 0)
            {
                var packed = new float[rhsMatrices * Opt.BatchMatMul.PackedRhsLength(uk, depth, cols)];
                Opt.BatchMatMul.PackAllRhs(uk, depth, cols, adjY, rhs, packed);
                Array.Fill(split, float.NaN);
                var small = new float[Math.Max(1, Opt.BatchMatMul.ScratchLength(uk, rows, depth, cols, adjX, rhsPrepacked: true))];
                Opt.BatchMatMul.RunUnits(uk, rows, depth, cols, adjX, adjY, lhs, rhs, packed, lhsBatch, rhsBatch, split, small, 0, units);
                AssertExact(got, split, $"{what} {uk.Id} prepacked");
            }
        }
    }

    private static int[] Iota(int n) => Enumerable.Range(0, n).ToArray();

    [Theory]
    [MemberData(nameof(SizeData))]
    public void OptimizedMatchesReference(int size)
    {
        var rng = new Random(900 + size);
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
                Check(rng, rows, depth, cols, adjX, adjY, batches, batches, Iota(batches), Iota(batches),
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
        var rng = new Random(77 + (adjX ? 1 : 0) + (adjY ? 2 : 0));
        // lhs [2, 1, R, D] x rhs [3, D, C] -> [2, 3, R, C]: output batch b reads lhs b / 3 and rhs b % 3.
        foreach (var (r, d, c) in new[] { (9, 17, 33), (16, 64, 32), (7, 1, 65), (33, 31, 1) })
        {
            int[] lb = [0, 0, 0, 1, 1, 1], rb = [0, 1, 2, 0, 1, 2];
            Check(rng, r, d, c, adjX, adjY, 2, 3, lb, rb, $"[2,1,{r},{d}] x [3,{d},{c}] adj_x {adjX} adj_y {adjY}");
            // One rhs for every batch (packed once per run of batches), and one lhs for every batch.
            Check(rng, r, d, c, adjX, adjY, 4, 1, Iota(4), [0, 0, 0, 0], $"[4,{r},{d}] x [{d},{c}] adj_x {adjX} adj_y {adjY}");
            Check(rng, r, d, c, adjX, adjY, 1, 3, [0, 0, 0], Iota(3), $"[{r},{d}] x [3,{d},{c}] adj_x {adjX} adj_y {adjY}");
        }
    }

    [Fact]
    public void AttentionShapes()
    {
        var rng = new Random(5);
        // BERT-style attention: Q x K^T, then the probabilities x V.
        Check(rng, 128, 64, 128, false, true, 4, 4, Iota(4), Iota(4), "[1,4,128,64] x [1,4,128,64]^T");
        Check(rng, 128, 128, 64, false, false, 4, 4, Iota(4), Iota(4), "[1,4,128,128] x [1,4,128,64]");
    }

    [Fact]
    public void ZeroDepthGivesZeros()
    {
        foreach (bool adjX in new[] { false, true })
        foreach (bool adjY in new[] { false, true })
        {
            var got = new float[2 * 5 * 9];
            Array.Fill(got, float.NaN);
            Opt.BatchMatMul.Run(5, 0, 9, adjX, adjY, [], [], [0, 0], [0, 0], got);
            Assert.All(got, v => Assert.Equal(0f, v));
        }
    }
}
