using ManagedLite.Kernels.Signal;
using Xunit;

namespace ManagedLite.Kernels.Tests.Signal;

/// <summary>
/// The KISS FFT inverse real transform in its three builds, on lengths that use every butterfly (radix 4, 2, 3, 5 and
/// generic), against a double-precision inverse DFT worked out here. TFLite Micro's own vectors (lengths 64 and 512,
/// radix 4 and 2 only) run end to end in Runtime.Tests (MicroSignalVectorTests).
/// </summary>
public class IrfftTests
{
    /// <summary>x[t] = (1 / N) sum over the N bins X[k] e^{2 pi i k t / N}, the bins above N / 2 the conjugates.</summary>
    private static double[] InverseDft(double[] bins, int n)
    {
        var x = new double[n];
        for (int t = 0; t < n; t++)
        {
            double sum = 0;
            for (int k = 0; k < n; k++)
            {
                int j = k <= n / 2 ? k : n - k;
                double re = bins[2 * j], im = k <= n / 2 ? bins[2 * j + 1] : -bins[2 * j + 1];
                double phase = 2 * Math.PI * k * t / n;
                sum += re * Math.Cos(phase) - im * Math.Sin(phase);
            }
            x[t] = sum / n;
        }
        return x;
    }

    /// <summary>Random bins of a real signal: DC and Nyquist imaginary parts zero.</summary>
    private static double[] RandomBins(int n, double amplitude, int seed)
    {
        var rng = new Random(seed);
        var bins = new double[n + 2];
        for (int i = 0; i < bins.Length; i++) bins[i] = Math.Round((rng.NextDouble() * 2 - 1) * amplitude);
        bins[1] = 0;
        bins[n + 1] = 0;
        return bins;
    }

    public static TheoryData<int> Lengths() => [8, 12, 14, 20, 22, 30, 36, 64, 480, 512];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void FloatMatchesTheInverseDft(int n)
    {
        var bins = RandomBins(n, 1000, n);
        var output = new float[n];
        new Irfft<float, KissFloat>(n).Apply(bins.Select(v => (float)v).ToArray(), output);
        var want = InverseDft(bins, n);
        for (int t = 0; t < n; t++) Assert.True(Math.Abs(want[t] - output[t]) < 1e-3, $"n {n}, sample {t}: {output[t]} vs {want[t]}");
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Q15MatchesTheScaledInverseDft(int n)
    {
        // Each stage divides by its radix, so the fixed-point output is the inverse DFT itself (1 / N overall), within
        // a few units of rounding per stage.
        var bins = RandomBins(n, 8000, n + 1);
        var output = new short[n];
        new Irfft<short, KissQ15>(n).Apply(bins.Select(v => (short)v).ToArray(), output);
        var want = InverseDft(bins, n);
        int[] factors = Irfft<short, KissQ15>.KissFactors(n / 2);
        int stages = factors.Length / 2 + 1, maxRadix = factors.Where((_, i) => i % 2 == 0).Max();
        // A generic radix-p butterfly rounds p - 1 products into each output.
        double tolerance = 2.0 * stages + maxRadix / 2.0;
        for (int t = 0; t < n; t++) Assert.InRange(output[t], want[t] - tolerance, want[t] + tolerance);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Q31MatchesTheScaledInverseDft(int n)
    {
        var bins = RandomBins(n, 5e8, n + 2);
        var output = new int[n];
        new Irfft<int, KissQ31>(n).Apply(bins.Select(v => (int)v).ToArray(), output);
        var want = InverseDft(bins, n);
        int stages = Irfft<int, KissQ31>.KissFactors(n / 2).Length / 2 + 1;
        // Q31 twiddles carry about 2^-31 relative error; the roundings add a few units per stage.
        for (int t = 0; t < n; t++) Assert.InRange(output[t], want[t] - 4.0 * stages - 1e-6 * 5e8, want[t] + 4.0 * stages + 1e-6 * 5e8);
    }

    [Fact]
    public void Q15InvertsTheForwardTransformUpToItsScaling()
    {
        // The Q15 RFFT divides by N: an impulse of 16384 becomes 33 bins of 16384 / 64 = 256. The inverse sums the N
        // (conjugate-extended) bins and divides by N again: 64 * 256 / 64 = 256 at t = 0, zeros elsewhere.
        var x = new short[64];
        x[0] = 16384;
        var bins = new short[66];
        new RfftInt16(64).Apply(x, bins);
        var back = new short[64];
        new Irfft<short, KissQ15>(64).Apply(bins, back);
        Assert.Equal(256, back[0]);
        Assert.All(back.AsSpan(1).ToArray(), v => Assert.Equal(0, v));
    }

    [Fact]
    public void HandWorkedLengthTwo()
    {
        // Bins (DC 600, Nyquist 400): folded (600 + 400, 600 - 400) / 2 = (500, 100) in Q15 -> (500, 100);
        // the one-point FFT is a copy, so x = [500, 100] (= (DC + Nyquist) / 2, (DC - Nyquist) / 2).
        var output = new short[2];
        new Irfft<short, KissQ15>(2).Apply([600, 0, 400, 0], output);
        Assert.Equal(new short[] { 500, 100 }, output);
        var f = new float[2];
        new Irfft<float, KissFloat>(2).Apply([600, 0, 400, 0], f);
        Assert.Equal(new float[] { 500, 100 }, f);
    }

    [Fact]
    public void RejectsOddOrTinyLengths()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Irfft<short, KissQ15>(15));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Irfft<float, KissFloat>(0));
    }
}
