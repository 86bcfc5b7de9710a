using System.Runtime.Intrinsics;
using ManagedLite.Kernels.Elementwise;
using ManagedLite.Kernels.Optimized;
using Xunit;

namespace ManagedLite.Kernels.Tests.Elementwise;

/// <summary>
/// The fused SiLU kernel (<see cref="Silu"/>, pass "fuse-silu") at every length 0..70, 127..129, 255..257 and 4096, through
/// the dispatcher and through each vector width explicitly, with extreme inputs (±100, NaN, ±inf, ±0, the LOGISTIC
/// cutoffs) spliced in: bit-identical to the optimized LOGISTIC followed by a float MUL by x and the MUL's clamp over the
/// same span (what the two unfused nodes compute); and against x / (1 + exp(-x)) in double within 1e-6 relative, except
/// below TFLite's lower LOGISTIC cutoff (-9, where sigmoid is taken as exp(x): 1.3e-4 relative at most) and where the
/// float exp underflows (absolute 1e-35).
/// </summary>
public class SiluTests
{
    private static readonly float[] Special =
    [
        100f, -100f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, -9f, -9.0001f, -8.9999f,
        LogisticOperator.CutoffUpper, 16.62f, -87.3f, -88f, 88.7f, 1e-30f, -1e-30f, float.MaxValue, float.MinValue, -1f, 1f,
    ];

    private static float[] Input(Random rng, int n)
    {
        var x = TestUtil.Random(rng, n, -20f, 20f);
        // Specials at both ends and in the middle, so each lands in the main loop, the remainder vector and the overlapping tail.
        for (int i = 0; i < Math.Min(n, Special.Length); i++)
        {
            x[(i * 7) % n] = Special[i];
            x[n - 1 - (i * 5) % n] = Special[(i + 3) % Special.Length];
        }
        return x;
    }

    /// <summary>What the unfused pair computes: optimized LOGISTIC, then MUL by x with the MUL's clamp (std::max/min order).</summary>
    private static float[] Unfused(float[] x, float lo, float hi, Action<float[], float[]> logistic)
    {
        var s = new float[x.Length];
        logistic(x, s);
        for (int i = 0; i < x.Length; i++)
        {
            float p = x[i] * s[i];
            s[i] = float.IsNegativeInfinity(lo) && float.IsPositiveInfinity(hi) ? p : Clamp.Apply(p, lo, hi);
        }
        return s;
    }

    private static void AssertBits(float[] want, float[] got, string what)
    {
        Assert.Equal(want.Length, got.Length);
        for (int i = 0; i < want.Length; i++)
            if (BitConverter.SingleToInt32Bits(want[i]) != BitConverter.SingleToInt32Bits(got[i]) && !(float.IsNaN(want[i]) && float.IsNaN(got[i])))
                Assert.Fail($"{what}: element {i} of {want.Length}: expected {want[i]:R}, got {got[i]:R}");
    }

    [Theory]
    [InlineData(float.NegativeInfinity, float.PositiveInfinity)]
    [InlineData(float.MinValue, float.MaxValue)] // a MUL with no fused activation (TFLite's range for NONE)
    [InlineData(0f, 6f)]                         // a MUL with RELU6
    [InlineData(-1f, 1f)]
    public void EqualsLogisticThenMulBitForBit(float lo, float hi)
    {
        var rng = new Random(77);
        foreach (int n in TestUtil.Lengths().Append(4096))
        {
            if (n == 0) { Silu.Apply([], [], lo, hi); continue; }
            var x = Input(rng, n);
            var got = new float[n];
            Silu.Apply(x, got, lo, hi);
            AssertBits(Unfused(x, lo, hi, (a, b) => UnaryDriver.Apply<LogisticOperator>(a, b)), got, $"n={n} dispatch");

            bool clamp = !(float.IsNegativeInfinity(lo) && float.IsPositiveInfinity(hi));
            void Width(Action<float[], float[]> silu, Action<float[], float[]> logistic, string name)
            {
                Array.Clear(got);
                silu(x, got);
                AssertBits(Unfused(x, lo, hi, logistic), got, $"n={n} {name}");
            }
            if (clamp)
            {
                Width((a, b) => Silu.ApplyScalar<MinMaxClamp>(a, b, lo, hi), (a, b) => UnaryDriver.ApplyScalar<LogisticOperator>(a, b), "scalar");
                if (Vector128.IsHardwareAccelerated && n >= 4) Width((a, b) => Silu.ApplyV128<MinMaxClamp>(a, b, lo, hi), (a, b) => UnaryDriver.ApplyV128<LogisticOperator>(a, b), "v128");
                if (Vector256.IsHardwareAccelerated && n >= 8) Width((a, b) => Silu.ApplyV256<MinMaxClamp>(a, b, lo, hi), (a, b) => UnaryDriver.ApplyV256<LogisticOperator>(a, b), "v256");
                if (Vector512.IsHardwareAccelerated && n >= 16) Width((a, b) => Silu.ApplyV512<MinMaxClamp>(a, b, lo, hi), (a, b) => UnaryDriver.ApplyV512<LogisticOperator>(a, b), "v512");
            }
            else
            {
                Width((a, b) => Silu.ApplyScalar<NoClamp>(a, b, lo, hi), (a, b) => UnaryDriver.ApplyScalar<LogisticOperator>(a, b), "scalar");
                if (Vector128.IsHardwareAccelerated && n >= 4) Width((a, b) => Silu.ApplyV128<NoClamp>(a, b, lo, hi), (a, b) => UnaryDriver.ApplyV128<LogisticOperator>(a, b), "v128");
                if (Vector256.IsHardwareAccelerated && n >= 8) Width((a, b) => Silu.ApplyV256<NoClamp>(a, b, lo, hi), (a, b) => UnaryDriver.ApplyV256<LogisticOperator>(a, b), "v256");
                if (Vector512.IsHardwareAccelerated && n >= 16) Width((a, b) => Silu.ApplyV512<NoClamp>(a, b, lo, hi), (a, b) => UnaryDriver.ApplyV512<LogisticOperator>(a, b), "v512");
            }

            // In place: the overlapping tail must not apply the operator twice.
            var inplace = (float[])x.Clone();
            Silu.Apply(inplace, inplace, lo, hi);
            AssertBits(Unfused(x, lo, hi, (a, b) => UnaryDriver.Apply<LogisticOperator>(a, b)), inplace, $"n={n} in place");
        }
    }

    [Fact]
    public void MatchesTheFormulaInDouble()
    {
        var rng = new Random(5);
        foreach (int n in TestUtil.Lengths().Append(4096))
        {
            if (n == 0) continue;
            var x = Input(rng, n);
            var got = new float[n];
            Silu.Apply(x, got, float.NegativeInfinity, float.PositiveInfinity);
            var scalar = new float[n];
            Silu.ApplyScalar<NoClamp>(x, scalar, float.NegativeInfinity, float.PositiveInfinity);
            for (int i = 0; i < n; i++)
            {
                CheckFormula(x[i], got[i], $"n={n} element {i}");
                CheckFormula(x[i], scalar[i], $"n={n} element {i} scalar");
            }
        }
    }

    private static void CheckFormula(float xf, float got, string what)
    {
        double x = xf;
        double want = x / (1 + Math.Exp(-x));
        if (double.IsNaN(want))
        {
            Assert.True(float.IsNaN(got), $"{what}: x={xf:R}: expected NaN, got {got:R}");
            return;
        }
        if (double.IsInfinity(want) || xf == 0f)
        {
            // +inf -> +inf; ±0 -> ±0 (sign kept).
            Assert.True(BitConverter.SingleToInt32Bits((float)want) == BitConverter.SingleToInt32Bits(got), $"{what}: x={xf:R}: expected {want:R}, got {got:R}");
            return;
        }
        double rel = xf < LogisticOperator.CutoffLower ? 1.3e-4 : 1e-6;
        double err = Math.Abs(got - want);
        Assert.True(err <= rel * Math.Abs(want) + 1e-35, $"{what}: x={xf:R}: expected {want:R}, got {got:R} (error {err:R})");
    }

    [Fact]
    public void ExtremeInputs()
    {
        float[] x = [100f, -100f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, 0f];
        // Every path: the scalar form (7 elements) and vectors (the same values repeated to 64).
        foreach (int n in new[] { 7, 64 })
        {
            var xs = Enumerable.Range(0, n).Select(i => x[i % x.Length]).ToArray();
            var y = new float[n];
            Silu.Apply(xs, y, float.NegativeInfinity, float.PositiveInfinity);
            var clamped = new float[n];
            Silu.Apply(xs, clamped, float.MinValue, float.MaxValue);
            for (int i = 0; i < n; i++)
            {
                switch (i % x.Length)
                {
                    case 0: Assert.Equal(100f, y[i]); break;
                    case 1: Assert.True(y[i] <= 0f && y[i] > -1e-35f, $"silu(-100) = {y[i]:R}"); break;
                    case 2: Assert.True(float.IsNaN(y[i])); break;
                    case 3: Assert.Equal(float.PositiveInfinity, y[i]); Assert.Equal(float.MaxValue, clamped[i]); break;
                    case 4: Assert.True(float.IsNaN(y[i]), $"silu(-inf) = {y[i]:R}"); Assert.True(float.IsNaN(clamped[i])); break;
                    case 5: Assert.Equal(BitConverter.SingleToInt32Bits(-0f), BitConverter.SingleToInt32Bits(y[i])); break;
                    case 6: Assert.Equal(0, BitConverter.SingleToInt32Bits(y[i])); break;
                }
            }
        }
    }

    [Fact]
    public void ReferenceIsTheScalarFormulaClamped()
    {
        var rng = new Random(9);
        var x = Input(rng, 257);
        var want = new float[x.Length];
        var got = new float[x.Length];
        Silu.ApplyScalar<MinMaxClamp>(x, want, 0f, 6f);
        Reference.Activations.Silu(x, got, 0f, 6f);
        AssertBits(want, got, "reference");
    }
}
