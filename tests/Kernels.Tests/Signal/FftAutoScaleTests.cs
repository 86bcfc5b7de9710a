using ManagedLite.Kernels.Signal;
using Xunit;

namespace ManagedLite.Kernels.Tests.Signal;

/// <summary>SignalFftAutoScale against TFLite Micro's fft_test.cc vectors, plus its int16 edge cases.</summary>
public class FftAutoScaleTests
{
    [Fact]
    public void SmallRampScalesByOneBit()
    {
        short[] input = [0x0000, 0x1111, 0x2222, 0x3333, 0x3333, 0x2222, 0x1111, 0x0000];
        var output = new short[8];
        Assert.Equal(1, FftAutoScale.Apply(input, output));
        Assert.Equal(new short[] { 0x0000, 0x2222, 0x4444, 0x6666, 0x6666, 0x4444, 0x2222, 0x0000 }, output);
    }

    [Fact]
    public void NegativeMaximumSetsTheScale()
    {
        short[] input = [238, 113, -88, -243, -5, -130, 159, -70];
        var output = new short[8];
        Assert.Equal(7, FftAutoScale.Apply(input, output));
        Assert.Equal(new short[] { 30464, 14464, -11264, -31104, -640, -16640, 20352, -8960 }, output);
    }

    [Fact]
    public void ZeroInputGivesScaleZero()
    {
        // Bit length of 0 is 32 in TFLite Micro's GCC build, so the scale clamps to 0 (not 15).
        var output = new short[4];
        Assert.Equal(0, FftAutoScale.Apply(new short[4], output));
        Assert.Equal(new short[4], output);
    }

    [Fact]
    public void MinusFullScaleWrapsInMaxAbs()
    {
        // |-32768| wraps to -32768 in int16: every later value compares greater, so 5 becomes the maximum.
        Assert.Equal((short)5, FftAutoScale.MaxAbs([short.MinValue, 5, -3]));
        // Here the final maximum stays -32768, whose sign-extended bit length is 32: scale 0.
        var output = new short[2];
        Assert.Equal(0, FftAutoScale.Apply([1, short.MinValue], output));
        Assert.Equal(new short[] { 1, short.MinValue }, output);
    }

    [Fact]
    public void OneGetsFourteenBits()
    {
        var output = new short[2];
        Assert.Equal(14, FftAutoScale.Apply([1, -1], output));
        Assert.Equal(new short[] { 16384, -16384 }, output);
    }
}
