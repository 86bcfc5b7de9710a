using ManagedLite.Kernels.Signal;
using Xunit;

namespace ManagedLite.Kernels.Tests.Signal;

/// <summary>SignalWindow against TFLite Micro's window_test.cc vectors (exact).</summary>
public class WindowTests
{
    private static readonly short[] Ramp = [0x000, 0x100, 0x200, 0x300, 0x400, 0x500, 0x600, 0x700, 0x800, 0x900, 0xA00, 0xB00, 0xC00, 0xD00, 0xE00, 0xF00];
    private static readonly short[] RampDown = [0xF00, 0xE00, 0xD00, 0xC00, 0xB00, 0xA00, 0x900, 0x800, 0x700, 0x600, 0x500, 0x400, 0x300, 0x200, 0x100, 0x000];
    private static readonly short[] RampGolden = [0, 224, 416, 576, 704, 800, 864, 896, 896, 864, 800, 704, 576, 416, 224, 0];

    [Fact]
    public void Length16Shift12()
    {
        var output = new short[16];
        Window.Apply(Ramp, RampDown, 12, output);
        Assert.Equal(RampGolden, output);
    }

    [Fact]
    public void Length32Shift8Saturates()
    {
        short[] input = [1221, 1920, 9531, 2795, 1826, 371, 8446, 850, 3129, 8218, 4199, 8358, 205, 5268, 3263, 2849,
                         8398, 1381, 6305, 668, 8867, 4651, 9121, 6141, 1961, 3750, 8418, 8085, 3308, 1788, 1608, 4761];
        short[] window = [1323, 764, 9100, 4220, 1745, 9311, 178, 9442, 5676, 1817, 5433, 5837, 7635, 4539, 6548, 9690,
                          6097, 4275, 1523, 3694, 7506, 2797, 5153, 172, 2172, 4540, 6643, 7845, 1719, 7564, 1700, 5227];
        short[] golden = [6310, 5730, 32767, 32767, 12446, 13493, 5872, 31350, 32767, 32767, 32767, 32767, 6113, 32767,
                          32767, 32767, 32767, 23061, 32767, 9639, 32767, 32767, 32767, 4125, 16637, 32767, 32767, 32767,
                          22212, 32767, 10678, 32767];
        var output = new short[32];
        Window.Apply(input, window, 8, output);
        Assert.Equal(golden, output);
    }

    [Fact]
    public void AppliesTheWindowToEveryFrame()
    {
        var input = new short[64];
        for (int f = 0; f < 4; f++) Ramp.CopyTo(input, f * 16);
        var output = new short[64];
        Window.Apply(input, RampDown, 12, output);
        for (int f = 0; f < 4; f++) Assert.Equal(RampGolden, output[(f * 16)..((f + 1) * 16)]);
    }

    [Fact]
    public void NegativeProductsShiftArithmeticallyAndSaturateLow()
    {
        // -3 * 1 >> 1 = -2 (floor), -32768 * 32767 >> 0 saturates to -32768.
        short[] input = [-3, short.MinValue];
        short[] window = [1, short.MaxValue];
        var output = new short[2];
        Window.Apply(input, window, 1, output);
        Assert.Equal(new short[] { -2, short.MinValue }, output);
    }

    [Fact]
    public void RejectsInputThatIsNotWholeFrames() =>
        Assert.Throws<ArgumentException>(() => Window.Apply(new short[17], new short[16], 12, new short[17]));
}
