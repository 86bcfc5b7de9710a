using ManagedLite.Kernels.Optimized.Hybrid;
using ManagedLite.Kernels.Quantization;
using Xunit;

namespace ManagedLite.Kernels.Tests.Hybrid;

/// <summary>
/// The vectorized on-the-fly input quantization against the scalar reference: same scale, zero point and every
/// quantized value, for lengths around the 8/16/32 vector steps, exact rounding ties, one-signed ranges (zero point at
/// either end), all zeros, and NaN / infinity (which take the reference path).
/// </summary>
public class HybridQuantizationVectorTests
{
    public static TheoryData<int> Lengths() => [0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 257, 1000];

    private static IEnumerable<float[]> Inputs(int n, Random rng)
    {
        float[] Fill(Func<int, float> f) => Enumerable.Range(0, n).Select(f).ToArray();
        yield return Fill(_ => (float)(rng.NextDouble() * 3 - 1));
        yield return Fill(_ => (float)(rng.NextDouble() * 2));
        yield return Fill(_ => (float)(-rng.NextDouble() * 5));
        yield return new float[n];
        // exact ties: range 127 (symmetric scale 1) and [-128, 127] (asymmetric scale 1, zero point 0)
        yield return Fill(i => i == 0 ? 127f : i == 1 ? -128f : rng.Next(-128, 127) + 0.5f);
        yield return Fill(i => i == 0 ? 127f : rng.Next(-127, 127) + 0.5f);
        yield return Fill(i => (float)((rng.NextDouble() - 0.5) * 1e-3));
        if (n > 3)
        {
            var nan = Fill(_ => (float)rng.NextDouble());
            nan[n / 2] = float.NaN;
            yield return nan;
            var inf = Fill(_ => (float)rng.NextDouble());
            inf[n - 1] = float.PositiveInfinity;
            yield return inf;
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void MatchesReferenceBitForBit(int n)
    {
        var rng = new Random(n + 3);
        foreach (var x in Inputs(n, rng))
        {
            var expected = new sbyte[n + 4];
            var got = new sbyte[n + 4];
            Array.Fill(got, (sbyte)99);
            Array.Fill(expected, (sbyte)99);
            float es = HybridQuantization.Symmetric(x, expected);
            float gs = HybridQuantizationVector.Symmetric(x, got);
            Assert.Equal(BitConverter.SingleToInt32Bits(es), BitConverter.SingleToInt32Bits(gs));
            Assert.Equal(expected, got);

            float ea = HybridQuantization.Asymmetric(x, expected, out int ez);
            float ga = HybridQuantizationVector.Asymmetric(x, got, out int gz);
            Assert.Equal(BitConverter.SingleToInt32Bits(ea), BitConverter.SingleToInt32Bits(ga));
            Assert.Equal(ez, gz);
            Assert.Equal(expected, got);
        }
    }
}
