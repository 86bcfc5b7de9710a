using ManagedLite.Kernels.Quantization;
using ManagedLite.Kernels.Reference.Hybrid;
using ManagedLite.Kernels.Reference.Quantized;
using Xunit;

namespace ManagedLite.Kernels.Tests.Quantization;

/// <summary>
/// Quantized and hybrid BATCH_MATMUL against naive formula implementations that index the full N-d tensors
/// (explicit broadcasting and adj transposes). int8 / int16: bit-exact.
/// </summary>
public class BatchMatMulQuantizedTests
{
    /// <summary>Random lhs/rhs shapes of rank 2..5 with broadcastable batch dimensions.</summary>
    private sealed record Case(int[] LhsShape, int[] RhsShape, int[] OutBatch, int Rows, int Depth, int Cols, bool AdjX, bool AdjY);

    private static Case RandomCase(QuantRandom r)
    {
        int lr = r.Next(2, 5), rr = r.Next(2, 5);
        int batchRank = Math.Max(lr, rr) - 2;
        var outBatch = new int[batchRank];
        for (int i = 0; i < batchRank; i++) outBatch[i] = r.Next(1, 3);
        int rows = r.Next(1, 5), depth = r.Next(1, 9), cols = r.Next(1, 5);
        bool adjX = r.Next(0, 1) == 1, adjY = r.Next(0, 1) == 1;
        var ls = new int[lr];
        var rs = new int[rr];
        for (int i = 0; i < lr - 2; i++) ls[i] = r.Next(0, 2) == 0 ? 1 : outBatch[batchRank - (lr - 2) + i];
        for (int i = 0; i < rr - 2; i++) rs[i] = r.Next(0, 2) == 0 ? 1 : outBatch[batchRank - (rr - 2) + i];
        // The output batch dimension is the broadcast of the two (a dimension both set to 1 stays 1).
        for (int i = 0; i < batchRank; i++)
        {
            int li = i - (batchRank - (lr - 2)), ri = i - (batchRank - (rr - 2));
            int ld = li >= 0 ? ls[li] : 1, rd = ri >= 0 ? rs[ri] : 1;
            outBatch[i] = Math.Max(ld, rd);
        }
        (ls[lr - 2], ls[lr - 1]) = adjX ? (depth, rows) : (rows, depth);
        (rs[rr - 2], rs[rr - 1]) = adjY ? (cols, depth) : (depth, cols);
        return new Case(ls, rs, outBatch, rows, depth, cols, adjX, adjY);
    }

    private static int Product(int[] a) { int p = 1; foreach (int d in a) p *= d; return p; }

    /// <summary>Flat offset of the batch part of a tensor for the output batch multi-index (size-1 dims broadcast).</summary>
    private static int BatchOffset(int[] shape, int[] outIndex)
    {
        int rank = shape.Length, off = 0;
        for (int i = 0; i < rank - 2; i++)
        {
            int oi = outIndex[outIndex.Length - (rank - 2) + i];
            off = off * shape[i] + (shape[i] == 1 ? 0 : oi);
        }
        return off * shape[rank - 2] * shape[rank - 1];
    }

    private static int[] MultiIndex(int[] dims, int flat)
    {
        var idx = new int[dims.Length];
        for (int i = dims.Length - 1; i >= 0; i--) { idx[i] = flat % dims[i]; flat /= dims[i]; }
        return idx;
    }

    /// <summary>The batch index maps the op computes in Prepare, built here from the multi-index.</summary>
    private static (int[] L, int[] R) Maps(Case c)
    {
        int n = Product(c.OutBatch);
        var l = new int[n];
        var rm = new int[n];
        for (int b = 0; b < n; b++)
        {
            var idx = MultiIndex(c.OutBatch, b);
            l[b] = BatchOffset(c.LhsShape, idx) / (c.Rows * c.Depth);
            rm[b] = BatchOffset(c.RhsShape, idx) / (c.Depth * c.Cols);
        }
        return (l, rm);
    }

    private static long LhsAt(Case c, int[] lhs, int lBase, int i, int k) => lhs[lBase + (c.AdjX ? k * c.Rows + i : i * c.Depth + k)];
    private static long RhsAt(Case c, int[] rhs, int rBase, int k, int j) => rhs[rBase + (c.AdjY ? j * c.Depth + k : k * c.Cols + j)];

    private static int[] Naive(Case c, int[] lhs, int[] rhs, int lo, int ro, int oo, int m, int s, bool int64, int min, int max)
    {
        int n = Product(c.OutBatch);
        var output = new int[n * c.Rows * c.Cols];
        for (int b = 0; b < n; b++)
        {
            var idx = MultiIndex(c.OutBatch, b);
            int lBase = BatchOffset(c.LhsShape, idx), rBase = BatchOffset(c.RhsShape, idx);
            for (int i = 0; i < c.Rows; i++)
            for (int j = 0; j < c.Cols; j++)
            {
                long acc = 0;
                for (int k = 0; k < c.Depth; k++) acc += (LhsAt(c, lhs, lBase, i, k) + lo) * (RhsAt(c, rhs, rBase, k, j) + ro);
                int v = int64 ? NaiveQuant.Mbqm64(acc, m, s) + oo : unchecked(NaiveQuant.Mbqm(unchecked((int)acc), m, s) + oo);
                output[(b * c.Rows + i) * c.Cols + j] = NaiveQuant.Clamp(v, min, max);
            }
        }
        return output;
    }

    [Fact]
    public void Int8MatchesNaiveBitExact()
    {
        var r = new QuantRandom(2024);
        bool sawBroadcast = false, sawAdjX = false, sawAdjY = false;
        for (int trial = 0; trial < 60; trial++)
        {
            var c = RandomCase(r);
            var lhs = r.Int8(Product(c.LhsShape));
            var rhs = r.Int8(Product(c.RhsShape));
            int lo = -r.Next(-128, 127), ro = -r.Next(-128, 127), oo = r.Next(-128, 127);
            QuantizedMultiplier.Quantize(Math.Pow(2, -12 + 8 * (r.Next(0, 1000) / 1000.0)), out int m, out int s);
            var q = new BatchMatMulQuantized.Params(lo, ro, oo, m, s, -128, 127);
            var (lm, rm) = Maps(c);
            var output = new sbyte[lm.Length * c.Rows * c.Cols];
            BatchMatMulQuantized.RunInt8(q, c.Rows, c.Depth, c.Cols, c.AdjX, c.AdjY, lhs, rhs, lm, rm, output);
            Assert.Equal(Naive(c, QuantRandom.Ints(lhs), QuantRandom.Ints(rhs), lo, ro, oo, m, s, false, -128, 127), QuantRandom.Ints(output));
            sawBroadcast |= Product(c.LhsShape) / (c.Rows * c.Depth) != lm.Length || Product(c.RhsShape) / (c.Depth * c.Cols) != lm.Length;
            sawAdjX |= c.AdjX;
            sawAdjY |= c.AdjY;
        }
        Assert.True(sawBroadcast && sawAdjX && sawAdjY);
    }

    [Fact]
    public void Int16MatchesNaiveBitExact()
    {
        var r = new QuantRandom(16);
        for (int trial = 0; trial < 60; trial++)
        {
            var c = RandomCase(r);
            var lhs = r.Int16(Product(c.LhsShape));
            var rhs = r.Int16(Product(c.RhsShape));
            QuantizedMultiplier.Quantize(Math.Pow(2, -22 + 10 * (r.Next(0, 1000) / 1000.0)), out int m, out int s);
            var q = new BatchMatMulQuantized.Params(0, 0, 0, m, s, short.MinValue, short.MaxValue);
            var (lm, rm) = Maps(c);
            var output = new short[lm.Length * c.Rows * c.Cols];
            BatchMatMulQuantized.RunInt16(q, c.Rows, c.Depth, c.Cols, c.AdjX, c.AdjY, lhs, rhs, lm, rm, output);
            Assert.Equal(Naive(c, QuantRandom.Ints(lhs), QuantRandom.Ints(rhs), 0, 0, 0, m, s, true, short.MinValue, short.MaxValue), QuantRandom.Ints(output));
        }
    }

    [Fact]
    public void Int8HandCase()
    {
        // lhs [[1,2]] (zero point -1 -> offset 1), rhs [[3],[4]] (zero point 0); acc = 2*3 + 3*4 = 18;
        // multiplier 0.5 (2^30, shift 0) -> 9, output zero point 5 -> 14.
        var q = new BatchMatMulQuantized.Params(1, 0, 5, 1 << 30, 0, -128, 127);
        var output = new sbyte[1];
        BatchMatMulQuantized.RunInt8(q, 1, 2, 1, false, false, [1, 2], [3, 4], [0], [0], output);
        Assert.Equal(14, output[0]);
    }

    [Fact]
    public void HybridHandWorkedSymmetric()
    {
        // lhs row [1, 2, 3]: max |x| = 3, q = round(x * 127 / 3) = [42, 85, 127], row scale 3/127.
        // rhs [[1, 2], [3, 4], [5, 6]] with scale 0.5: dots 42 + 255 + 635 = 932 and 84 + 340 + 762 = 1186.
        var output = new float[2];
        HybridBatchMatMul.Run(1, 3, 2, false, false, [1f, 2f, 3f], [1, 2, 3, 4, 5, 6], [0.5f], false, [9, 12], [0], [0],
            output, new sbyte[3], new float[1], new int[1], new float[3]);
        float scale = 3f / 127f * 0.5f;
        Assert.Equal(932f * scale, output[0]);
        Assert.Equal(1186f * scale, output[1]);
        Assert.Equal(11.00787f, output[0], 4);
        Assert.Equal(14.00787f, output[1], 4);
    }

    [Fact]
    public void HybridHandWorkedAsymmetric()
    {
        // lhs row [0, 2.55]: range [0, 2.55], scale 0.01, zero point -128: q = [-128, 127].
        // rhs [[1], [2]] (column sum 3), scale 1: dot = -128 + 254 = 126; 126 - 3 * (-128) = 510; out = 510 * 0.01.
        var output = new float[1];
        HybridBatchMatMul.Run(1, 2, 1, false, false, [0f, 2.55f], [1, 2], [1f], true, [3], [0], [0],
            output, new sbyte[2], new float[1], new int[1], new float[2]);
        Assert.Equal(5.1f, output[0], 4);
    }

    [Fact]
    public void HybridMatchesFloatWithinQuantizationError()
    {
        var r = new QuantRandom(77);
        var rng = new Random(5);
        for (int trial = 0; trial < 40; trial++)
        {
            var c = RandomCase(r);
            bool asymmetric = trial % 2 == 1;
            bool perChannel = trial % 3 == 0;
            var lhs = new float[Product(c.LhsShape)];
            for (int i = 0; i < lhs.Length; i++) lhs[i] = (float)(rng.NextDouble() * 4 - (asymmetric ? 1 : 2));
            var rhs = r.Int8(Product(c.RhsShape), -127);
            var scales = new float[perChannel ? c.Cols : 1];
            for (int i = 0; i < scales.Length; i++) scales[i] = 0.01f + (float)rng.NextDouble() * 0.05f;
            var sums = new int[rhs.Length / c.Depth];
            HybridBatchMatMul.ColumnSums(c.Depth, c.Cols, c.AdjY, rhs, sums);
            var (lm, rm) = Maps(c);
            var output = new float[lm.Length * c.Rows * c.Cols];
            int lhsRows = lhs.Length / c.Depth;
            HybridBatchMatMul.Run(c.Rows, c.Depth, c.Cols, c.AdjX, c.AdjY, lhs, rhs, scales, asymmetric, sums, lm, rm, output,
                new sbyte[lhs.Length], new float[lhsRows], new int[lhsRows], new float[c.Depth]);

            int n = Product(c.OutBatch);
            for (int b = 0; b < n; b++)
            {
                var idx = MultiIndex(c.OutBatch, b);
                int lBase = BatchOffset(c.LhsShape, idx), rBase = BatchOffset(c.RhsShape, idx);
                for (int i = 0; i < c.Rows; i++)
                {
                    double maxAbs = 0, lo = 0, hi = 0;
                    for (int k = 0; k < c.Depth; k++)
                    {
                        double x = lhs[lBase + (c.AdjX ? k * c.Rows + i : i * c.Depth + k)];
                        maxAbs = Math.Max(maxAbs, Math.Abs(x)); lo = Math.Min(lo, x); hi = Math.Max(hi, x);
                    }
                    double step = asymmetric ? (hi - lo) / 255 : maxAbs / 127;
                    for (int j = 0; j < c.Cols; j++)
                    {
                        double exact = 0, bound = 1e-5;
                        double ws = scales[perChannel ? j : 0];
                        for (int k = 0; k < c.Depth; k++)
                        {
                            double w = rhs[rBase + (c.AdjY ? j * c.Depth + k : k * c.Cols + j)] * ws;
                            exact += lhs[lBase + (c.AdjX ? k * c.Rows + i : i * c.Depth + k)] * w;
                            bound += 0.5 * step * Math.Abs(w) * 1.01;
                        }
                        double got = output[(b * c.Rows + i) * c.Cols + j];
                        Assert.True(Math.Abs(got - exact) <= bound, $"trial {trial} b {b} ({i},{j}): {got} vs {exact}, bound {bound}");
                    }
                }
            }
        }
    }
}
