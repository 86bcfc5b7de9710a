using ManagedLite.Kernels.Quantization;
using Xunit;

namespace ManagedLite.Kernels.Tests.Quantization;

public class ActivationRangeTests
{
    [Theory]
    [InlineData(QuantizedActivation.None, 0.5f, -1, -128, 127)]
    [InlineData(QuantizedActivation.Relu, 0.5f, -1, -1, 127)]
    [InlineData(QuantizedActivation.Relu6, 0.5f, -1, -1, 11)]
    [InlineData(QuantizedActivation.ReluN1To1, 0.5f, -1, -3, 1)]
    [InlineData(QuantizedActivation.Relu6, 0.01f, 0, 0, 127)]     // q(6) = 600 clamps to 127
    [InlineData(QuantizedActivation.ReluN1To1, 0.4f, 3, 0, 6)]    // -1/0.4 = -2.5 -> -3 (half away) + 3 = 0; 2.5 -> 3 + 3 = 6
    [InlineData(QuantizedActivation.Tanh, 0.5f, 0, -128, 127)]
    public void Int8Ranges(QuantizedActivation act, float scale, int zp, int min, int max)
    {
        Assert.True(QuantizedActivationRange.TryCalculateInt8(act, scale, zp, out int lo, out int hi));
        Assert.Equal((min, max), (lo, hi));
    }

    [Fact]
    public void Int16AndUInt8()
    {
        Assert.True(QuantizedActivationRange.TryCalculateInt16(QuantizedActivation.Relu6, 6f / 32767, 0, out int lo, out int hi));
        Assert.Equal((0, 32767), (lo, hi));
        Assert.True(QuantizedActivationRange.TryCalculateUInt8(QuantizedActivation.Relu, 0.1f, 128, out lo, out hi));
        Assert.Equal((128, 255), (lo, hi));
    }

    [Fact]
    public void OverflowFails() =>
        Assert.False(QuantizedActivationRange.TryCalculateInt8(QuantizedActivation.Relu6, 1e-30f, 0, out _, out _));
}
