using ManagedLite.Kernels.Signal;
using Xunit;

namespace ManagedLite.Kernels.Tests.Signal;

/// <summary>SignalFilterBankSpectralSubtraction against TFLite Micro's test vectors, and its state across calls.</summary>
public class SpectralSubtractionTests
{
    // The configuration of TFLite Micro's test flexbuffers (decoded): smoothing 655, one minus 15729, the same
    // alternates, min_signal_remaining 819, smoothing_bits 0, spectral_subtraction_bits 14, no clamping.
    private static readonly SpectralSubtractionParams MicroConfig = new(655, 15729, 655, 15729, 819, 0, 14, false);

    [Fact]
    public void ThirtyTwoChannels()
    {
        uint[] input = [322, 308, 210, 212, 181, 251, 403, 259, 65, 48, 76, 48, 50, 46, 53, 52, 112, 191, 136, 59, 70, 51, 39, 64, 33, 44, 41, 49, 74, 107, 262, 479];
        uint[] golden = [310, 296, 202, 204, 174, 241, 387, 249, 63, 47, 73, 47, 49, 45, 51, 50, 108, 184, 131, 57, 68, 49, 38, 62, 32, 43, 40, 48, 72, 103, 252, 460];
        uint[] noiseGolden = [12, 12, 8, 8, 7, 10, 16, 10, 2, 1, 3, 1, 1, 1, 2, 2, 4, 7, 5, 2, 2, 2, 1, 2, 1, 1, 1, 1, 2, 4, 10, 19];
        var output = new uint[32];
        var noise = new uint[32];
        SpectralSubtraction.Apply(MicroConfig, input, output, noise);
        Assert.Equal(golden, output);
        Assert.Equal(noiseGolden, noise);
    }

    [Fact]
    public void SixteenChannels()
    {
        uint[] input = [393, 213, 408, 1, 361, 385, 386, 326, 170, 368, 368, 305, 152, 322, 213, 319];
        uint[] golden = [378, 205, 392, 1, 347, 370, 371, 313, 164, 354, 354, 293, 146, 310, 205, 307];
        uint[] noiseGolden = [15, 8, 16, 0, 14, 15, 15, 13, 6, 14, 14, 12, 6, 12, 8, 12];
        var output = new uint[16];
        var noise = new uint[16];
        SpectralSubtraction.Apply(MicroConfig, input, output, noise);
        Assert.Equal(golden, output);
        Assert.Equal(noiseGolden, noise);
    }

    [Fact]
    public void NoiseEstimateCarriesOverAndAlternatesOnOddChannels()
    {
        // smoothing 1/2 on even channels, 1/4 on odd ones, 4 extra smoothing bits, floor 1/8.
        var p = new SpectralSubtractionParams(8192, 8192, 4096, 12288, 2048, 4, 14, false);
        uint[] input = [1000, 1000];
        var output = new uint[2];
        var noise = new uint[2];
        SpectralSubtraction.Apply(p, input, output, noise);
        // scaled signal 16000: even noise = 16000 / 2 = 8000, odd = 16000 / 4 = 4000.
        Assert.Equal(new uint[] { 8000, 4000 }, noise);
        Assert.Equal(new uint[] { 500, 750 }, output);
        SpectralSubtraction.Apply(p, input, output, noise);
        // even: (16000 * 8192 + 8000 * 8192) >> 14 = 12000; odd: (16000 * 4096 + 4000 * 12288) >> 14 = 7000.
        Assert.Equal(new uint[] { 12000, 7000 }, noise);
        Assert.Equal(new uint[] { 250, 562 }, output);
    }

    [Fact]
    public void EstimateAboveSignalIsCappedAndClampedOnlyWithClamping()
    {
        var clamping = new SpectralSubtractionParams(0, 16384, 0, 16384, 1638, 0, 14, true);
        var free = clamping with { Clamping = false };
        uint[] input = [100];
        var output = new uint[1];

        var noise = new uint[] { 500 };
        SpectralSubtraction.Apply(free, input, output, noise);
        Assert.Equal(500u, noise[0]);   // kept above the signal
        Assert.Equal(9u, output[0]);    // nothing left but the floor, 100 * 1638 >> 14 = 9

        noise[0] = 500;
        SpectralSubtraction.Apply(clamping, input, output, noise);
        Assert.Equal(100u, noise[0]);   // forced down to the signal
        Assert.Equal(9u, output[0]);
    }
}
