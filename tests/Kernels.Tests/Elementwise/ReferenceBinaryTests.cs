using Xunit;
using ManagedLite.Kernels.Reference;

namespace ManagedLite.Kernels.Tests.Elementwise;

public class ReferenceBinaryTests
{
    [Fact]
    public void AddBroadcastsRowAndColumn()
    {
        // [2,1] + [3] -> [2,3]
        var y = new float[6];
        BinaryElementwise.Add(new[] { 2, 1 }, new[] { 10f, 20f }, new[] { 3 }, new[] { 1f, 2f, 3f }, new[] { 2, 3 }, y,
                              float.NegativeInfinity, float.PositiveInfinity);
        Assert.Equal(new[] { 11f, 12f, 13f, 21f, 22f, 23f }, y);
    }

    [Fact]
    public void FusedActivationClamps()
    {
        // TFLite add_test FloatAddActivationRELU_N1_TO_1: [-2.0, 0.2, 0.7, 0.8] + [0.1, 0.2, 0.3, 0.5] -> [-1.0, 0.4, 1.0, 1.0]
        var y = new float[4];
        BinaryElementwise.Add(new[] { 1, 2, 2, 1 }, new[] { -2.0f, 0.2f, 0.7f, 0.8f }, new[] { 1, 2, 2, 1 }, new[] { 0.1f, 0.2f, 0.3f, 0.5f },
                              new[] { 1, 2, 2, 1 }, y, -1f, 1f);
        Assert.Equal(-1f, y[0]);
        Assert.Equal(0.4f, y[1], 6);
        Assert.Equal(1f, y[2]);
        Assert.Equal(1f, y[3]);

        BinaryElementwise.Mul(new[] { 4 }, new[] { -2f, 1f, 3f, 0.5f }, new[] { 1 }, new[] { 3f }, new[] { 4 }, y, 0f, 6f);
        Assert.Equal(new[] { 0f, 3f, 6f, 1.5f }, y);
    }

    [Fact]
    public void SubDivMaxMinSquaredDifferencePow()
    {
        var a = new[] { 1f, -4f, 9f, 2f };
        var b = new[] { 2f, 2f, -3f, 2f };
        var s = new[] { 4 };
        var y = new float[4];
        float lo = float.NegativeInfinity, hi = float.PositiveInfinity;
        BinaryElementwise.Sub(s, a, s, b, s, y, lo, hi); Assert.Equal(new[] { -1f, -6f, 12f, 0f }, y);
        BinaryElementwise.Div(s, a, s, b, s, y, lo, hi); Assert.Equal(new[] { 0.5f, -2f, -3f, 1f }, y);
        BinaryElementwise.Maximum(s, a, s, b, s, y); Assert.Equal(new[] { 2f, 2f, 9f, 2f }, y);
        BinaryElementwise.Minimum(s, a, s, b, s, y); Assert.Equal(new[] { 1f, -4f, -3f, 2f }, y);
        BinaryElementwise.SquaredDifference(s, a, s, b, s, y); Assert.Equal(new[] { 1f, 36f, 144f, 0f }, y);
        BinaryElementwise.Pow(s, new[] { 2f, 3f, 4f, 9f }, new[] { 1 }, new[] { 2f }, s, y); Assert.Equal(new[] { 4f, 9f, 16f, 81f }, y);
    }

    [Fact]
    public void ReductionsWithAxes()
    {
        // [2,3,2] = 0..11
        var x = Enumerable.Range(0, 12).Select(i => (float)i).ToArray();
        var shape = new[] { 2, 3, 2 };
        var reduced = Params.ReduceAxes.Resolve(new[] { 1, -2 }, 3);   // duplicate axis 1 given twice
        Assert.Equal(new[] { false, true, false }, reduced);
        Assert.Equal(new[] { 2, 2 }, Params.ReduceAxes.OutputShape(shape, reduced, keepDims: false));
        Assert.Equal(new[] { 2, 1, 2 }, Params.ReduceAxes.OutputShape(shape, reduced, keepDims: true));
        var y = new float[4];
        Reduce.Sum(shape, x, reduced, y); Assert.Equal(new[] { 6f, 9f, 24f, 27f }, y);
        Reduce.Mean(shape, x, reduced, y); Assert.Equal(new[] { 2f, 3f, 8f, 9f }, y);
        Reduce.Max(shape, x, reduced, y); Assert.Equal(new[] { 4f, 5f, 10f, 11f }, y);

        var all = Params.ReduceAxes.Resolve(new[] { 0, 1, 2 }, 3);
        var one = new float[1];
        Reduce.Mean(shape, x, all, one); Assert.Equal(5.5f, one[0]);
        Reduce.Max(shape, x.Select(v => -v).ToArray(), all, one); Assert.Equal(0f, one[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Params.ReduceAxes.Resolve(new[] { 3 }, 3));
    }

    [Fact]
    public void DequantizeAllTypes()
    {
        var y = new float[3];
        Dequantize.PerTensor<sbyte>(new sbyte[] { -128, 0, 127 }, y, 0.5f, -1);
        Assert.Equal(new[] { -63.5f, 0.5f, 64f }, y);
        Dequantize.PerTensor<byte>(new byte[] { 0, 128, 255 }, y, 0.25f, 128);
        Assert.Equal(new[] { -32f, 0f, 31.75f }, y);
        Dequantize.PerTensor<short>(new short[] { -32768, 0, 32767 }, y, 1f / 32768, 0);
        Assert.Equal(new[] { -1f, 0f, 32767f / 32768 }, y);
        Dequantize.Float16(new[] { (Half)1.5f, (Half)(-0.25f), Half.PositiveInfinity }, y);
        Assert.Equal(new[] { 1.5f, -0.25f, float.PositiveInfinity }, y);

        // per channel along axis 1 of [2,2]: scales {1, 0.5}, zero points {0, 2}
        var p = new float[4];
        Dequantize.PerChannel<sbyte>(new sbyte[] { 3, 4, -3, 6 }, p, new[] { 2, 2 }, 1, new[] { 1f, 0.5f }, new long[] { 0, 2 });
        Assert.Equal(new[] { 3f, 1f, -3f, 2f }, p);
        // per channel along axis 0
        Dequantize.PerChannel<sbyte>(new sbyte[] { 3, 4, -3, 6 }, p, new[] { 2, 2 }, 0, new[] { 1f, 0.5f }, new long[] { 0, 2 });
        Assert.Equal(new[] { 3f, 4f, -2.5f, 2f }, p);
    }

    [Fact]
    public void CastAndAddN()
    {
        var i = new int[4];
        Cast.Convert<float, int>(new[] { 1.9f, -1.9f, 3e10f, float.NaN }, i);
        Assert.Equal(new[] { 1, -1, int.MaxValue, int.MaxValue }, i); // NaN saturates to the maximum, as TFLite's SafeCast
        var b = new byte[3];
        Cast.ToBool<float>(new[] { 0f, -0.5f, 2f }, b);
        Assert.Equal(new byte[] { 0, 1, 1 }, b);
        var f = new float[3];
        Cast.FromBool<float>(b, f);
        Assert.Equal(new[] { 0f, 1f, 1f }, f);
        var s = new sbyte[2];
        Cast.Convert<long, sbyte>(new long[] { 300, -129 }, s);   // wraps like static_cast
        Assert.Equal(new sbyte[] { 44, 127 }, s);

        var y = new float[2];
        AddN.Begin(y);
        AddN.Accumulate(new[] { 1f, 2f }, y);
        AddN.Accumulate(new[] { 10f, 20f }, y);
        AddN.Accumulate(new[] { 100f, 200f }, y);
        Assert.Equal(new[] { 111f, 222f }, y);
    }
}
