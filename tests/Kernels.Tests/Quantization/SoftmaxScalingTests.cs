using ManagedLite.Kernels.Quantization;
using Xunit;

namespace ManagedLite.Kernels.Tests.Quantization;

public class SoftmaxScalingTests
{
    [Fact]
    public void PreprocessSoftmaxScalingTfliteCases()
    {
        static (int, int) Q(double beta, double scale, int bits)
        {
            SoftmaxScaling.PreprocessSoftmaxScaling(beta, scale, bits, out int q, out int s);
            return (q, s);
        }
        Assert.Equal((2147483647, 31), Q(1.0, 16.0, 4));
        Assert.Equal((1073741824, 31), Q(1.0, 8.0, 4));
        Assert.Equal((2147483647, 31), Q(2.0, 16.0, 5));
        Assert.Equal((1073741824, 31), Q(2.0, 8.0, 5));
    }

    [Theory]
    [InlineData(4, 27, 15)]
    [InlineData(3, 27, 14)]
    [InlineData(3, 28, 7)]
    [InlineData(4, 2, 503316480)]
    public void CalculateInputRadiusTfliteCases(int bits, int shift, int expected) =>
        Assert.Equal(expected, SoftmaxScaling.CalculateInputRadius(bits, shift));

    [Fact]
    public void LogSoftmaxReverseScaling()
    {
        SoftmaxScaling.PreprocessLogSoftmaxScalingExp(1.0, 1.0 / 16, 5, out int q, out int s, out int rq, out int rs);
        Assert.Equal((1073741824, 23), (q, s)); // 2^26 * 2^-4 = 2^22 = 0.5 * 2^23
        // 2^(31 - 23) / 2^30 = 2^-22 -> (2^30, -21)
        Assert.Equal((1073741824, -21), (rq, rs));
    }
}
