using Xunit;

namespace ManagedLite.Kernels.Tests.Elementwise;

/// <summary>
/// Softmax, LogSoftmax, reductions, dequantize and ADD_N: optimized against reference on seeded random data.
/// Tolerances: softmax 4e-7 relative (vector exp and sum order), log-softmax 1e-6 relative to max(1, |y|);
/// SUM/MEAN/REDUCE_MAX, DEQUANTIZE and ADD_N exact (same accumulation order).
/// </summary>
public class OptimizedRowAndReduceTests
{
    [Fact]
    public void SoftmaxMatchesReference()
    {
        var rng = new Random(11);
        foreach (int depth in TestUtil.Lengths())
        {
            if (depth == 0) continue;
            int rows = 1 + rng.Next(3);
            var x = TestUtil.Random(rng, rows * depth, -10f, 10f);
            var want = new float[x.Length];
            var got = new float[x.Length];
            Reference.Softmax.Eval(x, want, depth, 0.7f);
            Optimized.Softmax.Eval(x, got, depth, 0.7f);
            TestUtil.AssertClose(want, got, 4e-7f, $"softmax depth={depth}");
            var inplace = (float[])x.Clone();
            Optimized.Softmax.Eval(inplace, inplace, depth, 0.7f); // the overlapping tail is read before it is overwritten
            Assert.Equal(got, inplace);
            Reference.LogSoftmax.Eval(x, want, depth);
            Optimized.LogSoftmax.Eval(x, got, depth);
            TestUtil.AssertClose(want, got, 1e-6f, $"log_softmax depth={depth}");
        }
    }

    [Fact]
    public void ReductionsMatchReference()
    {
        var rng = new Random(21);
        for (int t = 0; t < 200; t++)
        {
            int rank = 1 + rng.Next(5);
            var shape = new int[rank];
            for (int d = 0; d < rank; d++) shape[d] = 1 + rng.Next(rank > 3 ? 5 : 20);
            if (t % 7 == 0) shape[rank - 1] = 127 + rng.Next(3);
            var axes = Enumerable.Range(-rank, 2 * rank).Where(_ => rng.Next(3) == 0).ToArray();
            if (axes.Length == 0) axes = new[] { rng.Next(rank) };
            var reduced = Params.ReduceAxes.Resolve(axes, rank);
            var x = TestUtil.Random(rng, shape.Aggregate(1, (p, d) => p * d));
            int outN = Params.ReduceAxes.OutputShape(shape, reduced, false).Aggregate(1, (p, d) => p * d);
            var want = new float[outN];
            var got = new float[outN];
            string what = $"shape [{string.Join(",", shape)}] axes [{string.Join(",", axes)}]";
            // Runs of SequentialSumLimit or more contiguous reduced elements are summed with vectors (another order).
            bool reordered = Optimized.Reduce.TryBlocks(shape, reduced, out _, out int run, out int inner) && inner == 1 &&
                             run >= Optimized.Reduce.SequentialSumLimit;
            // Either order's rounding error is within (n - 1) 2^-24 sum |x|: the two differ by at most twice that.
            var absSum = new float[outN];
            Reference.Reduce.Sum(shape, x.Select(Math.Abs).ToArray(), reduced, absSum);
            void Check(float[] expected, float[] actual, float divisor, string op)
            {
                if (!reordered) { TestUtil.AssertUlps(expected, actual, 0, op + " " + what); return; }
                for (int i = 0; i < outN; i++)
                    Assert.True(Math.Abs(expected[i] - actual[i]) <= 2 * run * MathF.Pow(2, -24) * absSum[i] / divisor + 1e-30f,
                        $"{op} {what}: element {i}: {expected[i]:R} vs {actual[i]:R} (sum |x| {absSum[i]})");
            }
            Reference.Reduce.Sum(shape, x, reduced, want); Optimized.Reduce.Sum(shape, x, reduced, got);
            Check(want, got, 1, "sum");
            Reference.Reduce.Mean(shape, x, reduced, want); Optimized.Reduce.Mean(shape, x, reduced, got);
            Check(want, got, run, "mean");
            Reference.Reduce.Max(shape, x, reduced, want); Optimized.Reduce.Max(shape, x, reduced, got);
            TestUtil.AssertUlps(want, got, 0, "max " + what);
        }
    }

    /// <summary>Quantized MEAN / SUM (int8, uint8, int16): the vector sums plus the reference rescale are bit-exact.</summary>
    [Fact]
    public void QuantizedMeanAndSumMatchReference()
    {
        var rng = new Random(23);
        for (int t = 0; t < 240; t++)
        {
            int rank = 1 + rng.Next(4);
            var shape = new int[rank];
            for (int d = 0; d < rank; d++) shape[d] = 1 + rng.Next(rank > 2 ? 9 : 40);
            if (t % 5 == 0) shape[rank - 1] = 7 + rng.Next(20); // around the 8-lane width
            var axes = Enumerable.Range(0, rank).Where(_ => rng.Next(2) == 0).ToArray();
            if (axes.Length == 0) axes = new[] { rng.Next(rank) };
            var reduced = Params.ReduceAxes.Resolve(axes, rank);
            int n = shape.Aggregate(1, (p, d) => p * d);
            int outN = Params.ReduceAxes.OutputShape(shape, reduced, false).Aggregate(1, (p, d) => p * d);
            ManagedLite.Kernels.Quantization.QuantizedMultiplier.Quantize(0.3 + rng.NextDouble(), out int m, out int sh);
            int zpIn = rng.Next(-20, 20), zpOut = rng.Next(-20, 20);
            bool sum = t % 3 == 0;
            string what = $"{(sum ? "sum" : "mean")} shape [{string.Join(",", shape)}] axes [{string.Join(",", axes)}] case {t}";
            var temp = new int[outN];
            switch (t % 3)
            {
                case 0:
                {
                    var x = new sbyte[n]; rng.NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(x.AsSpan()));
                    var want = new sbyte[outN]; var got = new sbyte[outN];
                    Reference.Quantized.ReduceQuantized.MeanOrSum<sbyte>(shape, x, reduced, want, zpIn, m, sh, zpOut, sum, temp);
                    Optimized.Quantized.ReduceQuantized.MeanOrSum<sbyte>(shape, x, reduced, got, zpIn, m, sh, zpOut, sum, temp);
                    Assert.True(want.AsSpan().SequenceEqual(got), what);
                    break;
                }
                case 1:
                {
                    var x = new byte[n]; rng.NextBytes(x);
                    var want = new byte[outN]; var got = new byte[outN];
                    Reference.Quantized.ReduceQuantized.MeanOrSum<byte>(shape, x, reduced, want, zpIn + 128, m, sh, zpOut + 128, sum, temp);
                    Optimized.Quantized.ReduceQuantized.MeanOrSum<byte>(shape, x, reduced, got, zpIn + 128, m, sh, zpOut + 128, sum, temp);
                    Assert.True(want.AsSpan().SequenceEqual(got), what);
                    break;
                }
                default:
                {
                    var x = new short[n];
                    for (int i = 0; i < n; i++) x[i] = (short)rng.Next(short.MinValue, short.MaxValue + 1);
                    var want = new short[outN]; var got = new short[outN];
                    Reference.Quantized.ReduceQuantized.MeanOrSum<short>(shape, x, reduced, want, 0, m, sh, 0, false, temp);
                    Optimized.Quantized.ReduceQuantized.MeanOrSum<short>(shape, x, reduced, got, 0, m, sh, 0, false, temp);
                    Assert.True(want.AsSpan().SequenceEqual(got), what);
                    break;
                }
            }
        }
    }

    [Fact]
    public void DequantizeMatchesReference()
    {
        var rng = new Random(31);
        foreach (int n in TestUtil.Lengths())
        {
            var q8 = new sbyte[n]; var u8 = new byte[n]; var q16 = new short[n]; var h = new Half[n];
            for (int i = 0; i < n; i++) { q8[i] = (sbyte)rng.Next(-128, 128); u8[i] = (byte)rng.Next(256); q16[i] = (short)rng.Next(-32768, 32768); h[i] = (Half)(rng.NextDouble() * 100 - 50); }
            var want = new float[n];
            var got = new float[n];
            Reference.Dequantize.PerTensor<sbyte>(q8, want, 0.0137f, -3); Optimized.Dequantize.PerTensor<sbyte>(q8, got, 0.0137f, -3);
            TestUtil.AssertUlps(want, got, 0, $"int8 n={n}");
            Reference.Dequantize.PerTensor<byte>(u8, want, 0.0271f, 131); Optimized.Dequantize.PerTensor<byte>(u8, got, 0.0271f, 131);
            TestUtil.AssertUlps(want, got, 0, $"uint8 n={n}");
            Reference.Dequantize.PerTensor<short>(q16, want, 3.1e-5f, 0); Optimized.Dequantize.PerTensor<short>(q16, got, 3.1e-5f, 0);
            TestUtil.AssertUlps(want, got, 0, $"int16 n={n}");
            Reference.Dequantize.Float16(h, want); Optimized.Dequantize.Float16(h, got);
            TestUtil.AssertUlps(want, got, 0, $"fp16 n={n}");
        }
    }

    [Fact]
    public void AddNMatchesReference()
    {
        var rng = new Random(41);
        foreach (int n in TestUtil.Lengths())
        {
            var inputs = Enumerable.Range(0, 3).Select(_ => TestUtil.Random(rng, n)).ToArray();
            var want = new float[n];
            var got = new float[n];
            Reference.AddN.Begin(want);
            Optimized.AddN.Begin(got);
            foreach (var x in inputs) { Reference.AddN.Accumulate(x, want); Optimized.AddN.Accumulate(x, got); }
            TestUtil.AssertUlps(want, got, 0, $"add_n n={n}");
        }
    }
}
