using ManagedLite.Kernels.Signal;
using Xunit;

namespace ManagedLite.Kernels.Tests.Signal;

/// <summary>SignalFilterBankLog and the fixed-point logarithm against TFLite Micro's filter_bank_log_test.cc vectors.</summary>
public class FilterBankLogTests
{
    [Fact]
    public void Scale1600CorrectionBits3()
    {
        uint[] input = [29, 21, 29, 40, 19, 11, 13, 23, 13, 11, 25, 17, 5, 4, 46, 14, 17, 14, 20, 14, 10, 10, 15, 11, 17, 12, 15, 16, 19, 18, 6, 2];
        short[] golden = [8715, 8198, 8715, 9229, 8038, 7164, 7431, 8344, 7431, 7164, 8477, 7860, 5902, 5545, 9453, 7550, 7860, 7550, 8120, 7550, 7011, 7011, 7660, 7164, 7860, 7303, 7660, 7763, 8038, 7952, 6194, 4436];
        var output = new short[32];
        FilterBankLog.Apply(input, 1600, 3, output);
        Assert.Equal(golden, output);
    }

    [Fact]
    public void Scale32768CorrectionBits5Saturates()
    {
        uint[] input = [48, 20, 19, 24, 35, 47, 23, 30, 31, 10, 48, 21, 46, 14, 18, 27];
        short[] golden = [32767, 15121, 13440, 21095, 32767, 32767, 19701, 28407, 29482, 32767, 32767, 16720, 32767, 3434, 11669, 24955];
        var output = new short[16];
        FilterBankLog.Apply(input, 32768, 5, output);
        Assert.Equal(golden, output);
    }

    [Fact]
    public void ZeroAndOneGiveZero()
    {
        var output = new short[3];
        FilterBankLog.Apply([0, 1, 2], 1 << 16, 0, output);
        // ln 2 * 2^16 = 45426.09 -> 45426 saturates to 32767.
        Assert.Equal(new short[] { 0, 0, 32767 }, output);
    }

    [Theory]
    [InlineData(2u, 32768u, 22713u)]        // ln 2 * 2^15 = 22713.0
    [InlineData(4u, 32768u, 45426u)]        // 2 ln 2 * 2^15
    [InlineData(1u << 31, 1u, 21u)]         // 31 ln 2 = 21.49
    [InlineData(1u << 31, 65536u, 31950u)]  // ln(2^31) * 2^16 = 1408206 does not fit: the product wraps at 32 bits, as in C
    public void Log32PowersOfTwo(uint x, uint scale, uint expected) => Assert.Equal(expected, SignalMath.Log32(x, scale));

    [Fact]
    public void MostSignificantBitOfZeroIs32AsInTheGccBuild()
    {
        Assert.Equal(32, SignalMath.MostSignificantBit32(0));
        Assert.Equal(1, SignalMath.MostSignificantBit32(1));
        Assert.Equal(32, SignalMath.MostSignificantBit32(uint.MaxValue));
        Assert.Equal(64, SignalMath.MostSignificantBit64(0));
        Assert.Equal(33, SignalMath.MostSignificantBit64(1UL << 32));
    }
}
