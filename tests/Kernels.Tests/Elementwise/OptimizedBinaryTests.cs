using System.Runtime.Intrinsics;
using ManagedLite.Kernels.Elementwise;
using Xunit;

namespace ManagedLite.Kernels.Tests.Elementwise;

/// <summary>
/// Broadcasting binary kernels: the optimized plan-driven kernels and the reference kernel against a naive N-d
/// implementation written here, on seeded random shape pairs of ranks 1..6, plus the common fast-path shapes.
/// All these operators are exact (0 ulp) in both paths.
/// </summary>
public class OptimizedBinaryTests
{
    // Naive NumPy broadcast: right-align, size-1 dims pinned to 0.
    private static float[] Naive(Func<float, float, float> f, int[] sa, float[] a, int[] sb, float[] b, int[] so, float lo, float hi)
    {
        int n = so.Aggregate(1, (p, d) => p * d);
        var y = new float[n];
        var idx = new int[so.Length];
        for (int flat = 0; flat < n; flat++)
        {
            int rem = flat;
            for (int d = so.Length - 1; d >= 0; d--) { idx[d] = rem % so[d]; rem /= so[d]; }
            int Off(int[] s)
            {
                int o = 0, lead = so.Length - s.Length;
                for (int d = 0; d < s.Length; d++) o = o * s[d] + (s[d] == 1 ? 0 : idx[lead + d]);
                return o;
            }
            y[flat] = Math.Min(Math.Max(f(a[Off(sa)], b[Off(sb)]), lo), hi);
        }
        return y;
    }

    private static IEnumerable<(int[] A, int[] B)> ShapePairs()
    {
        // Common fast paths.
        yield return (new[] { 1, 5, 7, 33 }, new[] { 33 });
        yield return (new[] { 1, 5, 7, 33 }, new[] { 1, 1, 1, 33 });
        yield return (new[] { 1, 4, 4, 17 }, new[] { 1, 4, 4, 17 });
        yield return (new[] { 3 }, new[] { 2, 1, 3 });
        yield return (new[] { 1 }, new[] { 2, 3, 65 });
        yield return (new[] { 2, 3, 65 }, new[] { 1 });
        yield return (new[] { 2, 3, 65 }, new int[0]);
        yield return (new[] { 6, 1 }, new[] { 1, 129 });
        yield return (new[] { 2, 8, 1, 16 }, new[] { 2, 1, 5, 1 });
        yield return (new[] { 2, 0, 3 }, new[] { 3 });
        var rng = new Random(99);
        for (int t = 0; t < 120; t++)
        {
            int rank = 1 + rng.Next(6);
            var outShape = new int[rank];
            for (int d = 0; d < rank; d++) outShape[d] = 1 + rng.Next(rank > 4 ? 3 : 6);
            if (rng.Next(3) == 0) outShape[rank - 1] = 1 + rng.Next(70);
            int[] Make()
            {
                int r = 1 + rng.Next(rank);
                var s = outShape[(rank - r)..].ToArray();
                for (int d = 0; d < r; d++) if (rng.Next(3) == 0) s[d] = 1;
                return s;
            }
            yield return (Make(), Make());
        }
    }

    private static void Check<TOp>(Func<float, float, float> f, float lo, float hi,
        Action<BroadcastPlan, float[], float[], float[]> optimized,
        Action<int[], float[], int[], float[], int[], float[]> reference) where TOp : IBinaryOperator
    {
        var rng = new Random(5);
        foreach (var (sa, sb) in ShapePairs())
        {
            var plan = BroadcastPlan.Create(sa, sb);
            var a = TestUtil.Random(rng, sa.Aggregate(1, (p, d) => p * d));
            var b = TestUtil.Random(rng, sb.Aggregate(1, (p, d) => p * d), 0.5f, 4f);
            var want = Naive(f, sa, a, sb, b, plan.OutputShape, lo, hi);
            var got = new float[plan.OutputLength];
            optimized(plan, a, b, got);
            string what = $"{typeof(TOp).Name} [{string.Join(",", sa)}] x [{string.Join(",", sb)}] ({plan.Kind})";
            TestUtil.AssertUlps(want, got, 0, what + " optimized");
            var refOut = new float[plan.OutputLength];
            reference(sa, a, sb, b, plan.OutputShape, refOut);
            TestUtil.AssertUlps(want, refOut, 0, what + " reference");
        }
    }

    [Fact]
    public void AddNoActivation() => Check<AddOperator>((x, y) => x + y, float.NegativeInfinity, float.PositiveInfinity,
        (p, a, b, y) => Optimized.BinaryElementwise.Add(p, a, b, y, float.NegativeInfinity, float.PositiveInfinity),
        (sa, a, sb, b, so, y) => Reference.BinaryElementwise.Add(sa, a, sb, b, so, y, float.NegativeInfinity, float.PositiveInfinity));

    [Fact]
    public void AddRelu6() => Check<AddOperator>((x, y) => x + y, 0f, 6f,
        (p, a, b, y) => Optimized.BinaryElementwise.Add(p, a, b, y, 0f, 6f),
        (sa, a, sb, b, so, y) => Reference.BinaryElementwise.Add(sa, a, sb, b, so, y, 0f, 6f));

    [Fact]
    public void SubReluN1To1() => Check<SubOperator>((x, y) => x - y, -1f, 1f,
        (p, a, b, y) => Optimized.BinaryElementwise.Sub(p, a, b, y, -1f, 1f),
        (sa, a, sb, b, so, y) => Reference.BinaryElementwise.Sub(sa, a, sb, b, so, y, -1f, 1f));

    [Fact]
    public void MulRelu() => Check<MulOperator>((x, y) => x * y, 0f, float.PositiveInfinity,
        (p, a, b, y) => Optimized.BinaryElementwise.Mul(p, a, b, y, 0f, float.PositiveInfinity),
        (sa, a, sb, b, so, y) => Reference.BinaryElementwise.Mul(sa, a, sb, b, so, y, 0f, float.PositiveInfinity));

    [Fact]
    public void Div() => Check<DivOperator>((x, y) => x / y, float.NegativeInfinity, float.PositiveInfinity,
        (p, a, b, y) => Optimized.BinaryElementwise.Div(p, a, b, y, float.NegativeInfinity, float.PositiveInfinity),
        (sa, a, sb, b, so, y) => Reference.BinaryElementwise.Div(sa, a, sb, b, so, y, float.NegativeInfinity, float.PositiveInfinity));

    [Fact]
    public void Maximum() => Check<MaximumOperator>((x, y) => x > y ? x : y, float.NegativeInfinity, float.PositiveInfinity,
        (p, a, b, y) => Optimized.BinaryElementwise.Maximum(p, a, b, y),
        (sa, a, sb, b, so, y) => Reference.BinaryElementwise.Maximum(sa, a, sb, b, so, y));

    [Fact]
    public void Minimum() => Check<MinimumOperator>((x, y) => x < y ? x : y, float.NegativeInfinity, float.PositiveInfinity,
        (p, a, b, y) => Optimized.BinaryElementwise.Minimum(p, a, b, y),
        (sa, a, sb, b, so, y) => Reference.BinaryElementwise.Minimum(sa, a, sb, b, so, y));

    [Fact]
    public void SquaredDifference() => Check<SquaredDifferenceOperator>((x, y) => (x - y) * (x - y), float.NegativeInfinity, float.PositiveInfinity,
        (p, a, b, y) => Optimized.BinaryElementwise.SquaredDifference(p, a, b, y),
        (sa, a, sb, b, so, y) => Reference.BinaryElementwise.SquaredDifference(sa, a, sb, b, so, y));

    [Fact]
    public void Prelu() => Check<PreluOperator>((x, y) => x >= 0 ? x : x * y, float.NegativeInfinity, float.PositiveInfinity,
        (p, a, b, y) => Optimized.BinaryElementwise.Prelu(p, a, b, y),
        (sa, a, sb, b, so, y) => Reference.BinaryElementwise.Prelu(sa, a, sb, b, so, y));

    [Fact]
    public void PlanMergesCommonShapes()
    {
        Assert.Equal(BroadcastKind.SameShape, BroadcastPlan.Create(new[] { 1, 4, 4, 8 }, new[] { 4, 4, 8 }).Kind);
        Assert.Equal(BroadcastKind.ScalarB, BroadcastPlan.Create(new[] { 1, 4, 4, 8 }, new[] { 1, 1 }).Kind);
        Assert.Equal(BroadcastKind.ScalarA, BroadcastPlan.Create(new int[0], new[] { 3, 3 }).Kind);
        var p = BroadcastPlan.Create(new[] { 1, 5, 7, 32 }, new[] { 32 });
        Assert.Equal(BroadcastKind.General, p.Kind);
        Assert.Equal(new[] { 35, 32 }, p.Dims);
        Assert.Null(BroadcastPlan.TryGetOutputShape(new[] { 2, 3 }, new[] { 4 }));
        Assert.Throws<ArgumentException>(() => BroadcastPlan.Create(new[] { 2, 3 }, new[] { 2 }));
    }

    [Fact]
    public void EveryWidthAndInPlace()
    {
        var rng = new Random(3);
        foreach (int n in TestUtil.Lengths())
        {
            var a = TestUtil.Random(rng, n);
            var b = TestUtil.Random(rng, n);
            var want = a.Zip(b, (x, y) => Math.Min(Math.Max(x * y, -1f), 1f)).ToArray();
            var got = new float[n];
            if (Vector128.IsHardwareAccelerated && n >= 4) { BinaryDriver.ApplyV128<MulOperator, MinMaxClamp>(a, b, got, -1f, 1f); TestUtil.AssertUlps(want, got, 0, $"v128 n={n}"); }
            if (Vector256.IsHardwareAccelerated && n >= 8) { Array.Clear(got); BinaryDriver.ApplyV256<MulOperator, MinMaxClamp>(a, b, got, -1f, 1f); TestUtil.AssertUlps(want, got, 0, $"v256 n={n}"); }
            if (Vector512.IsHardwareAccelerated && n >= 16) { Array.Clear(got); BinaryDriver.ApplyV512<MulOperator, MinMaxClamp>(a, b, got, -1f, 1f); TestUtil.AssertUlps(want, got, 0, $"v512 n={n}"); }

            var wantS = a.Select(x => x - 0.75f).ToArray();
            if (Vector128.IsHardwareAccelerated && n >= 4) { BinaryDriver.ApplyScalarBV128<SubOperator, NoClamp>(a, 0.75f, got, 0, 0); TestUtil.AssertUlps(wantS, got, 0, $"scalarB v128 n={n}"); }
            if (Vector512.IsHardwareAccelerated && n >= 16) { BinaryDriver.ApplyScalarBV512<SubOperator, NoClamp>(a, 0.75f, got, 0, 0); TestUtil.AssertUlps(wantS, got, 0, $"scalarB v512 n={n}"); }
            var wantA = a.Select(x => 0.75f - x).ToArray();
            if (Vector256.IsHardwareAccelerated && n >= 8) { BinaryDriver.ApplyScalarAV256<SubOperator, NoClamp>(0.75f, a, got, 0, 0); TestUtil.AssertUlps(wantA, got, 0, $"scalarA v256 n={n}"); }

            // in place on the first operand
            var inplace = (float[])a.Clone();
            BinaryDriver.Apply<MulOperator, MinMaxClamp>(inplace, b, inplace, -1f, 1f);
            TestUtil.AssertUlps(want, inplace, 0, $"in place n={n}");
        }
    }
}
