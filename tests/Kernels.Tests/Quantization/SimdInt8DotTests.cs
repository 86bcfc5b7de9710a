using ManagedLite.Kernels.Optimized;
using ManagedLite.Kernels.Reference;
using Xunit;

namespace ManagedLite.Kernels.Tests.Quantization;

/// <summary>The LSTM cells' SIMD int8 dot product against the scalar reference loop: lengths at and around 16 and 32, extremes that wrap.</summary>
public class SimdInt8DotTests
{
    [Fact]
    public void MatchesScalarOnEveryLengthAndExtreme()
    {
        var r = new QuantRandom(77);
        foreach (int n in new[] { 0, 1, 7, 15, 16, 17, 31, 32, 33, 47, 48, 63, 64, 65, 257, 1000 })
        {
            var a = r.Int8(n);
            var b = r.Int8(n + 3)[..n];
            Assert.Equal(LstmCell.ScalarInt8Dot.Dot(a, b), SimdInt8Dot.Dot(a, b));
            var lo = Enumerable.Repeat((sbyte)-128, n).ToArray();
            Assert.Equal(LstmCell.ScalarInt8Dot.Dot(lo, lo), SimdInt8Dot.Dot(lo, lo));
            Assert.Equal(n * 16384, SimdInt8Dot.Dot(lo, lo));
        }
        Assert.Throws<ArgumentException>(() => SimdInt8Dot.Dot(new sbyte[4], new sbyte[3]));
    }
}
