using ManagedLite.Kernels.Elementwise;
using Xunit;
using Opt = ManagedLite.Kernels.Optimized.Quantized;
using Ref = ManagedLite.Kernels.Reference.Quantized;
using RefL2 = ManagedLite.Kernels.Reference.L2Normalization;

namespace ManagedLite.Kernels.Tests.Quantization;

/// <summary>
/// The vectorized 8-bit PRELU, int8 SQUARED_DIFFERENCE and 8-bit L2_NORMALIZATION against their reference kernels, bit for
/// bit: inner sizes around the 8- and 16-lane steps, per-channel / scalar / middle-axis broadcasts, extreme zero points,
/// scales far apart (multipliers above one and shifts outside the vector range, which take the scalar fallback), in place.
/// </summary>
public class OptimizedPreluSqDiffL2Tests
{
    private static readonly int[] Inner = [1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100];

    /// <summary>(input shape, second operand shape) pairs for an inner size c.</summary>
    private static IEnumerable<(int[] A, int[] B)> Shapes(Random rng, int c)
    {
        yield return ([2, 3, 4, c], [c]);
        yield return ([1, 3, 5, c], [1, 1, c]);
        yield return ([3, 2, c], [3, 2, c]);
        yield return ([2, 4, c], [1]);
        yield return ([2, 3, 2, c], [1, 3, 1, c]);
        yield return ([2, 3, c], [2, 3, 1]);
        yield return ([rng.Next(1, 4), rng.Next(1, 6), c], [1, 1, c]);
    }

    private static float Scale(Random rng, int trial) => trial switch
    {
        0 => 1e-6f,
        1 => 1000f,
        _ => MathF.Pow(2, rng.Next(-160, 40) / 10f),
    };

    private static int Zp(Random rng, int trial, bool signed)
    {
        int min = signed ? -128 : 0, max = signed ? 127 : 255;
        return (trial % 4) switch { 0 => min, 1 => max, _ => rng.Next(min, max + 1) };
    }

    private static T[] Data<T>(Random rng, int n, bool signed) where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        var d = new T[n];
        for (int i = 0; i < n; i++) d[i] = T.CreateTruncating(signed ? rng.Next(-128, 128) : rng.Next(0, 256));
        return d;
    }

    private static int Count(int[] s) => s.Aggregate(1, (p, q) => p * q);

    private static void Prelu<T>(int seed, bool signed) where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        var rng = new Random(seed);
        int valid = 0;
        foreach (int c in Inner)
            for (int trial = 0; trial < 6; trial++)
            {
                Ref.PreluQuantized.Operator op;
                try
                {
                    op = Ref.PreluQuantized.Create(Scale(rng, trial), Zp(rng, trial, signed), Scale(rng, trial + 1), Zp(rng, trial + 1, signed),
                        Scale(rng, trial + 2), Zp(rng, trial + 3, signed), signed ? -128 : 0, signed ? 127 : 255);
                }
                catch (ArgumentException) { continue; }
                valid++;
                foreach (var (sa, sb) in Shapes(rng, c))
                {
                    if (!BroadcastPlan.TryGetOutputShape(sa, sb)!.AsSpan().SequenceEqual(sa)) continue;
                    var plan = BroadcastPlan.Create(sa, sb);
                    T[] x = Data<T>(rng, Count(sa), signed), alpha = Data<T>(rng, Count(sb), signed);
                    var want = new T[x.Length];
                    var got = new T[x.Length];
                    Ref.PreluQuantized.Run<T>(op, sa, x, sb, alpha, sa, want);
                    Opt.PreluQuantized.Run<T>(op, plan, x, alpha, got);
                    Assert.True(want.AsSpan().SequenceEqual(got), $"prelu {typeof(T).Name} [{string.Join(",", sa)}] x [{string.Join(",", sb)}] trial {trial}");
                    Opt.PreluQuantized.Run<T>(op, plan, x, alpha, x); // in place
                    Assert.True(want.AsSpan().SequenceEqual(x), $"prelu {typeof(T).Name} in place [{string.Join(",", sa)}]");
                }
            }
        Assert.True(valid > 40, $"only {valid} valid parameter sets");
    }

    [Fact] public void PreluInt8_BitExact() => Prelu<sbyte>(21, true);
    [Fact] public void PreluUInt8_BitExact() => Prelu<byte>(22, false);

    [Fact]
    public void PreluInt8_ShiftsOutsideVectorRange_FallBack()
    {
        // input scale tiny against the output: shift below -31 takes the scalar operator
        var op = Ref.PreluQuantized.Create(1e-12f, 3, 0.5f, -2, 1f, 1, -128, 127);
        int[] s = [3, 17];
        var rng = new Random(5);
        sbyte[] x = Data<sbyte>(rng, 51, true), a = Data<sbyte>(rng, 17, true);
        var want = new sbyte[51];
        var got = new sbyte[51];
        Ref.PreluQuantized.Run<sbyte>(op, s, x, [17], a, s, want);
        Opt.PreluQuantized.Run<sbyte>(op, BroadcastPlan.Create(s, [17]), x, a, got);
        Assert.Equal(want, got);
    }

    [Fact]
    public void SquaredDifferenceInt8_BitExact()
    {
        var rng = new Random(23);
        int valid = 0;
        foreach (int c in Inner)
            for (int trial = 0; trial < 6; trial++)
            {
                Ref.SquaredDifferenceQuantized.Operator op;
                try
                {
                    op = Ref.SquaredDifferenceQuantized.Create(Scale(rng, trial), Zp(rng, trial, true), Scale(rng, trial + 1), Zp(rng, trial + 1, true),
                        Scale(rng, trial + 2), Zp(rng, trial + 3, true));
                }
                catch (ArgumentException) { continue; }
                valid++;
                foreach (var (sa, sb) in Shapes(rng, c))
                    foreach (bool swap in new[] { false, true })
                    {
                        int[] s1 = swap ? sb : sa, s2 = swap ? sa : sb;
                        var plan = BroadcastPlan.Create(s1, s2);
                        sbyte[] a = Data<sbyte>(rng, Count(s1), true), b = Data<sbyte>(rng, Count(s2), true);
                        var want = new sbyte[plan.OutputLength];
                        var got = new sbyte[plan.OutputLength];
                        Ref.SquaredDifferenceQuantized.Run<sbyte>(op, s1, a, s2, b, plan.OutputShape, want);
                        Opt.SquaredDifferenceQuantized.Run(op, plan, a, b, got);
                        Assert.True(want.AsSpan().SequenceEqual(got), $"sqdiff [{string.Join(",", s1)}] x [{string.Join(",", s2)}] trial {trial}");
                        if (a.Length == plan.OutputLength)
                        {
                            Opt.SquaredDifferenceQuantized.Run(op, plan, a, b, a); // in place
                            Assert.True(want.AsSpan().SequenceEqual(a), $"sqdiff in place [{string.Join(",", s1)}]");
                        }
                    }
            }
        Assert.True(valid > 40, $"only {valid} valid parameter sets");
    }

    private static readonly int[] Depths = [1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 48, 63, 64, 65, 100, 1000];

    [Fact]
    public void L2NormalizationInt8_BitExact()
    {
        var rng = new Random(24);
        foreach (int depth in Depths)
            foreach (int zp in new[] { -128, 127, 0, rng.Next(-128, 128), -300, 300 })
                foreach (int mode in new[] { 0, 1, 2 })
                {
                    int outer = rng.Next(1, 6);
                    var x = new sbyte[outer * depth];
                    for (int i = 0; i < x.Length; i++)
                        x[i] = mode switch { 0 => (sbyte)rng.Next(-128, 128), 1 => (sbyte)Math.Clamp(zp + rng.Next(-1, 2), -128, 127), _ => (sbyte)Math.Clamp(zp, -128, 127) };
                    var want = new sbyte[x.Length];
                    var got = new sbyte[x.Length];
                    RefL2.Int8(outer, depth, zp, x, want);
                    Opt.L2NormalizationQuantized.Int8(outer, depth, zp, x, got);
                    Assert.True(want.AsSpan().SequenceEqual(got), $"l2 int8 {outer}x{depth} zp {zp} mode {mode}");
                    Opt.L2NormalizationQuantized.Int8(outer, depth, zp, x, x); // in place
                    Assert.True(want.AsSpan().SequenceEqual(x), $"l2 int8 in place {outer}x{depth} zp {zp}");
                }
    }

    [Fact]
    public void L2NormalizationUInt8_BitExact()
    {
        var rng = new Random(25);
        foreach (int depth in Depths)
            foreach (int zp in new[] { 0, 255, 128, rng.Next(0, 256), -300, 300 })
                foreach (int mode in new[] { 0, 1, 2 })
                {
                    int outer = rng.Next(1, 6);
                    var x = new byte[outer * depth];
                    for (int i = 0; i < x.Length; i++)
                        x[i] = mode switch { 0 => (byte)rng.Next(0, 256), 1 => (byte)Math.Clamp(zp + rng.Next(-1, 2), 0, 255), _ => (byte)Math.Clamp(zp, 0, 255) };
                    var want = new byte[x.Length];
                    var got = new byte[x.Length];
                    RefL2.UInt8(outer, depth, zp, x, want);
                    Opt.L2NormalizationQuantized.UInt8(outer, depth, zp, x, got);
                    Assert.True(want.AsSpan().SequenceEqual(got), $"l2 uint8 {outer}x{depth} zp {zp} mode {mode}");
                    Opt.L2NormalizationQuantized.UInt8(outer, depth, zp, x, x); // in place
                    Assert.True(want.AsSpan().SequenceEqual(x), $"l2 uint8 in place {outer}x{depth} zp {zp}");
                }
    }

    [Fact]
    public void L2Normalization_BadSizes_Throw()
    {
        Assert.Throws<ArgumentException>(() => Opt.L2NormalizationQuantized.Int8(2, 8, 0, new sbyte[15], new sbyte[16]));
        Assert.Throws<ArgumentException>(() => Opt.L2NormalizationQuantized.UInt8(-1, 8, 0, new byte[8], new byte[8]));
    }
}
