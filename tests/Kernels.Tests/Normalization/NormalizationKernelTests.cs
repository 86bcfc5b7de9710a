using ManagedLite.Kernels.Reference;
using Xunit;

namespace ManagedLite.Kernels.Tests.Normalization;

/// <summary>L2_NORMALIZATION, LOCAL_RESPONSE_NORMALIZATION, L2_POOL_2D and MediaPipe's argmax pooling against formulas.</summary>
public class NormalizationKernelTests
{
    [Fact]
    public void L2NormalizationFloatDividesByTheNormAndGuardsZeroRows()
    {
        float[] x = [3f, 4f, 0f, 0f, 1e-7f, 0f];
        var y = new float[6];
        L2Normalization.Float(3, 2, x, y);
        Assert.Equal([0.6f, 0.8f, 0f, 0f, 0.1f, 0f], y);  // third row: norm 1e-7 < epsilon 1e-6
    }

    [Fact]
    public void L2NormalizationQuantizedIsCloseToTheRealResultAndZeroForZeroRows()
    {
        var rng = new Random(3);
        for (int trial = 0; trial < 50; trial++)
        {
            int depth = rng.Next(1, 30), zp = rng.Next(-10, 10);
            var x = new sbyte[depth];
            for (int i = 0; i < depth; i++) x[i] = (sbyte)rng.Next(-128, 128);
            var y = new sbyte[depth];
            L2Normalization.Int8(1, depth, zp, x, y);
            double norm = Math.Sqrt(x.Sum(v => (double)(v - zp) * (v - zp)));
            for (int i = 0; i < depth; i++)
            {
                double want = norm == 0 ? 0 : Math.Clamp((x[i] - zp) / norm * 128, -128, 127);
                Assert.True(Math.Abs(y[i] - want) <= 1.01, $"int8 depth {depth}: {y[i]} vs {want}");
            }
            var xu = x.Select(v => (byte)(v + 128)).ToArray();
            var yu = new byte[depth];
            L2Normalization.UInt8(1, depth, zp + 128, xu, yu);
            for (int i = 0; i < depth; i++)
            {
                double want = norm == 0 ? 128 : Math.Clamp(128 + (x[i] - zp) / norm * 128, 0, 255);
                Assert.True(Math.Abs(yu[i] - want) <= 1.01, $"uint8 depth {depth}: {yu[i]} vs {want}");
            }
        }
        var zero = new sbyte[4];
        L2Normalization.Int8(1, 4, 5, [5, 5, 5, 5], zero);
        Assert.Equal(new sbyte[4], zero);
    }

    [Fact]
    public void LocalResponseNormalizationUsesBothEndsOfTheWindow()
    {
        float[] x = [1f, 2f, 3f, 4f, 5f];
        var y = new float[5];
        LocalResponseNormalization.Float(1, 5, 1, 1f, 0.5f, 0.75f, x, y);
        for (int c = 0; c < 5; c++)
        {
            double sum = 0;
            for (int k = Math.Max(0, c - 1); k <= Math.Min(4, c + 1); k++) sum += x[k] * x[k];
            Assert.Equal(x[c] * Math.Pow(1 + 0.5 * sum, -0.75), y[c], 5);
        }
    }

    [Fact]
    public void L2PoolIsTheRootMeanSquareOfTheInBoundsWindow()
    {
        // 1x3x3x1, 2x2 window, stride 2, SAME (pad 0 leading): windows of 4, 2, 2 and 1 elements.
        var p = new PoolParams { Batches = 1, InputHeight = 3, InputWidth = 3, Channels = 1, FilterHeight = 2, FilterWidth = 2,
                                 OutputHeight = 2, OutputWidth = 2, StrideHeight = 2, StrideWidth = 2 };
        float[] x = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        var y = new float[4];
        L2Pool.Run(p, x, y);
        Assert.Equal(MathF.Sqrt((1 + 4 + 16 + 25) / 4f), y[0], 6);
        Assert.Equal(MathF.Sqrt((9 + 36) / 2f), y[1], 6);
        Assert.Equal(MathF.Sqrt((49 + 64) / 2f), y[2], 6);
        Assert.Equal(9f, y[3], 6);
    }

    [Fact]
    public void ArgmaxPoolingAndUnpoolingRoundTrip()
    {
        var rng = new Random(11);
        var p = new PoolParams { Batches = 2, InputHeight = 4, InputWidth = 6, Channels = 3, FilterHeight = 2, FilterWidth = 2,
                                 OutputHeight = 2, OutputWidth = 3, StrideHeight = 2, StrideWidth = 2 };
        var x = Enumerable.Range(0, 2 * 4 * 6 * 3).Select(_ => (float)rng.NextDouble()).ToArray();
        var pooled = new float[2 * 2 * 3 * 3];
        var indices = new float[pooled.Length];
        MaxPoolWithArgmax.Run(p, x, pooled, indices);
        var max = new float[pooled.Length];
        Pooling.MaxPool(p, x, max);
        Assert.Equal(max, pooled);
        var up = new PoolParams { Batches = 2, InputHeight = 2, InputWidth = 3, Channels = 3, FilterHeight = 2, FilterWidth = 2,
                                  OutputHeight = 4, OutputWidth = 6, StrideHeight = 2, StrideWidth = 2 };
        var back = new float[x.Length];
        Assert.Equal(-1, MaxUnpooling.Run(up, pooled, indices, back));
        // Every maximum is back where it came from; the rest is zero.
        for (int i = 0; i < x.Length; i++)
            Assert.True(back[i] == 0f || back[i] == x[i], $"element {i}: {back[i]} is neither 0 nor the input {x[i]}");
        Assert.Equal(pooled.Length, back.Count(v => v != 0f));
        Assert.Equal(pooled.OrderBy(v => v), back.Where(v => v != 0f).OrderBy(v => v));
        foreach (float bad in new[] { 4f, -1f, float.NaN, 1e10f })
        {
            var idx = (float[])indices.Clone();
            idx[5] = bad;
            Assert.Equal(5, MaxUnpooling.Run(up, pooled, idx, back));
        }
    }
}
