using ManagedLite.Kernels.Quantization;
using Xunit;

namespace ManagedLite.Kernels.Tests.Quantization;

public class QuantizedMathTests
{
    [Fact]
    public void SaturatingRoundingDoublingHighMulEdges()
    {
        Assert.Equal(int.MaxValue, FixedPoint.SaturatingRoundingDoublingHighMul(int.MinValue, int.MinValue));
        Assert.Equal(-int.MaxValue, FixedPoint.SaturatingRoundingDoublingHighMul(int.MinValue, int.MaxValue)); // -2^31*(2^31-1)/2^31
        Assert.Equal(int.MaxValue - 1, FixedPoint.SaturatingRoundingDoublingHighMul(int.MaxValue, int.MaxValue));
        Assert.Equal(1, FixedPoint.SaturatingRoundingDoublingHighMul(1, 1 << 30)); // 0.5 rounds away -> 1
        Assert.Equal(0, FixedPoint.SaturatingRoundingDoublingHighMul(-1, 1 << 30));  // -0.5 rounds up -> 0
        Assert.Equal(-1, FixedPoint.SaturatingRoundingDoublingHighMul(-3, 1 << 30)); // -1.5 rounds up -> -1
        Assert.Equal(2, FixedPoint.SaturatingRoundingDoublingHighMul(3, 1 << 30));   // 1.5 rounds up -> 2
        Assert.Equal(0, FixedPoint.SaturatingRoundingDoublingHighMul(1, (1 << 30) - 1));
        Assert.Equal(50, FixedPoint.SaturatingRoundingDoublingHighMul(100, 1 << 30));
        Assert.Equal(int.MinValue, FixedPoint.SaturatingRoundingDoublingHighMul(int.MinValue, int.MaxValue) - 1);
    }

    [Theory]
    [InlineData(5, 1, 3)]     // 2.5 -> 3
    [InlineData(-5, 1, -3)]   // -2.5 -> -3
    [InlineData(7, 2, 2)]     // 1.75 -> 2
    [InlineData(-7, 2, -2)]
    [InlineData(6, 2, 2)]     // 1.5 -> 2
    [InlineData(-6, 2, -2)]   // -1.5 -> -2
    [InlineData(5, 2, 1)]     // 1.25 -> 1
    [InlineData(123, 0, 123)] // shift 0 is the identity
    [InlineData(int.MaxValue, 31, 1)]
    [InlineData(int.MinValue, 31, -1)]
    [InlineData(1 << 30, 31, 1)]        // exactly 0.5 -> 1
    [InlineData(-(1 << 30), 31, -1)]    // exactly -0.5 -> -1
    [InlineData((1 << 30) - 1, 31, 0)]
    public void RoundingDivideByPot(int x, int exponent, int expected) =>
        Assert.Equal(expected, FixedPoint.RoundingDivideByPot(x, exponent));

    [Fact]
    public void RoundingDivideByPotMatchesRoundHalfAway()
    {
        var rng = new Random(7);
        for (int i = 0; i < 2000; i++)
        {
            int x = rng.Next(int.MinValue, int.MaxValue);
            int e = rng.Next(0, 32);
            Assert.Equal((int)NaiveQuant.DivPow2RoundHalfAway(x, e), FixedPoint.RoundingDivideByPot(x, e));
        }
    }

    [Fact]
    public void MultiplyByQuantizedMultiplierTfliteCases()
    {
        // From TFLite's quantization_util_test.cc (MultiplyByQuantizedMultiplierInt32).
        static int QM(int x, double m)
        {
            QuantizedMultiplier.Quantize(m, out int q, out int s);
            return QuantizedMath.MultiplyByQuantizedMultiplier(x, q, s);
        }
        Assert.Equal(0, QM(0, 0.1));
        Assert.Equal(0, QM(1, 0));
        Assert.Equal(10, QM(10000, 0.00097656));
        Assert.Equal(-10, QM(10000, -0.00097656));
        Assert.Equal(-10, QM(-10000, 0.00097656));
        Assert.Equal(10, QM(-10000, -0.00097656));
        Assert.Equal(-21475, QM(int.MinValue, 0.00001));
        Assert.Equal(21475, QM(int.MinValue, -0.00001));
        Assert.Equal(21475, QM(int.MaxValue, 0.00001));
        Assert.Equal(-21475, QM(int.MaxValue, -0.00001));
        int expected = (int)Math.Round((double)int.MaxValue * int.MaxValue / Math.ScaleB(1.0, 34), MidpointRounding.AwayFromZero);
        Assert.Equal(expected, QuantizedMath.MultiplyByQuantizedMultiplier(int.MaxValue, int.MaxValue, -3));
        Assert.Equal(-expected, QuantizedMath.MultiplyByQuantizedMultiplier(-int.MaxValue, int.MaxValue, -3));
    }

    [Fact]
    public void MultiplyByQuantizedMultiplierDoubleRounding()
    {
        // x = 3, m = 0.5 (2^30), shift -1: SRDHM 1.5 -> 2, then 2 / 2 = 1.
        Assert.Equal(1, QuantizedMath.MultiplyByQuantizedMultiplier(3, 1 << 30, -1));
        // x = 5, m = 0.5, shift -2: SRDHM -> round(2.5) = 3, RDBPOT(3, 2) = round(0.75) = 1 (exact: 0.625 -> 1).
        Assert.Equal(1, QuantizedMath.MultiplyByQuantizedMultiplier(5, 1 << 30, -2));
        // x = 3, m = 0.5, shift -2: SRDHM -> 2, RDBPOT(2, 2) = round(0.5) = 1, although 3/8 = 0.375 rounds to 0
        // with a single rounding: the double-rounding signature of TFLite's default build.
        Assert.Equal(1, QuantizedMath.MultiplyByQuantizedMultiplier(3, 1 << 30, -2));
        // shift 0 and 31 edges
        Assert.Equal(int.MaxValue, QuantizedMath.MultiplyByQuantizedMultiplier(int.MinValue, int.MinValue, 0));
        Assert.Equal(1, QuantizedMath.MultiplyByQuantizedMultiplier(int.MaxValue, int.MaxValue, -31));
        Assert.Equal(-1, QuantizedMath.MultiplyByQuantizedMultiplier(int.MinValue, int.MaxValue, -31));
        // a positive shift wraps before the multiply, as the C++ code does
        Assert.Equal(NaiveQuant.Mbqm(1 << 30, 1 << 30, 2), QuantizedMath.MultiplyByQuantizedMultiplier(1 << 30, 1 << 30, 2));
    }

    [Fact]
    public void MultiplyByQuantizedMultiplierMatchesNaive()
    {
        var rng = new Random(11);
        for (int i = 0; i < 5000; i++)
        {
            int x = rng.Next(int.MinValue, int.MaxValue);
            int m = rng.Next(0, int.MaxValue);
            int s = rng.Next(-31, 8);
            if (s > 0) x >>= s + 1; // keep the left shift from wrapping
            Assert.Equal(NaiveQuant.Mbqm(x, m, s), QuantizedMath.MultiplyByQuantizedMultiplier(x, m, s));
        }
    }

    [Fact]
    public void MultiplyByQuantizedMultiplierInt64TfliteCases()
    {
        static int QM(long x, double m)
        {
            QuantizedMultiplier.Quantize(m, out int q, out int s);
            return QuantizedMath.MultiplyByQuantizedMultiplier(x, q, s);
        }
        Assert.Equal(0, QM(0, 0.1));
        Assert.Equal(0, QM(1, 0));
        Assert.Equal(10, QM(10000, 0.00097656));
        Assert.Equal(-10, QM(-10000, 0.00097656));
        Assert.Equal(-1407385600, QM(-(1L << 47), 0.00001));
        Assert.Equal(1407385600, QM((1L << 47) - 1, 0.00001));
        Assert.Equal(65534, QuantizedMath.MultiplyByQuantizedMultiplier((1L << 47) - 1, int.MaxValue, -31));
        Assert.Equal(-65534, QuantizedMath.MultiplyByQuantizedMultiplier(-((1L << 47) - 1), int.MaxValue, -31));
    }

    [Fact]
    public void MultiplyByQuantizedMultiplierInt64UsesReducedMultiplier()
    {
        // multiplier 0x7FFF0000 and above saturate the Q15 multiplier to 0x7FFF
        Assert.Equal(QuantizedMath.MultiplyByQuantizedMultiplier(1L << 20, 0x7FFF0000, 0),
            QuantizedMath.MultiplyByQuantizedMultiplier(1L << 20, int.MaxValue, 0));
        // 0x7FFEFFFF rounds to 0x7FFF too; 0x7FFE7FFF rounds down to 0x7FFE
        Assert.Equal(((1L << 20) * 0x7FFE + (1 << 14)) >> 15, QuantizedMath.MultiplyByQuantizedMultiplier(1L << 20, 0x7FFE7FFF, 0));
        // the single rounding rounds halves up: -2 * 0.25 = -0.5 -> 0, 2 * 0.25 = 0.5 -> 1, -0.75 -> -1
        Assert.Equal(0, QuantizedMath.MultiplyByQuantizedMultiplier(-2L, 1 << 30, -1));
        Assert.Equal(1, QuantizedMath.MultiplyByQuantizedMultiplier(2L, 1 << 30, -1));
        Assert.Equal(-1, QuantizedMath.MultiplyByQuantizedMultiplier(-3L, 1 << 30, -1));
        var rng = new Random(3);
        for (int i = 0; i < 5000; i++)
        {
            long x = rng.NextInt64(-(1L << 47), 1L << 47);
            int m = rng.Next(0, int.MaxValue);
            int s = rng.Next(-31, 1);
            if (s > -17) x >>= 17 + s; // keep the result within int32
            Assert.Equal(NaiveQuant.Mbqm64(x, m, s), QuantizedMath.MultiplyByQuantizedMultiplier(x, m, s));
        }
    }

    [Fact]
    public void SmallerThanOneAndGreaterThanOne()
    {
        Assert.Equal(25, QuantizedMath.MultiplyByQuantizedMultiplierSmallerThanOneExp(100, 1 << 30, -1));
        Assert.Equal(QuantizedMath.MultiplyByQuantizedMultiplier(-12345, 1234567890, -5),
            QuantizedMath.MultiplyByQuantizedMultiplierSmallerThanOneExp(-12345, 1234567890, -5));
        Assert.Equal(400, QuantizedMath.MultiplyByQuantizedMultiplierGreaterThanOne(100, 1 << 30, 3));
        Assert.Equal(QuantizedMath.MultiplyByQuantizedMultiplier(777, 1987654321, 4),
            QuantizedMath.MultiplyByQuantizedMultiplierGreaterThanOne(777, 1987654321, 4));
    }

    [Fact]
    public void RequantizeAddsOffsetAndClamps()
    {
        Assert.Equal(61, QuantizedMath.Requantize(62, 1 << 30, 1, -1, -128, 127));
        Assert.Equal(127, QuantizedMath.Requantize(66, 1 << 30, 2, -1, -128, 127));
        Assert.Equal(-128, QuantizedMath.Requantize(-1000, 1 << 30, 1, 0, -128, 127));
        Assert.Equal(short.MaxValue, QuantizedMath.Requantize(1L << 20, 1 << 30, 0, short.MinValue, short.MaxValue));
        Assert.Equal(-12, QuantizedMath.Requantize(-24L, 1 << 30, 0, short.MinValue, short.MaxValue));
        int[] acc = [62, 66, -114, -46];
        QuantizedMath.RequantizePerChannel(acc, [1 << 30, 1 << 30], [1, 2], -1, -128, 127);
        Assert.Equal([61, 127, -115, -93], acc);
    }

    [Fact]
    public void SaturatingCastsAndArithmetic()
    {
        Assert.Equal(sbyte.MaxValue, QuantizedMath.SaturateToInt8(1000));
        Assert.Equal(sbyte.MinValue, QuantizedMath.SaturateToInt8(-129));
        Assert.Equal((sbyte)-5, QuantizedMath.SaturateToInt8(-5));
        Assert.Equal(byte.MinValue, QuantizedMath.SaturateToUInt8(-1));
        Assert.Equal(byte.MaxValue, QuantizedMath.SaturateToUInt8(256));
        Assert.Equal(short.MinValue, QuantizedMath.SaturateToInt16(int.MinValue));
        Assert.Equal(short.MaxValue, QuantizedMath.SaturateToInt16(40000));
        Assert.Equal(int.MaxValue, QuantizedMath.SaturateToInt32(long.MaxValue));
        Assert.Equal(int.MaxValue, FixedPoint.SaturatingAdd(int.MaxValue, 1));
        Assert.Equal(int.MinValue, FixedPoint.SaturatingSub(int.MinValue, 1));
        Assert.Equal(short.MaxValue, FixedPoint16.SaturatingAdd(short.MaxValue, 1));
        Assert.Equal(short.MinValue, FixedPoint16.SaturatingSub(short.MinValue, 1));
    }

    [Theory]
    [InlineData(0, 31)]
    [InlineData(-1, 31)]
    [InlineData(1, 30)]
    [InlineData(-2, 30)]
    [InlineData(int.MaxValue, 0)]
    [InlineData(int.MinValue, 0)]
    [InlineData(1 << 20, 10)]
    [InlineData(-(1 << 20), 11)]
    public void CountLeadingSignBits(int x, int expected) => Assert.Equal(expected, QuantizedMath.CountLeadingSignBits(x));

    [Fact]
    public void InvSqrtTfliteCases()
    {
        // TFLite's quantization_util_test.cc GetInvSqrtQuantizedMultiplierExp.
        static (int, int) I(int x)
        {
            QuantizedMath.GetInvSqrtQuantizedMultiplierExp(x, 1, out int o, out int s);
            return (o, s);
        }
        Assert.Equal((int.MaxValue, 0), I(0));
        Assert.Equal((int.MaxValue, 0), I(1));
        Assert.Equal((1518498372, 0), I(2));
        Assert.Equal((1239850284, 0), I(3));
        Assert.Equal((1073741828, 0), I(4));
        Assert.Equal((214748363, 0), I(100));
        Assert.Equal((343597361, 4), I(10000));
        Assert.Equal((274877901, 7), I(1000000));
        Assert.Equal((219902323, 10), I(100000000));
        Assert.Equal((268435457, 12), I(1 << 30));
        Assert.Equal((189812531, 12), I(int.MaxValue));
        QuantizedMath.GetInvSqrtQuantizedMultiplierExp(10000, -1, out _, out int reversed);
        Assert.Equal(-4, reversed);
    }

    [Fact]
    public void ReciprocalOfOnePointTwoFive()
    {
        // x = 1.25 in Q(3).28 -> 1/1.25 = 0.8 with 0 bits over unit (shifted_scale in Q0.31).
        int x = (int)(1.25 * (1 << 28));
        int r = QuantizedMath.GetReciprocal(x, 3, out int bitsOverUnit);
        Assert.Equal(0, bitsOverUnit);
        Assert.InRange(r / Math.ScaleB(1.0, 31), 0.8 - 1e-8, 0.8 + 1e-8);
    }
}
