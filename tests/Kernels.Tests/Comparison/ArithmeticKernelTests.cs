using ManagedLite.Kernels.Elementwise;
using ManagedLite.Kernels.Reference;
using Xunit;

namespace ManagedLite.Kernels.Tests.Comparison;

/// <summary>Edge cases of FLOOR_DIV, FLOOR_MOD, ROUND, SIGN, RIGHT_SHIFT, BITWISE_XOR and FAKE_QUANT against worked values.</summary>
public class ArithmeticKernelTests
{
    private static BroadcastPlan Same(int n) => BroadcastPlan.Create([n], [n]);

    [Fact]
    public void FloorDivFloorsAndWrapsLikeTheX86Conversion()
    {
        int[] a = [7, -7, 7, -7, int.MinValue, 0], b = [2, 2, -2, -2, -1, 5];
        var y = new int[6];
        FloorDiv.Run(Same(6), a, b, y);
        Assert.Equal(new[] { 3, -4, -4, 3, int.MinValue, 0 }, y);
        sbyte[] a8 = [-128, 100], b8 = [-1, -7];
        var y8 = new sbyte[2];
        FloorDiv.Run(Same(2), a8, b8, y8);
        Assert.Equal(new sbyte[] { -128, -15 }, y8); // 128 wraps to -128; floor(-14.28) = -15
        float[] af = [1f, -1f, 0.3f], bf = [0.1f, 3f, 0.1f];
        var yf = new float[3];
        FloorDiv.Run(Same(3), af, bf, yf);
        // The quotient is taken in double: 1f / 0.1f is 9.99999985 (floored to 9), 0.3f / 0.1f is 3.00000007.
        Assert.Equal(new[] { 9f, -1f, 3f }, yf);
        Assert.True(FloorDiv.HasZero<float>([1f, -0f]));
        Assert.False(FloorDiv.HasZero<int>([1, -1]));
    }

    [Fact]
    public void FloorModTakesTheDivisorSign()
    {
        int[] a = [7, -7, 7, -7, int.MinValue, 6], b = [3, 3, -3, -3, -1, 3];
        var y = new int[6];
        FloorMod.Run(Same(6), a, b, y);
        Assert.Equal(new[] { 1, 2, -2, -1, 0, 0 }, y);
        long[] a64 = [long.MinValue, -1], b64 = [-1, long.MaxValue];
        var y64 = new long[2];
        FloorMod.Run(Same(2), a64, b64, y64);
        Assert.Equal(new[] { 0L, long.MaxValue - 1 }, y64);
        float[] af = [5.5f, -5.5f, 1f], bf = [2f, 2f, 0f];
        var yf = new float[3];
        FloorMod.Run(Same(3), af, bf, yf);
        Assert.Equal(1.5f, yf[0]);
        Assert.Equal(0.5f, yf[1]);
        Assert.True(float.IsNaN(yf[2]));
    }

    [Fact]
    public void RoundIsHalfToEven()
    {
        float[] x = [0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -2.5f, 2.4f, -2.6f, 1e9f + 64, float.NaN, float.PositiveInfinity, float.NegativeInfinity];
        var y = new float[x.Length];
        Kernels.Reference.Round.Run(x, y);
        Assert.Equal(new[] { 0f, 2f, 2f, -0f, -2f, -2f, 2f, -3f, 1e9f + 64 }, y[..9]);
        Assert.True(float.IsNaN(y[9]));
        Assert.Equal(float.PositiveInfinity, y[10]);
        Assert.Equal(float.NegativeInfinity, y[11]);
        var h = new Half[2];
        Kernels.Reference.Round.Run([(Half)2.5f, (Half)(-3.5f)], h);
        Assert.Equal(new[] { (Half)2f, (Half)(-4f) }, h);
        var bf = new ushort[1];
        Kernels.Reference.Round.RunBFloat16([BFloat16.FromSingle(3.5f)], bf);
        Assert.Equal(4f, BFloat16.ToSingle(bf[0]));
    }

    [Fact]
    public void SignKeepsNaNAndGivesZeroForZeros()
    {
        var y = new float[5];
        Sign.Run([3f, -0.1f, -0f, 0f, float.NaN], y);
        Assert.Equal(new[] { 1f, -1f, 0f, 0f }, y[..4]);
        Assert.False(float.IsNegative(y[2]));
        Assert.True(float.IsNaN(y[4]));
        var yi = new int[3];
        Sign.Run([int.MinValue, 0, 9], yi);
        Assert.Equal(new[] { -1, 0, 1 }, yi);
    }

    [Fact]
    public void RightShiftClampsTheCountAndKeepsTheSignedness()
    {
        sbyte[] x = [-128, -128, -128, 64];
        sbyte[] s = [1, 9, -3, 7];
        var y = new sbyte[4];
        RightShift.Run(Same(4), x, s, y);
        Assert.Equal(new sbyte[] { -64, -1, -128, 0 }, y);
        byte[] ux = [0x80, 0x80], us = [1, 200];
        var uy = new byte[2];
        RightShift.Run(Same(2), ux, us, uy);
        Assert.Equal(new byte[] { 0x40, 0x01 }, uy);
        uint[] wx = [0x80000000u], ws = [40];
        var wy = new uint[1];
        RightShift.Run(Same(1), wx, ws, wy);
        Assert.Equal(1u, wy[0]);
    }

    [Fact]
    public void BitwiseXorBroadcasts()
    {
        short[] a = [0x0F0F, -1, 0], b = [0x00FF];
        var y = new short[3];
        BitwiseXor.Run(BroadcastPlan.Create([3], [1]), a, b, y);
        Assert.Equal(new short[] { 0x0FF0, unchecked((short)0xFF00), 0x00FF }, y);
    }

    /// <summary>
    /// TensorFlow's FakeQuantWithMinMaxArgs (fake_quant_ops_functor.h) written out from its definition, in float as
    /// TensorFlow computes it: nudge the range so zero is on the grid, clamp, round half away from zero.
    /// </summary>
    private static float TensorFlowFakeQuant(float x, float min, float max, int bits, bool narrow)
    {
        float qmin = narrow ? 1 : 0, qmax = (1 << bits) - 1;
        float scale = (max - min) / (qmax - qmin);
        float zpFromMin = qmin - min / scale;
        float zp = zpFromMin < qmin ? qmin : zpFromMin > qmax ? qmax : MathF.Round(zpFromMin, MidpointRounding.AwayFromZero);
        float lo = (qmin - zp) * scale, hi = (qmax - zp) * scale;
        float c = x < lo ? lo : x > hi ? hi : x;
        return MathF.Round((c - lo) * (1f / scale), MidpointRounding.AwayFromZero) * scale + lo;
    }

    [Theory]
    [InlineData(-1f, 1f, 8, false)]
    [InlineData(-1f, 1f, 8, true)]
    [InlineData(-0.3f, 1.7f, 4, true)]
    [InlineData(0.25f, 3f, 16, false)]
    public void FakeQuantMatchesTensorFlowsFormula(float min, float max, int bits, bool narrow)
    {
        var rng = new Random(3);
        var x = Enumerable.Range(0, 500).Select(_ => (float)(rng.NextDouble() * 5 - 2.5)).ToArray();
        var y = new float[x.Length];
        FakeQuant.Run(x, y, min, max, bits, narrow);
        for (int i = 0; i < x.Length; i++)
            Assert.True(y[i] == TensorFlowFakeQuant(x[i], min, max, bits, narrow),
                $"x = {x[i]}: got {y[i]}, TensorFlow's formula gives {TensorFlowFakeQuant(x[i], min, max, bits, narrow)}");
        var nan = new float[1];
        FakeQuant.Run([float.NaN], nan, min, max, bits, narrow);
        FakeQuant.Nudge(min, max, narrow ? 1 : 0, (1 << bits) - 1, out float nudgedMin, out _, out _);
        Assert.Equal(nudgedMin, nan[0]); // std::max(min, NaN) is min
        Assert.Throws<ArgumentOutOfRangeException>(() => FakeQuant.Run([0f], nan, min, max, 1, narrow));
    }
}
