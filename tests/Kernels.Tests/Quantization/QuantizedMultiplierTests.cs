using ManagedLite.Kernels.Quantization;
using Xunit;

namespace ManagedLite.Kernels.Tests.Quantization;

public class QuantizedMultiplierTests
{
    private static (int, int) Q(double d)
    {
        QuantizedMultiplier.Quantize(d, out int q, out int s);
        return (q, s);
    }

    // Expected pairs from TFLite's quantization_util_test.cc (QuantizeMultiplierArray).
    [Theory]
    [InlineData(-4, -1073741824, 3)]
    [InlineData(-2, -1073741824, 2)]
    [InlineData(-1, -1073741824, 1)]
    [InlineData(-0.5, -1073741824, 0)]
    [InlineData(-0.25, -1073741824, -1)]
    [InlineData(-0.125, -1073741824, -2)]
    [InlineData(0, 0, 0)]
    [InlineData(0.125, 1073741824, -2)]
    [InlineData(0.25, 1073741824, -1)]
    [InlineData(0.5, 1073741824, 0)]
    [InlineData(1, 1073741824, 1)]
    [InlineData(2, 1073741824, 2)]
    [InlineData(4, 1073741824, 3)]
    public void QuantizePowersOfTwo(double real, int multiplier, int shift) => Assert.Equal((multiplier, shift), Q(real));

    [Fact]
    public void RoundingUpToTwoPow31IsRenormalised()
    {
        // 1 - 1e-15: frexp gives q just below 1, q * 2^31 rounds to exactly 2^31 -> halved, shift + 1.
        Assert.Equal((1073741824, 1), Q(1 - 1e-15));
        Assert.Equal((1073741824, 2), Q(2 - 1e-11));
        Assert.Equal((2147483647, 1), Q(2 - 1e-9));
    }

    [Fact]
    public void UnderflowFlushesToZero()
    {
        // TFLite QuantizeMultiplierUnderflow.
        Assert.Equal((1073741824, -30), Q(Math.ScaleB(1.0, -31)));
        Assert.Equal((1073741824, -31), Q(Math.ScaleB(1.0, -32)));
        Assert.Equal((0, 0), Q(Math.ScaleB((double)0.99f, -32)));
        Assert.Equal((0, 0), Q(Math.ScaleB(1.0, -33)));
        Assert.Equal((0, 0), Q(double.Epsilon)); // subnormal
    }

    [Fact]
    public void LargeMultipliersKeepTheirShift()
    {
        // Default (double rounding) build does not clamp shifts above 30.
        Assert.Equal((1073741824, 41), Q(Math.ScaleB(1.0, 40)));
    }

    [Fact]
    public void NonFiniteThrows()
    {
        Assert.ThrowsAny<ArgumentException>(() => Q(double.NaN));
        Assert.ThrowsAny<ArgumentException>(() => Q(double.PositiveInfinity));
    }

    [Fact]
    public void SmallerThanOneExp()
    {
        static (int, int) S(double d)
        {
            QuantizedMultiplier.QuantizeSmallerThanOneExp(d, out int q, out int s);
            return (q, s);
        }
        Assert.Equal((1073741824, -1), S(0.25));
        Assert.Equal((2147483627, -1), S(0.50 - 5e-9));
        Assert.Equal((1073741824, 0), S(0.50 - 1e-10));
        Assert.Equal((1073741824, 0), S(0.50));
        Assert.Equal((1610612736, 0), S(0.75));
        Assert.Equal((2147483646, 0), S(1 - 1e-9));
        Assert.ThrowsAny<Exception>(() => S(-0.1));
        Assert.ThrowsAny<Exception>(() => S(0.0));
        Assert.ThrowsAny<Exception>(() => S(1 - 1e-15)); // shift becomes +1
        Assert.ThrowsAny<Exception>(() => S(1.0));
    }

    [Fact]
    public void GreaterThanOne()
    {
        static (int, int) G(double d)
        {
            QuantizedMultiplier.QuantizeGreaterThanOne(d, out int q, out int s);
            return (q, s);
        }
        Assert.ThrowsAny<Exception>(() => G(1 + 1e-16));
        Assert.Equal((1073741824, 1), G(1 + 1e-11));
        Assert.Equal((1342177280, 1), G(1.25));
        Assert.Equal((1610612736, 1), G(1.50));
        Assert.Equal((1879048192, 1), G(1.75));
        Assert.Equal((2147483647, 1), G(2 - 1e-9));
        Assert.Equal((1073741824, 2), G(2 - 1e-11));
        Assert.Equal((1073741824, 2), G(2));
    }

    [Fact]
    public void QuantizeArrayMatchesScalar()
    {
        double[] reals = [-4, -0.125, 0, 0.3, 7.5];
        int[] m = new int[5], s = new int[5];
        QuantizedMultiplier.QuantizeArray(reals, m, s);
        for (int i = 0; i < reals.Length; i++) Assert.Equal(Q(reals[i]), (m[i], s[i]));
    }

    [Fact]
    public void ConvolutionMultiplierMultipliesScalesInFloat()
    {
        float a = 0.1f, b = 0.3f, c = 0.7f;
        Assert.Equal((double)(a * b) / c, QuantizedMultiplier.ConvolutionRealMultiplier(a, b, c));
        // the float product differs from the double product for these scales
        Assert.NotEqual((double)a * b / c, QuantizedMultiplier.ConvolutionRealMultiplier(a, b, c));
    }

    [Fact]
    public void PerChannelUsesDoubleProducts()
    {
        int[] m = new int[2], s = new int[2];
        QuantizedMultiplier.PerChannel(0.5f, [1f, 2f], 0.5f, m, s);
        Assert.Equal([1073741824, 1073741824], m);
        Assert.Equal([1, 2], s);
        QuantizedMultiplier.PerChannel(0.1f, [0.3f], 0.7f, m, s);
        QuantizedMultiplier.Quantize((double)0.1f * 0.3f / 0.7f, out int q, out int sh);
        Assert.Equal([q, q], m);
        Assert.Equal([sh, sh], s);
    }

    [Fact]
    public void DownScaleToInt16()
    {
        Assert.Equal(16384, QuantizedMultiplier.DownScaleInt32ToInt16(1 << 30));
        Assert.Equal(1, QuantizedMultiplier.DownScaleInt32ToInt16(1 << 15));       // rounds half up
        Assert.Equal(0, QuantizedMultiplier.DownScaleInt32ToInt16((1 << 15) - 1));
        Assert.Equal(short.MaxValue, QuantizedMultiplier.DownScaleInt32ToInt16(int.MaxValue));
        Assert.Equal(short.MaxValue, QuantizedMultiplier.DownScaleInt32ToInt16(int.MaxValue - (1 << 15)));
    }
}
