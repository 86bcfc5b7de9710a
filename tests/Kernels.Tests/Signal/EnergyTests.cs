using ManagedLite.Kernels.Signal;
using Xunit;

namespace ManagedLite.Kernels.Tests.Signal;

/// <summary>SignalEnergy against TFLite Micro's energy_test.cc vectors.</summary>
public class EnergyTests
{
    private static readonly short[] Input = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];

    [Theory]
    [InlineData(2, 4, new uint[] { 0, 0, 61, 113, 0, 0, 0, 0 })]
    [InlineData(0, 4, new uint[] { 5, 25, 61, 113, 0, 0, 0, 0 })]
    [InlineData(4, 8, new uint[] { 0, 0, 0, 0, 181, 265, 365, 481 })]
    public void MicroVectors(int start, int end, uint[] golden)
    {
        var output = new uint[8];
        Energy.Apply(Input, start, end, output);
        Assert.Equal(golden, output);
    }

    [Fact]
    public void FullScaleBinDoesNotOverflow()
    {
        var output = new uint[1];
        Energy.Apply([short.MinValue, short.MinValue], 0, 1, output);
        Assert.Equal(2147483648u, output[0]);
    }

    [Fact]
    public void RejectsRangeOutsideTheSpectrum() =>
        Assert.Throws<ArgumentException>(() => Energy.Apply(new short[8], 0, 5, new uint[8]));
}
