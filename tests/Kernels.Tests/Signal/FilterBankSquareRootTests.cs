using ManagedLite.Kernels.Signal;
using Xunit;

namespace ManagedLite.Kernels.Tests.Signal;

/// <summary>SignalFilterBankSquareRoot and the integer square roots, against TFLite Micro's test vectors and by hand.</summary>
public class FilterBankSquareRootTests
{
    [Fact]
    public void ThirtyTwoChannelsShift7()
    {
        ulong[] input =
        [
            10528000193, 28362909357, 47577133750, 8466055850, 5842710800, 2350911449, 2989811430, 2646718839, 515262774,
            276394561, 469831522, 55815334, 28232446, 11591835, 40329249, 67658028, 183446654, 323189165, 117473797,
            41339272, 25846050, 12428673, 18670978, 22521722, 78477733, 54207503, 25150296, 43098592, 28211625, 15736687,
            20990296, 17907031,
        ];
        uint[] golden = [801, 1315, 1704, 718, 597, 378, 427, 401, 177, 129, 169, 58, 41, 26, 49, 64, 105, 140, 84, 50, 39, 27, 33, 37, 69, 57, 39, 51, 41, 30, 35, 33];
        var output = new uint[32];
        FilterBankSquareRoot.Apply(input, 7, output);
        Assert.Equal(golden, output);
    }

    [Fact]
    public void SixteenChannelsShift5()
    {
        ulong[] input =
        [
            13051415151, 14932650877, 18954728418, 8730126017, 6529665275, 12952546517, 10314975609, 8919697835,
            8053663348, 17231208421, 7366899760, 1372112200, 19953434807, 17012385332, 4710443222, 17765594053,
        ];
        uint[] golden = [3570, 3818, 4302, 2919, 2525, 3556, 3173, 2951, 2804, 4102, 2682, 1157, 4414, 4076, 2144, 4165];
        var output = new uint[16];
        FilterBankSquareRoot.Apply(input, 5, output);
        Assert.Equal(golden, output);
    }

    [Theory]
    [InlineData(0u, 0)]
    [InlineData(1u, 1)]
    [InlineData(2u, 1)]      // sqrt 1.41: remainder 1 is not above root 1
    [InlineData(3u, 2)]      // sqrt 1.73: remainder 2 > root 1 rounds up
    [InlineData(12u, 3)]     // sqrt 3.46: remainder 3, not above 3
    [InlineData(13u, 4)]     // sqrt 3.61: remainder 4 > 3
    [InlineData(65535u * 65535u, 65535)]
    [InlineData(uint.MaxValue, 65535)] // would round to 65536: saturates
    public void Sqrt32RoundsAndSaturates(uint x, int expected) => Assert.Equal((ushort)expected, SignalMath.Sqrt32(x));

    [Fact]
    public void Sqrt64UsesThe32BitPathBelowTwoTo32()
    {
        Assert.Equal(65535u, SignalMath.Sqrt64(uint.MaxValue));        // 32-bit path saturates at 0xFFFF
        Assert.Equal(65536u, SignalMath.Sqrt64(1UL << 32));
        Assert.Equal(1u << 31, SignalMath.Sqrt64(1UL << 62));
        Assert.Equal(3037000500u, SignalMath.Sqrt64(9223372036854775807UL)); // sqrt(2^63 - 1) = 3037000499.98
        Assert.Equal(uint.MaxValue, SignalMath.Sqrt64(ulong.MaxValue));
    }

    [Fact]
    public void ShiftOf32OrMoreGivesZero()
    {
        var output = new uint[1];
        FilterBankSquareRoot.Apply([ulong.MaxValue], 32, output);
        Assert.Equal(0u, output[0]);
    }
}
