using Xunit;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Tests.Quantization.Ops;

/// <summary>QUANTIZE, requantize, LEAKY_RELU, RELU6, HARD_SWISH, LOGISTIC, TANH, SOFTMAX, PRELU, MEAN/SUM/REDUCE_MAX on integers.</summary>
public class QuantizedUnaryOpsTests
{
    [Fact]
    public void QuantizeInt8TfliteCase()
    {
        // TFLite quantize_test Int8: scale 0.5, zero point -1.
        float[] x = [-63.5f, -63, -62.5f, -62, -61.5f, 62, 62.5f, 63, 63.5f, 64];
        var y = new sbyte[10];
        Ref.Quantize.PerTensor(x, y, 0.5f, -1);
        Assert.Equal(new sbyte[] { -128, -127, -126, -125, -124, 123, 124, 125, 126, 127 }, y);
    }

    [Fact]
    public void QuantizeRoundsHalfAwayAndClampsNaNToZero()
    {
        float[] x = [0.5f, -0.5f, 1.5f, -1.5f, float.NaN, 1e9f, -1e9f];
        var y = new short[7];
        Ref.Quantize.PerTensor(x, y, 1f, 0);
        Assert.Equal(new short[] { 1, -1, 2, -2, 0, 32767, -32768 }, y);
    }

    [Fact]
    public void QuantizePerChannelUsesTheAxisParameters()
    {
        float[] x = [1.5f, 1.5f, 1.5f, -2.5f, 100, -300];
        var y = new sbyte[6];
        Ref.Quantize.PerChannel([2, 3], x, y, 1, [1f, 0.5f, 2f], [0, 1, -1]);
        Assert.Equal(new sbyte[] { 2, 4, 0, -3, 127, -128 }, y);
    }

    [Fact]
    public void RequantizeHalvesWithRoundingTowardPlusInfinity()
    {
        Ref.Requantize.Multiplier(0.5f, 1f, out int m, out int s);
        Assert.Equal((1 << 30, 0), (m, s));
        sbyte[] x = [-128, -2, 0, 1, 2, 127];
        var y = new sbyte[6];
        Ref.Requantize.Run(x, y, m, s, -1, 0);
        Assert.Equal(new sbyte[] { -63, 0, 1, 1, 2, 64 }, y);
        var u = new byte[6];
        Ref.Requantize.Run(x, u, m, s, -1, 100);
        Assert.Equal(new byte[] { 37, 100, 101, 101, 102, 164 }, u);
    }

    [Fact]
    public void LeakyReluInt8TfliteCase()
    {
        // activations_test LeakyReluInt8: range [-8, 8) (scale 1/16, zero point 0), alpha 0.5.
        var op = Ref.LeakyReluQuantized.Create(0.0625f, 0, 0.0625f, 0, 0.5f, -128, 127);
        sbyte[] x = [0, 16, 48, 16, -16, -32];
        var y = new sbyte[6];
        Ref.LeakyReluQuantized.Run(op, x, y);
        Assert.Equal(new sbyte[] { 0, 16, 48, 16, -8, -16 }, y);
    }

    [Fact]
    public void Relu6RescalesThenClampsToQuantizedSix()
    {
        var op = Ref.ReluQuantized.Create(0.5f, 0, 0.25f, -128, 0f, 6f, -128, 127);
        Assert.Equal((-128, -104), (op.Min, op.Max));
        sbyte[] x = [-5, 5, 20, 0];
        var y = new sbyte[4];
        Ref.ReluQuantized.Run(op, x, y);
        Assert.Equal(new sbyte[] { -128, -118, -104, -128 }, y);
        var relu = Ref.ReluQuantized.Create(0.5f, 0, 0.25f, -128, 0f, float.PositiveInfinity, -128, 127);
        Assert.Equal(127, relu.Max);
    }

    [Fact]
    public void HardSwishWithinOneStepOfFloat()
    {
        const float si = 0.05f, so = 0.03f;
        const int zi = 3, zo = -20;
        var op = Ref.HardSwishQuantized.Create(si, zi, so, zo, -128, 127);
        var x = new sbyte[256];
        for (int i = 0; i < 256; i++) x[i] = (sbyte)(i - 128);
        var y = new sbyte[256];
        Ref.HardSwishQuantized.Run(op, x, y);
        for (int i = 0; i < 256; i++)
        {
            float r = si * (x[i] - zi);
            float hs = r * Math.Min(6f, Math.Max(0f, r + 3)) / 6;
            int want = Math.Clamp((int)MathF.Round(hs / so) + zo, -128, 127);
            Assert.True(Math.Abs(want - y[i]) <= 1, $"q={x[i]}: got {y[i]}, float gives {want}");
        }
    }

    [Fact]
    public void LogisticInt8Table()
    {
        var table = new byte[256];
        Ref.LogisticQuantized.PopulateTable(0.0625f, 0, 1f / 256, -128, false, table);
        sbyte[] x = [0, 16, 127, -128];
        var y = new sbyte[4];
        Ref.LogisticQuantized.Run(x, y, table);
        Assert.Equal(new sbyte[] { 0, 59, 127, -128 }, y);
    }

    [Fact]
    public void Int16LogisticAndTanhFixedPoints()
    {
        Ref.LogisticQuantized.Int16Params(1f / 4096, out int lm, out int ls);
        Assert.Equal((0, 0), (lm, ls));                        // power-of-two scale: the kernel's own x3
        Ref.TanhQuantized.Int16Params(1f / 4096, out int tm, out int ts);
        Assert.Equal((0, 0), (tm, ts));
        Ref.TanhQuantized.Int16Params(0.001f, out tm, out ts);  // general scale: 0.001 * 4096 * 3 * 2^shift > 16383.5
        Assert.Equal((11, 25165), (ts, tm));

        short[] x = [0, 32767, -32768];
        var y = new short[3];
        Ref.TanhQuantized.RunInt16(x, y, 0, 0);
        Assert.Equal(new short[] { 0, 32767, -32767 }, y);   // (-(0xFFFF << 8) + 2^23 + 127) >> 8 = -32767

        var sweep = new short[257];
        for (int i = 0; i < sweep.Length; i++) sweep[i] = (short)(i * 255 - 32768);
        var outPos = new short[sweep.Length];
        var outNeg = new short[sweep.Length];
        Ref.LogisticQuantized.RunInt16(sweep, outPos, 0, 0);
        var neg = sweep.Select(v => (short)Math.Max(-32767, -v)).ToArray();
        Ref.LogisticQuantized.RunInt16(neg, outNeg, 0, 0);
        Ref.LogisticQuantized.RunInt16([0], outNeg.AsSpan(0, 1), 0, 0);
        Assert.Equal(16384, outNeg[0]);
        for (int i = 1; i < sweep.Length; i++)
        {
            Assert.True(outPos[i] >= outPos[i - 1], $"logistic not monotone at {sweep[i]}");
            Assert.InRange(outPos[i] + outNeg[i], 32766, 32770);
        }
    }

    [Fact]
    public void SoftmaxInt8EqualAndDominantRows()
    {
        Ref.SoftmaxQuantized.Params8(1f, 1f, out int m, out int s, out int diffMin);
        Assert.Equal((1 << 30, 27, -15), (m, s, diffMin));
        sbyte[] x = [5, 5, 100, 0];
        var y = new sbyte[4];
        Ref.SoftmaxQuantized.Run(x, y, 2, m, s, diffMin);
        Assert.Equal(new sbyte[] { 0, 0, 127, -128 }, y);
        var y16 = new short[4];
        Ref.SoftmaxQuantized.Run(x, y16, 2, m, s, diffMin);
        Assert.Equal(new short[] { 0, 0, 32767, -32768 }, y16);
    }

    [Theory]
    [InlineData(300, -127)]   // p = 1/300: 256 p = 0.85 rounds to 1
    [InlineData(600, -128)]   // p = 1/600: 256 p = 0.43 rounds to 0 (the reciprocal's shift passes 31 here)
    [InlineData(4000, -128)]
    public void SoftmaxInt8WideEqualRowsRoundToTheTrueProbability(int depth, int expected)
    {
        Ref.SoftmaxQuantized.Params8(1f, 1f / 16, out int m, out int s, out int diffMin);
        var x = new sbyte[depth];
        var y = new sbyte[depth];
        Ref.SoftmaxQuantized.Run(x, y, depth, m, s, diffMin);
        Assert.All(y, v => Assert.Equal(expected, v));
    }

    [Fact]
    public void SoftmaxInt16SumsToOne()
    {
        var expTable = new short[513];
        var recTable = new short[513];
        Ref.SoftmaxQuantized.ParamsInt16(1f, 1f / 2048, expTable, recTable, out int m, out int s);
        short[] x = [0, 0, 0, 0, 1000, -1000, 2000, 0];
        var y = new short[8];
        Ref.SoftmaxQuantized.RunInt16(x, y, 4, m, s, expTable, recTable);
        for (int i = 0; i < 4; i++) Assert.InRange(y[i], 8190, 8194);       // 1/4 in Q15 is 8192
        Assert.InRange(y[4] + y[5] + y[6] + y[7], 32760, 32775);
        Assert.True(y[6] > y[4] && y[4] > y[7] && y[7] > y[5]);
    }

    [Fact]
    public void PreluInt8()
    {
        var op = Ref.PreluQuantized.Create(1f, 0, 0.5f, 0, 1f, 0, -128, 127);
        sbyte[] x = [-4, 3, -3, -128];
        sbyte[] alpha = [1, 1, 1, -128];
        var y = new sbyte[4];
        Ref.PreluQuantized.Run(op, [4], x, [4], alpha, [4], y);
        Assert.Equal(new sbyte[] { -2, 3, -1, 127 }, y);
    }

    [Fact]
    public void MeanInt8FoldsTheCountIntoTheMultiplier()
    {
        Kernels.Quantization.QuantizedMultiplier.Quantize(1.0, out int m, out int s);
        sbyte[] x = [1, 2, 3, 4, -1, -2, -3, -4];
        var y = new sbyte[2];
        var temp = new int[2];
        Ref.ReduceQuantized.MeanOrSum<sbyte>([2, 4], x, [false, true], y, 0, m, s, 0, computeSum: false, temp);
        Assert.Equal(new sbyte[] { 3, -3 }, y);
        Ref.ReduceQuantized.MeanOrSum<sbyte>([2, 4], x, [false, true], y, 2, m, s, -1, computeSum: false, temp);
        Assert.Equal(new sbyte[] { 0, -6 }, y);
    }

    [Fact]
    public void SumUInt8AndMaxInt16()
    {
        Kernels.Quantization.QuantizedMultiplier.Quantize(0.5, out int m, out int s);
        byte[] x = [10, 20, 31];
        var y = new byte[1];
        Ref.ReduceQuantized.MeanOrSum<byte>([3], x, [true], y, 0, m, s, 0, computeSum: true, new int[1]);
        Assert.Equal(31, y[0]);

        short[] h = [5, -7, 3, -32768, 100, 2];
        var hy = new short[3];
        ManagedLite.Kernels.Reference.ReduceGeneric.Run<short, ManagedLite.Kernels.Reference.ReduceGeneric.MaxOf<short>>([2, 3], h, [true, false], hy);
        Assert.Equal(new short[] { 5, 100, 3 }, hy);
        ManagedLite.Kernels.Reference.ReduceGeneric.Run<short, ManagedLite.Kernels.Reference.ReduceGeneric.SumOf<short>>([2, 3], h, [true, false], hy);
        Assert.Equal(new short[] { -32763, 93, 5 }, hy);
    }
}
