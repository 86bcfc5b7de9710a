using ManagedLite.Kernels.Elementwise;
using ManagedLite.Kernels.Params;
using Xunit;
using Opt = ManagedLite.Kernels.Optimized.Quantized;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Tests.Quantization;

/// <summary>
/// The vectorized int8 and uint8 SUB and MUL (the shared 8-lane driver of ADD) against their reference operators,
/// bit-exact: lengths around the 16-element step, extreme zero points, scales far apart (SUB output multipliers above
/// one included), fused activation ranges, every broadcast kind the plan distinguishes, and in-place operation.
/// </summary>
public class OptimizedSubMulInt8Tests
{
    public static TheoryData<int> Lengths => [1, 7, 8, 15, 16, 17, 31, 32, 33, 64, 65, 1000];

    private static readonly int[][][] BroadcastShapes =
        [[[1], [40]], [[40], [1]], [[3, 1, 33], [2, 1]], [[2, 5, 17], [2, 1, 17]], [[4, 1], [1, 65]], [[1, 4, 4, 19], [1, 1, 1, 19]]];

    private delegate void Kernel<T>(BroadcastPlan plan, int[] shapeA, T[] a, int[] shapeB, T[] b, T[] expected, T[] actual);

    /// <summary>Draws parameters per trial and checks the optimized kernel against the reference on [n] and broadcast shapes.</summary>
    private static void Check<T>(int seed, int n, bool signed, Func<QuantRandom, int, Kernel<T>?> draw, Func<QuantRandom, int, T[]> data)
    {
        var r = new QuantRandom(seed);
        int valid = 0;
        for (int trial = 0; trial < 14; trial++)
        {
            var kernel = draw(r, trial);
            if (kernel is null) continue;
            valid++;
            int[] shape = [n];
            T[] a = data(r, n), b = data(r, n);
            var expected = new T[n];
            var actual = new T[n];
            kernel(BroadcastPlan.Create(shape, shape), shape, a, shape, b, expected, actual);
            Assert.Equal(expected, actual);
            kernel(BroadcastPlan.Create(shape, shape), shape, a, shape, b, expected, a); // in place
            Assert.Equal(expected, a);
            if (trial % 3 != 0) continue;
            foreach (var pair in BroadcastShapes)
            {
                var plan = BroadcastPlan.Create(pair[0], pair[1]);
                T[] x = data(r, pair[0].Aggregate(1, (p, q) => p * q)), y = data(r, pair[1].Aggregate(1, (p, q) => p * q));
                var e = new T[plan.OutputLength];
                var g = new T[plan.OutputLength];
                kernel(plan, pair[0], x, pair[1], y, e, g);
                Assert.True(e.AsSpan().SequenceEqual(g), $"[{string.Join(",", pair[0])}] x [{string.Join(",", pair[1])}] ({(signed ? "int8" : "uint8")})");
            }
        }
        Assert.True(valid >= 8, $"only {valid} parameter sets were valid");
    }

    private static (int Z1, int Z2, int Zo, int Lo, int Hi) ZeroPoints(QuantRandom r, int trial, bool signed)
    {
        int min = signed ? -128 : 0, max = signed ? 127 : 255;
        int z1 = trial switch { 0 => min, 1 => max, _ => r.Next(min, max) };
        int z2 = trial switch { 0 => max, 1 => min, _ => r.Next(min, max) };
        int zo = r.Next(min, max);
        int lo = trial % 3 == 0 ? zo : min, hi = trial % 4 == 0 ? Math.Max(zo, r.Next((min + max) / 2, max)) : max;
        return (z1, z2, zo, lo, hi);
    }

    private static Kernel<T>? DrawSub<T>(QuantRandom r, int trial, bool signed) where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        float s1 = MathF.Pow(2, r.Next(-100, 0) / 10f), s2 = MathF.Pow(2, r.Next(-100, 0) / 10f), so = MathF.Pow(2, r.Next(-100, 10) / 10f);
        var (z1, z2, zo, lo, hi) = ZeroPoints(r, trial, signed);
        QuantizedAddSubParams p;
        try { p = QuantizedAddSubParams.General(s1, z1, s2, z2, so, zo, false, lo, hi, allowOutputAboveOne: true); }
        catch (ArgumentOutOfRangeException) { return null; }
        return (plan, sa, a, sb, b, expected, actual) =>
        {
            Ref.SubQuantized.Run<T>(p, sa, a, sb, b, plan.OutputShape, expected);
            Opt.SubQuantized.Run<T>(p, plan, a, b, actual);
        };
    }

    private static Kernel<T>? DrawMul<T>(QuantRandom r, int trial, bool signed) where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        float s1 = MathF.Pow(2, r.Next(-80, 0) / 10f), s2 = MathF.Pow(2, r.Next(-80, 0) / 10f), so = MathF.Pow(2, r.Next(-120, 0) / 10f);
        var (z1, z2, zo, lo, hi) = ZeroPoints(r, trial, signed);
        Ref.MulQuantized.OutputMultiplier(s1, s2, so, out int m, out int s);
        var op = new Ref.MulQuantized.Operator(-z1, -z2, zo, m, s, lo, hi);
        return (plan, sa, a, sb, b, expected, actual) =>
        {
            Ref.MulQuantized.Run<T>(op, sa, a, sb, b, plan.OutputShape, expected);
            Opt.MulQuantized.Run<T>(op, plan, a, b, actual);
        };
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void SubInt8MatchesReference(int n) => Check(70_000 + n, n, true, (r, t) => DrawSub<sbyte>(r, t, true), (r, k) => r.Int8(k));

    [Theory]
    [MemberData(nameof(Lengths))]
    public void SubUInt8MatchesReference(int n) => Check(71_000 + n, n, false, (r, t) => DrawSub<byte>(r, t, false), (r, k) => r.UInt8(k));

    [Theory]
    [MemberData(nameof(Lengths))]
    public void MulInt8MatchesReference(int n) => Check(72_000 + n, n, true, (r, t) => DrawMul<sbyte>(r, t, true), (r, k) => r.Int8(k));

    [Theory]
    [MemberData(nameof(Lengths))]
    public void MulUInt8MatchesReference(int n) => Check(73_000 + n, n, false, (r, t) => DrawMul<byte>(r, t, false), (r, k) => r.UInt8(k));
}
