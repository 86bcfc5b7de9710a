using ElementwiseVectorMath = ManagedLite.Kernels.Elementwise.VectorMath;
using System.Runtime.Intrinsics;
using ManagedLite.Kernels.Elementwise;
using Xunit;

namespace ManagedLite.Kernels.Tests.Elementwise;

/// <summary>
/// Optimized unary kernels against the reference on seeded random data, at every length 0..70, 127..129, 255..257,
/// through the dispatcher and through each vector width explicitly. Tolerance: exact (0 ulp) for operators whose
/// vector form is the scalar formula; 2 ulp for LOGISTIC/TANH/ELU/EXP (double-lane exp vs MathF).
/// </summary>
public class OptimizedUnaryTests
{
    private static void Check<TOp>(long ulps, float lo = -12f, float hi = 12f) where TOp : IUnaryOperator
    {
        var rng = new Random(1234);
        foreach (int n in TestUtil.Lengths())
        {
            var x = TestUtil.Random(rng, n, lo, hi);
            var want = new float[n];
            Reference.Activations.Map<TOp>(x, want);

            var got = new float[n];
            UnaryDriver.Apply<TOp>(x, got);
            TestUtil.AssertUlps(want, got, ulps, $"{typeof(TOp).Name} n={n} dispatch");

            if (!TOp.Vectorizable) continue;
            if (Vector128.IsHardwareAccelerated && n >= 4) { Array.Clear(got); UnaryDriver.ApplyV128<TOp>(x, got); TestUtil.AssertUlps(want, got, ulps, $"{typeof(TOp).Name} n={n} v128"); }
            if (Vector256.IsHardwareAccelerated && n >= 8) { Array.Clear(got); UnaryDriver.ApplyV256<TOp>(x, got); TestUtil.AssertUlps(want, got, ulps, $"{typeof(TOp).Name} n={n} v256"); }
            if (Vector512.IsHardwareAccelerated && n >= 16) { Array.Clear(got); UnaryDriver.ApplyV512<TOp>(x, got); TestUtil.AssertUlps(want, got, ulps, $"{typeof(TOp).Name} n={n} v512"); }

            // In place: the overlapping tail must not apply the operator twice.
            var inplace = (float[])x.Clone();
            UnaryDriver.Apply<TOp>(inplace, inplace);
            TestUtil.AssertUlps(want, inplace, ulps, $"{typeof(TOp).Name} n={n} in place");
        }
    }

    [Fact] public void Relu() => Check<ReluOperator>(0);
    [Fact] public void Relu6() => Check<Relu6Operator>(0);
    [Fact] public void ReluN1To1() => Check<ReluN1To1Operator>(0, -2f, 2f);
    [Fact] public void Relu0To1() => Check<Relu0To1Operator>(0, -2f, 2f);
    [Fact] public void HardSwish() => Check<HardSwishOperator>(0);
    [Fact] public void Logistic() => Check<LogisticOperator>(2, -20f, 20f);
    [Fact] public void Tanh() => Check<TanhOperator>(2, -6f, 6f);
    [Fact] public void TanhNearZero() => Check<TanhOperator>(2, -1e-3f, 1e-3f);
    [Fact] public void Elu() => Check<EluOperator>(2);
    [Fact] public void EluNearZero() => Check<EluOperator>(2, -1e-4f, 1e-4f);
    [Fact] public void Exp() => Check<ExpOperator>(2, -80f, 80f);
    [Fact] public void Sqrt() => Check<SqrtOperator>(0, 0f, 100f);
    [Fact] public void Rsqrt() => Check<RsqrtOperator>(0, 1e-3f, 100f);
    [Fact] public void Abs() => Check<AbsOperator>(0);
    [Fact] public void Neg() => Check<NegOperator>(0);
    [Fact] public void Square() => Check<SquareOperator>(0);
    [Fact] public void Floor() => Check<FloorOperator>(0);
    [Fact] public void Ceil() => Check<CeilOperator>(0);
    [Fact] public void Log() => Check<LogOperator>(0, 1e-3f, 100f);
    // erfc in float lanes: within 7 ulp of GELU in double rounded once over every 97th float in [-40, 40] (the scalar
    // form itself is within 1-2 ulp of that), so the two are held to 8.
    [Fact] public void Gelu() => Check<GeluOperator>(8, -6f, 6f);
    [Fact] public void GeluWide() => Check<GeluOperator>(8, -20f, 20f);
    [Fact] public void GeluNearZero() => Check<GeluOperator>(8, -1e-3f, 1e-3f);
    /// <summary>
    /// The approximate GELU's vector form (x / (1 + exp(-2 y))) against the scalar 0.5 x (1 + tanh y): 1 + tanh y cancels
    /// for negative x in the scalar form (one ulp of tanh near -1 is many ulps of the result; its absolute error stays
    /// below |x| 2^-24), so they are held to 64 ulps or |x| 2^-23 apart; and the vector form to 16 ulps of the formula
    /// in double where the result is at least 2^-20 |x| (y's own float rounding, amplified by exp, is most of that).
    /// </summary>
    [Fact]
    public void GeluApproximate()
    {
        var rng = new Random(1234);
        float[] special = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, -9f, -104f, 1e-30f, -1e-30f, 3f, -3f, 6f, -5.6f, 88f, -1f, 1f];
        foreach (int n in TestUtil.Lengths().Append(4096).Append(-1))
        {
            var x = n < 0 ? special : TestUtil.Random(rng, n, -12f, 12f);
            var want = new float[x.Length];
            var got = new float[x.Length];
            Reference.Activations.Map<GeluApproximateOperator>(x, want);
            UnaryDriver.Apply<GeluApproximateOperator>(x, got);
            for (int i = 0; i < x.Length; i++)
            {
                bool near = TestUtil.Ulps(want[i], got[i]) <= 64 || Math.Abs(want[i] - got[i]) <= Math.Abs(x[i]) * 1.1920929e-7f;
                Assert.True(near, $"n={n} x={x[i]:R}: scalar {want[i]:R}, vector {got[i]:R}");
                double xd = x[i], exact = 0.5 * xd * (1 + Math.Tanh(GeluApproximateOperator.SqrtTwoOverPi * (xd + 0.044715f * xd * xd * xd)));
                if (x.Length >= 4 && double.IsFinite(exact) && Math.Abs(exact) >= Math.Abs(xd) * 9.5367431640625e-7)
                    Assert.True(TestUtil.Ulps((float)exact, got[i]) <= 16, $"n={n} x={x[i]:R}: double {exact:R}, vector {got[i]:R}");
            }
        }
    }

    [Fact]
    public void LeakyReluMatchesReference()
    {
        var rng = new Random(7);
        foreach (int n in TestUtil.Lengths())
        {
            var x = TestUtil.Random(rng, n);
            var want = new float[n];
            var got = new float[n];
            Reference.Activations.LeakyRelu(x, want, 0.2f);
            Optimized.Activations.LeakyRelu(x, got, 0.2f);
            TestUtil.AssertUlps(want, got, 0, $"leaky n={n}");
        }
    }

    /// <summary>The float-lane exp used by LOGISTIC: within 4 ulp of the correctly rounded e^x over [-87.3, 88.3], 0 below.</summary>
    [Fact]
    public void ExpFastStaysWithinFourUlps()
    {
        var rng = new Random(31);
        var x = new float[4096];
        for (int i = 0; i < x.Length; i++) x[i] = i < 8 ? new[] { -87.29f, 88.29f, 0f, -0f, 1e-20f, -1e-20f, 0.34657f, -0.34658f }[i] : (float)(rng.NextDouble() * 175.5 - 87.25);
        var want = x.Select(v => (float)Math.Exp(v)).ToArray();
        var got = new float[x.Length];
        for (int i = 0; i < x.Length; i += 8) ElementwiseVectorMath.ExpFast(Vector256.Create(x, i)).CopyTo(got, i);
        TestUtil.AssertUlps(want, got, 4, "ExpFast v256");
        if (Vector512.IsHardwareAccelerated)
        {
            for (int i = 0; i < x.Length; i += 16) ElementwiseVectorMath.ExpFast(Vector512.Create(x, i)).CopyTo(got, i);
            TestUtil.AssertUlps(want, got, 4, "ExpFast v512");
        }
        for (int i = 0; i < x.Length; i += 4) ElementwiseVectorMath.ExpFast(Vector128.Create(x, i)).CopyTo(got, i);
        TestUtil.AssertUlps(want, got, 4, "ExpFast v128");
        Assert.Equal(0f, ElementwiseVectorMath.ExpFast(Vector256.Create(-88f)).GetElement(0));
        Assert.True(float.IsNaN(ElementwiseVectorMath.ExpFast(Vector256.Create(float.NaN)).GetElement(0)));
    }

    [Fact]
    public void SpecialValuesMatchReference()
    {
        float[] x = { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, 16.619047f, 16.62f, -9f, -9.0001f, 88.8f, -104f, 1e-30f, -1e-30f, 3f, -3f, 6f };
        void Same<TOp>(long ulps) where TOp : IUnaryOperator
        {
            var want = new float[x.Length];
            var got = new float[x.Length];
            Reference.Activations.Map<TOp>(x, want);
            UnaryDriver.Apply<TOp>(x, got);
            TestUtil.AssertUlps(want, got, ulps, typeof(TOp).Name);
        }
        Same<ReluOperator>(0);
        Same<Relu6Operator>(0);
        Same<ReluN1To1Operator>(0);
        Same<Relu0To1Operator>(0);
        Same<HardSwishOperator>(0);
        Same<LogisticOperator>(2);
        Same<TanhOperator>(2);
        Same<EluOperator>(2);
        Same<ExpOperator>(2);
        Same<GeluOperator>(8);
    }

    [Fact]
    public void PartialOverlapIsRejected()
    {
        var buf = new float[40];
        Assert.Throws<ArgumentException>(() => UnaryDriver.Apply<ReluOperator>(buf.AsSpan(0, 32), buf.AsSpan(1, 32)));
    }
}
