using ManagedLite.Kernels.Signal;
using Xunit;

namespace ManagedLite.Kernels.Tests.Signal;

/// <summary>
/// The Q15 KISS FFT real transform. Exact: TFLite Micro's impulse vector and small cases worked out by hand.
/// Approximate: random frames of every butterfly mix (radix 4, 2, 3, 5 and generic) against a double-precision
/// DFT divided by the FFT length (what the fixed-point transform computes), within a few units of rounding.
/// </summary>
public class RfftInt16Tests
{
    [Fact]
    public void MicroImpulseLength64()
    {
        var input = new short[64];
        input[0] = 16384;
        var output = new short[66];
        new RfftInt16(64).Apply(input, output);
        for (int k = 0; k < 33; k++)
        {
            Assert.Equal(256, output[2 * k]);
            Assert.Equal(0, output[2 * k + 1]);
        }
    }

    [Fact]
    public void LengthTwoByHand()
    {
        // One complex point (1000, 200): the radix-1 pass multiplies by 32767 / 1 in Q15 (1000.47 -> 1000,
        // 200.49 -> 200), the split halves in Q15 (500, 100), then DC = 600 and Nyquist = 400.
        var output = new short[4];
        new RfftInt16(2).Apply([1000, 200], output);
        Assert.Equal(new short[] { 600, 0, 400, 0 }, output);
    }

    [Fact]
    public void LengthFourByHand()
    {
        // x = [4000, 0, 0, 0]: packed (4000, 0), (0, 0). Radix 2: both halves / 2 (16383 / 32768):
        // 4000 -> 2000; butterfly gives (2000, 0) twice. Split: tdc / 2 -> (1000, 0): DC 1000, Nyquist 1000;
        // k = 1: fpk = fpnk = (2000, 0) / 2 = (1000, 0), f1k = (2000, 0), f2k = 0: bin 1 = (1000, 0).
        var output = new short[6];
        new RfftInt16(4).Apply([4000, 0, 0, 0], output);
        Assert.Equal(new short[] { 1000, 0, 1000, 0, 1000, 0 }, output);
    }

    [Theory]
    [InlineData(512, new[] { 4, 4, 4, 4 })]
    [InlineData(480, new[] { 4, 4, 3, 5 })]
    [InlineData(64, new[] { 4, 4, 2 })]
    [InlineData(14, new[] { 7 })]
    [InlineData(36, new[] { 2, 3, 3 })]
    public void FactorsLikeKissFft(int length, int[] radices) => Assert.Equal(radices, new RfftInt16(length).Radices);

    [Theory]
    [InlineData(8)]
    [InlineData(12)]   // radix 2, 3
    [InlineData(20)]   // radix 2, 5
    [InlineData(14)]   // generic radix 7
    [InlineData(22)]   // generic radix 11
    [InlineData(30)]   // radix 3, 5
    [InlineData(64)]
    [InlineData(480)]  // 4, 4, 3, 5
    [InlineData(512)]
    public void CloseToTheScaledDft(int n)
    {
        var rng = new Random(n);
        var input = new short[n];
        for (int i = 0; i < n; i++) input[i] = (short)rng.Next(-16384, 16384);
        var output = new short[n + 2];
        var plan = new RfftInt16(n);
        plan.Apply(input, output);
        int stages = plan.Radices.Count + 1;
        for (int k = 0; k <= n / 2; k++)
        {
            double re = 0, im = 0;
            for (int t = 0; t < n; t++)
            {
                double phase = -2 * Math.PI * k * t / n;
                re += input[t] * Math.Cos(phase);
                im += input[t] * Math.Sin(phase);
            }
            // Each stage rounds once per product and once per division by its radix.
            double tolerance = 2.0 * stages;
            Assert.InRange(output[2 * k], re / n - tolerance, re / n + tolerance);
            Assert.InRange(output[2 * k + 1], im / n - tolerance, im / n + tolerance);
        }
    }

    [Fact]
    public void RejectsOddOrTinyLengths()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RfftInt16(15));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RfftInt16(0));
    }
}
