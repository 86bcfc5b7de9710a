using ManagedLite.Kernels.Quantization;
using ManagedLite.Kernels.Reference;
using ManagedLite.Kernels.Reference.Quantized;
using Xunit;
using RG = ManagedLite.Kernels.Reference.ReduceGeneric;

namespace ManagedLite.Kernels.Tests.Reduction;

/// <summary>
/// The generic reducers (SUM/PROD/MAX/MIN/ANY/ALL, integer MEAN), quantized REDUCE_PROD and the float-rescaled int16 SUM
/// against naive formulations: random shapes and axis masks, wrap-around, truncation toward zero, TFLite's
/// all-dimensions seeding.
/// </summary>
public class ReduceKernelTests
{
    /// <summary>out[o] = fold over the inputs whose kept coordinates give o, in row-major order.</summary>
    private static T[] Naive<T>(int[] shape, T[] input, bool[] reduced, T init, Func<T, T, T> f)
    {
        int outCount = 1;
        for (int d = 0; d < shape.Length; d++) if (!reduced[d]) outCount *= shape[d];
        var output = Enumerable.Repeat(init, outCount).ToArray();
        var index = new int[shape.Length];
        for (int flat = 0; flat < input.Length; flat++)
        {
            int rem = flat;
            for (int d = shape.Length - 1; d >= 0; d--) { index[d] = rem % shape[d]; rem /= shape[d]; }
            int o = 0;
            for (int d = 0; d < shape.Length; d++) if (!reduced[d]) o = o * shape[d] + index[d];
            output[o] = f(output[o], input[flat]);
        }
        return output;
    }

    private static IEnumerable<(int[] Shape, bool[] Reduced)> Cases()
    {
        var r = new Random(17);
        for (int c = 0; c < 40; c++)
        {
            int rank = r.Next(1, 5);
            var shape = Enumerable.Range(0, rank).Select(_ => r.Next(1, 5)).ToArray();
            var reduced = Enumerable.Range(0, rank).Select(_ => r.Next(2) == 0).ToArray();
            if (reduced.All(x => x)) reduced[0] = false; // all-dims reductions are checked separately
            yield return (shape, reduced);
        }
    }

    [Fact]
    public void IntegerReducersMatchNaiveAndWrap()
    {
        var r = new Random(3);
        foreach (var (shape, reduced) in Cases())
        {
            var input = Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(_ => r.Next(int.MinValue, int.MaxValue)).ToArray();
            int n = Naive(shape, input, reduced, 0, (a, b) => 0).Length;
            var got = new int[n];
            RG.Run<int, RG.SumOf<int>>(shape, input, reduced, got);
            Assert.Equal(Naive(shape, input, reduced, 0, (a, b) => unchecked(a + b)), got);
            RG.Run<int, RG.ProdOf<int>>(shape, input, reduced, got);
            Assert.Equal(Naive(shape, input, reduced, 1, (a, b) => unchecked(a * b)), got);
            RG.Run<int, RG.MaxOf<int>>(shape, input, reduced, got);
            Assert.Equal(Naive(shape, input, reduced, int.MinValue, Math.Max), got);
            RG.Run<int, RG.MinOf<int>>(shape, input, reduced, got);
            Assert.Equal(Naive(shape, input, reduced, int.MaxValue, Math.Min), got);
        }
    }

    [Fact]
    public void BoolReducersAreOrAndAnd()
    {
        var r = new Random(4);
        foreach (var (shape, reduced) in Cases())
        {
            var input = Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(_ => (byte)r.Next(2)).ToArray();
            var got = new byte[Naive(shape, input, reduced, (byte)0, (a, b) => a).Length];
            RG.Run<byte, RG.AnyOf>(shape, input, reduced, got);
            Assert.Equal(Naive(shape, input, reduced, (byte)0, (a, b) => (byte)(a | b)), got);
            RG.Run<byte, RG.AllOf>(shape, input, reduced, got);
            Assert.Equal(Naive(shape, input, reduced, (byte)1, (a, b) => (byte)(a & b)), got);
        }
    }

    [Fact]
    public void AllDimsSeedWithTheFirstElement()
    {
        // REDUCE_MAX over everything keeps a leading NaN (TFLite's ReduceAllDims); REDUCE_MIN of an empty input is max().
        var y = new float[1];
        RG.Run<float, RG.MaxOf<float>>([2, 2], [float.NaN, 5, 1, 2], [true, true], y);
        Assert.True(float.IsNaN(y[0]));
        RG.Run<float, RG.MinOf<float>>([0], [], [true], y);
        Assert.Equal(float.MaxValue, y[0]);
        RG.Run<float, RG.SumOf<float>>([], [3.5f], [], y);
        Assert.Equal(3.5f, y[0]);
    }

    [Fact]
    public void IntegerMeanTruncatesTowardZero()
    {
        var y = new int[2];
        RG.MeanInteger<int>([2, 3], [-1, -1, -2, 1, 1, 2], [false, true], y, new long[2]);
        Assert.Equal(new[] { -1, 1 }, y); // -4/3 and 4/3
        var big = new long[1];
        RG.MeanInteger<long>([2], [long.MaxValue, 1], [true], big, new long[1]);
        Assert.Equal(long.MinValue / 2, big[0]); // the int64 sum wraps before the division, as in TFLite
    }

    [Fact]
    public void QuantizedProdRescalesEveryStep()
    {
        // in 0.5, out 0.25, three elements: per-step scale 0.5 / 0.25^(1/3).
        double scaling = ReduceProdQuantized.Scaling(0.5, 0.25, 3);
        QuantizedMultiplier.Quantize(scaling, out int m, out int s);
        sbyte[] x = [5, 7, -3, 1, 2, 3];
        var y = new sbyte[2];
        ReduceProdQuantized.Run<sbyte>([2, 3], x, [false, true], y, 1, -2, m, s, new int[2]);
        for (int row = 0; row < 2; row++)
        {
            int acc = x[row * 3] - 1;
            for (int k = 1; k < 3; k++) acc = QuantizedMath.MultiplyByQuantizedMultiplier((long)acc * (x[row * 3 + k] - 1), m, s);
            int expected = Math.Clamp(QuantizedMath.MultiplyByQuantizedMultiplier((long)acc, m, s) - 2, -128, 127);
            Assert.Equal(expected, y[row]);
        }
        // Close to the real-valued product: 2 * 3 * -2 = -12, which is q = -12 / 0.25 - 2 = -50.
        Assert.InRange(y[0], -51, -49);
        Assert.Equal(-2, y[1]);
    }

    [Fact]
    public void Int16SumRescalesInFloat()
    {
        short[] x = [1000, 2001, -3, 7];
        var y = new short[2];
        ReduceQuantized.SumRescaledInFloat<short>([2, 2], x, [false, true], y, 0, 0.001f, 0, 0.004f, new int[2]);
        // 3001 * 0.25 = 750.25 -> 750; 4 * 0.25 = 1.
        Assert.Equal(new short[] { 750, 1 }, y);
        ReduceQuantized.SumRescaledInFloat<short>([2, 2], [30000, 30000, 2, 2], [false, true], y, 0, 1f, 0, 0.5f, new int[2]);
        Assert.Equal(new short[] { short.MaxValue, 8 }, y);
        // Halves round away from zero.
        ReduceQuantized.SumRescaledInFloat<short>([2], [1, 2], [true], y.AsSpan(0, 1), 0, 1f, 0, 2f, new int[1]);
        Assert.Equal(2, y[0]);
    }
}
