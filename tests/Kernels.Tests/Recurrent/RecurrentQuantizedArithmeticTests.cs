using ManagedLite.Kernels.Quantization;
using Xunit;

namespace ManagedLite.Kernels.Tests.Recurrent;

public class RecurrentQuantizedArithmeticTests
{
    [Theory]
    [InlineData(0.5, 1 << 30, 0)]
    [InlineData(1.0, 1 << 30, 1)]
    [InlineData(0.75, 1610612736, 0)]
    [InlineData(0.25, 1 << 30, -1)]
    [InlineData(1e-12, 0, 0)] // below 2^-31: flushed to zero
    [InlineData(0.0, 0, 0)]
    public void QuantizeMultiplier_MatchesTfliteDecomposition(double real, int multiplier, int shift)
    {
        QuantizedMultiplier.Quantize(real, out int m, out int s);
        Assert.Equal(multiplier, m);
        Assert.Equal(shift, s);
    }

    [Theory]
    [InlineData(10, 1 << 30, 0, 5)]
    [InlineData(5, 1 << 30, 0, 3)]     // 2.5 rounds up in SaturatingRoundingDoublingHighMul
    [InlineData(-5, 1 << 30, 0, -2)]   // -2.5 rounds up too (gemmlowp nudge)
    [InlineData(5, 1 << 30, -1, 2)]    // double rounding: 1.25 -> 2 (3 / 2 rounded)
    [InlineData(-3, 1 << 30, 1, -3)]   // left shift then exact halving
    [InlineData(int.MaxValue, int.MaxValue, 0, int.MaxValue - 1)]
    public void MultiplyByQuantizedMultiplier_HandChecked(int x, int m, int shift, int expected) =>
        Assert.Equal(expected, QuantizedMath.MultiplyByQuantizedMultiplier(x, m, shift));

    [Theory]
    [InlineData(-3, 1, -2)] // -1.5 rounds away from zero
    [InlineData(3, 1, 2)]
    [InlineData(-5, 2, -1)] // -1.25
    [InlineData(6, 2, 2)]   // 1.5
    public void RoundingDivideByPOT_RoundsHalfAwayFromZero(int x, int e, int expected) =>
        Assert.Equal(expected, FixedPoint.RoundingDivideByPot(x, e));

    // TFLite tensor_utils_test QuantSigmoidTest: Q3.12 in, Q0.15 out (gemmlowp logistic).
    [Fact]
    public void Logistic16_MatchesTfliteQuantSigmoidTest()
    {
        short[] input =
        [
            -10500, 1398, -6963, -7404, 485, -5401, -1757, -7668, -19248, -9692, -24249, -17923, -15840, -10026, 5249,
            -89, 1787, -16178, -6691, -19524, -13439, -24048, -1123, 32767, -17267, -3378, 823, 11482, -11139, 7508,
        ];
        short[] expected =
        [
            2339, 19152, 5063, 4617, 17350, 6917, 12921, 4371, 299, 2813, 89, 409, 673, 2605, 25646,
            16207, 19904, 615, 5353, 273, 1187, 91, 14153, 32756, 475, 9983, 18026, 30898, 2023, 28246,
        ];
        for (int i = 0; i < input.Length; i++)
            Assert.Equal(expected[i], FixedPoint16.Logistic(input[i], 3));
    }

    // TFLite tensor_utils_test QuantTanh3Test: Q3.12 in, Q0.15 out.
    [Fact]
    public void Tanh16_Q3_MatchesTfliteQuantTanh3Test()
    {
        short[] input =
        [
            -145, 899, -176, -35, 264, 289, 8, 27, -37, -1310, -120, 127, -16, 106, 370,
            -583, -299, 93, -548, 548, 653, -29, -53, 1058, -52, -164, -149, -635, 201, -1297,
        ];
        short[] expected =
        [
            -1156, 7076, -1412, -276, 2104, 2308, 64, 220, -288, -10132, -964, 1016, -120, 844, 2944,
            -4640, -2392, 736, -4352, 4352, 5180, -232, -428, 8276, -412, -1308, -1196, -5044, 1612, -10044,
        ];
        for (int i = 0; i < input.Length; i++)
            Assert.Equal(expected[i], FixedPoint16.Tanh(input[i], 3));
    }

    // TFLite tensor_utils_test QuantTanh4Test: Q4.11 in, Q0.15 out.
    [Fact]
    public void Tanh16_Q4_MatchesTfliteQuantTanh4Test()
    {
        short[] input =
        [
            -5, 163, -31, -5, 54, 90, 1, 2, -4, -42, -8, 29, 0, 47, 150,
            -26, -36, 9, -73, 25, 14, -2, -1, 29, -10, -12, -18, -29, 51, -92,
        ];
        short[] expected =
        [
            -76, 2596, -496, -76, 856, 1436, 24, 36, -64, -672, -120, 456, 0, 752, 2400,
            -412, -576, 148, -1168, 400, 216, -36, -24, 456, -164, -192, -292, -456, 820, -1476,
        ];
        for (int i = 0; i < input.Length; i++)
            Assert.Equal(expected[i], FixedPoint16.Tanh(input[i], 4));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(6)]
    public void Logistic16AndTanh16_StayCloseToFloatOverTheWholeRange(int integerBits)
    {
        float inScale = 1f / (1 << (15 - integerBits));
        for (int raw = short.MinValue; raw <= short.MaxValue; raw += 7)
        {
            float x = raw * inScale;
            float sig = FixedPoint16.Logistic((short)raw, integerBits) / 32768f;
            float tanh = FixedPoint16.Tanh((short)raw, integerBits) / 32768f;
            Assert.True(MathF.Abs(sig - 1f / (1f + MathF.Exp(-x))) < 2e-4f, $"logistic({x}) = {sig}");
            Assert.True(MathF.Abs(tanh - MathF.Tanh(x)) < 4e-4f, $"tanh({x}) = {tanh}");
        }
    }

    [Fact]
    public void SymmetricQuantize_ScalesByMaxAbs()
    {
        float[] values = [1f, -2.54f, 0.5f, 0f];
        var q = new sbyte[4];
        float scale = HybridQuantization.Symmetric(values, q);
        Assert.Equal(2.54f / 127f, scale);
        Assert.Equal(new sbyte[] { 50, -127, 25, 0 }, q);
        Assert.Equal(1f, HybridQuantization.Symmetric(new float[3], q.AsSpan(0, 3)));
    }

    [Fact]
    public void AsymmetricQuantize_UsesNudgedZeroPoint()
    {
        // Range [0, 2.55]: scale 0.01, zero point -128 (min error side).
        float[] values = [0f, 2.55f, 1f];
        var q = new sbyte[3];
        float scale = HybridQuantization.Asymmetric(values, q, out int zp);
        Assert.Equal(-128, zp);
        Assert.Equal((float)(2.55f / 255.0), scale);
        Assert.Equal(new sbyte[] { -128, 127, -28 }, q);
    }
}
