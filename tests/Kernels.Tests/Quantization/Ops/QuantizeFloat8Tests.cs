using Xunit;
using Opt = ManagedLite.Kernels.Optimized.Quantized;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Tests.Quantization.Ops;

/// <summary>
/// The vector float-to-8-bit QUANTIZE gives the reference's bytes: every length 0 to 100 (around the 32-value step),
/// values whose quotient is an exact half (ties away from zero), just below a half (0.49999997, which adding 0.5
/// would round up), NaN (0), infinities and huge values (clamped), signed zeros, and several scales and zero points.
/// </summary>
public class QuantizeFloat8Tests
{
    [Fact]
    public void MatchesTheReference()
    {
        var rng = new Random(11);
        float[] special = [0.5f, -0.5f, 1.5f, -1.5f, 2.5f, -2.5f, 0.49999997f, -0.49999997f, float.NaN, float.PositiveInfinity,
                           float.NegativeInfinity, 1e30f, -1e30f, 0f, -0f, 127.5f, -128.5f, 254.5f, 3.4e38f];
        foreach (var (scale, zp) in new[] { (1f, 0), (0.5f, -3), (0.0078125f, -128), (0.1f, 17), (1f / 255, 0) })
            foreach (int n in Enumerable.Range(0, 101))
            {
                var x = new float[n];
                for (int i = 0; i < n; i++)
                    x[i] = rng.Next(4) == 0 ? special[rng.Next(special.Length)] * scale : (float)(rng.NextDouble() * 400 - 200) * scale;
                var want8 = new sbyte[n]; var got8 = new sbyte[n];
                Ref.Quantize.PerTensor(x, want8, scale, zp);
                Opt.QuantizeFloat8.PerTensor(x, got8, scale, zp);
                Assert.True(want8.AsSpan().SequenceEqual(got8), $"int8 scale={scale} zp={zp} n={n}");
                int zpu = Math.Clamp(zp + 128, 0, 255);
                var wantU = new byte[n]; var gotU = new byte[n];
                Ref.Quantize.PerTensor(x, wantU, scale, zpu);
                Opt.QuantizeFloat8.PerTensor(x, gotU, scale, zpu);
                Assert.True(wantU.AsSpan().SequenceEqual(gotU), $"uint8 scale={scale} zp={zpu} n={n}");
            }
    }
}
