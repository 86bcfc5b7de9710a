using ManagedLite.Kernels.Quantization;
using Xunit;

namespace ManagedLite.Kernels.Tests.Quantization;

/// <summary>
/// gemmlowp fixed-point functions: exact values at hand-checked points, and accuracy against double math
/// (tolerances: 2e-6 absolute for exp, whose 4th-order polynomial is accurate to ~3e-7; 5e-6 for
/// logistic/tanh; 5e-8 for the Newton-Raphson divisions; 4e-4 (13 units of Q0.15) for int16).
/// </summary>
public class FixedPointTests
{
    private static double ToDouble(int raw, int integerBits) => raw / Math.ScaleB(1.0, 31 - integerBits);
    private static int FromDouble(double x, int integerBits) =>
        (int)Math.Clamp(Math.Round(x * Math.ScaleB(1.0, 31 - integerBits)), int.MinValue, int.MaxValue);

    [Fact]
    public void Constants()
    {
        Assert.Equal(int.MaxValue, FixedPoint.One(0));
        Assert.Equal(1 << 26, FixedPoint.One(5));
        Assert.Equal(1 << 28, FixedPoint.ConstantPot(0, -3));
        Assert.Equal(short.MaxValue, FixedPoint16.One(0));
        Assert.Equal(1 << 12, FixedPoint16.One(3));
    }

    [Theory]
    [InlineData(0x40000000, 1, int.MaxValue)]         // saturates
    [InlineData(-0x40000000, 1, int.MinValue)]        // -2^31 exactly representable, but threshold saturates
    [InlineData(0x3FFFFFFF, 1, 0x7FFFFFFE)]
    [InlineData(-0x3FFFFFFF, 1, -0x7FFFFFFE)]
    [InlineData(5, -1, 3)]
    [InlineData(1, 31, int.MaxValue)]
    [InlineData(0, 31, 0)]
    [InlineData(-1, 31, int.MinValue)]
    public void SaturatingRoundingMultiplyByPot(int x, int exponent, int expected) =>
        Assert.Equal(expected, FixedPoint.SaturatingRoundingMultiplyByPot(x, exponent));

    [Fact]
    public void RoundingHalfSum()
    {
        Assert.Equal(2, FixedPoint.RoundingHalfSum(1, 2));
        Assert.Equal(-2, FixedPoint.RoundingHalfSum(-1, -2));
        Assert.Equal(int.MaxValue, FixedPoint.RoundingHalfSum(int.MaxValue, int.MaxValue));
        Assert.Equal((short)-2, FixedPoint16.RoundingHalfSum(-1, -2));
    }

    [Fact]
    public void ExpExactPoints()
    {
        Assert.Equal(int.MaxValue, FixedPoint.ExpOnNegativeValues(0, 5));
        Assert.Equal(0, FixedPoint.ExpOnNegativeValues(int.MinValue, 6)); // -32 clamps to 0 with 6 integer bits
        // exp(-1/4) with 0 integer bits goes through the polynomial only
        int e = FixedPoint.ExpOnNegativeValues(-(1 << 29), 0);
        Assert.InRange(ToDouble(e, 0), Math.Exp(-0.25) - 1e-6, Math.Exp(-0.25) + 1e-6);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(12)]
    public void ExpOnNegativeValuesAccuracy(int integerBits)
    {
        double maxInput = Math.Min(Math.ScaleB(1.0, integerBits), 30);
        for (int i = 0; i <= 400; i++)
        {
            double x = -maxInput * i / 400;
            int raw = FromDouble(x, integerBits);
            double got = ToDouble(FixedPoint.ExpOnNegativeValues(raw, integerBits), 0);
            double want = Math.Exp(ToDouble(raw, integerBits));
            Assert.True(Math.Abs(got - want) < 2e-6, $"exp({x}) = {got}, expected {want}");
        }
    }

    [Fact]
    public void LogisticAndTanhAccuracy()
    {
        for (int integerBits = 0; integerBits <= 6; integerBits += 2)
        {
            double range = Math.Min(Math.ScaleB(1.0, integerBits), 16);
            for (int i = -300; i <= 300; i++)
            {
                int raw = FromDouble(range * i / 300 * 0.999, integerBits);
                double x = ToDouble(raw, integerBits);
                double logistic = ToDouble(FixedPoint.Logistic(raw, integerBits), 0);
                double tanh = ToDouble(FixedPoint.Tanh(raw, integerBits), 0);
                Assert.True(Math.Abs(logistic - 1 / (1 + Math.Exp(-x))) < 5e-6, $"logistic({x}) = {logistic}");
                Assert.True(Math.Abs(tanh - Math.Tanh(x)) < 5e-6, $"tanh({x}) = {tanh}");
            }
        }
        Assert.Equal(1 << 30, FixedPoint.Logistic(0, 3));
        Assert.Equal(0, FixedPoint.Tanh(0, 3));
        // symmetry: logistic(-x) = 1 - logistic(x) exactly in raw terms (One(0) = 2^31 - 1)
        int p = FixedPoint.Logistic(123456789, 4);
        Assert.Equal(int.MaxValue - p, FixedPoint.Logistic(-123456789, 4));
        Assert.Equal(-FixedPoint.Tanh(123456789, 4), FixedPoint.Tanh(-123456789, 4));
    }

    [Fact]
    public void OneOverOnePlusX()
    {
        for (int i = 0; i < 200; i++)
        {
            double a = i / 200.0;
            double got = ToDouble(FixedPoint.OneOverOnePlusXForXIn01(FromDouble(a, 0)), 0);
            Assert.True(Math.Abs(got - 1 / (1 + a)) < 5e-8, $"1/(1+{a}) = {got}");
            double got2 = ToDouble(FixedPoint.OneMinusXOverOnePlusXForXIn01(FromDouble(a, 0)), 0);
            Assert.True(Math.Abs(got2 - (1 - a) / (1 + a)) < 5e-8, $"(1-{a})/(1+{a}) = {got2}");
        }
    }

    [Fact]
    public void SixteenBitVariantsAreAccurate()
    {
        for (int integerBits = 0; integerBits <= 5; integerBits++)
        {
            double scale = Math.ScaleB(1.0, 15 - integerBits);
            for (int raw = short.MinValue; raw <= short.MaxValue; raw += 97)
            {
                double x = raw / scale;
                double logistic = FixedPoint16.Logistic((short)raw, integerBits) / 32768.0;
                double tanh = FixedPoint16.Tanh((short)raw, integerBits) / 32768.0;
                Assert.True(Math.Abs(logistic - 1 / (1 + Math.Exp(-x))) < 4e-4, $"logistic16({x}) = {logistic}");
                Assert.True(Math.Abs(tanh - Math.Tanh(x)) < 4e-4, $"tanh16({x}) = {tanh}");
                if (raw <= 0)
                {
                    double e = FixedPoint16.ExpOnNegativeValues((short)raw, integerBits) / 32768.0;
                    Assert.True(Math.Abs(e - Math.Exp(x)) < 4e-4, $"exp16({x}) = {e}");
                }
            }
        }
        Assert.Equal((short)(1 << 14), FixedPoint16.Logistic(0, 3));
        Assert.Equal(short.MaxValue, FixedPoint16.SaturatingRoundingDoublingHighMul(short.MinValue, short.MinValue));
        Assert.Equal((short)1, FixedPoint16.RoundingDivideByPot(1, 1));     // 0.5 -> 1
        Assert.Equal((short)-1, FixedPoint16.RoundingDivideByPot(-1, 1));   // -0.5 -> -1
        Assert.Equal(short.MaxValue, FixedPoint16.SaturatingRoundingMultiplyByPot(0x4000, 1));
    }

    [Fact]
    public void SixteenBitTracksThirtyTwoBit()
    {
        // The int16 result is close to the int32 one scaled down (both are gemmlowp on the same algorithm).
        for (int raw = short.MinValue; raw <= short.MaxValue; raw += 251)
        {
            int l32 = FixedPoint.Logistic(raw << 16, 3) >> 16;
            int l16 = FixedPoint16.Logistic((short)raw, 3);
            Assert.InRange(l16 - l32, -8, 8);
        }
    }
}
