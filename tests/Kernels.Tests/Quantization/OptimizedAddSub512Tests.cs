using System.Numerics;
using System.Runtime.InteropServices;
using ManagedLite.Kernels.Elementwise;
using ManagedLite.Kernels.Params;
using Xunit;
using Opt = ManagedLite.Kernels.Optimized.Quantized;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Tests.Quantization;

/// <summary>
/// The 16-lane (AVX-512F) int8 / uint8 ADD and SUB against the reference operator, bit for bit: random lengths 1..200 and
/// lengths around multiples of 16, 32 and 64, random parameters across the exact-vector range (as
/// <see cref="OptimizedAddInt8Tests"/> draws them), same shape and a scalar on either side (below and above the lookup
/// threshold), in place, fused activation ranges.
/// Where AVX-512F is missing the dispatching kernels are still checked (they take the 8-lane path).
/// </summary>
public class OptimizedAddSub512Tests
{
    public static TheoryData<int> Lengths()
    {
        var set = new SortedSet<int> { 1, 2, 200 };
        foreach (int m in new[] { 16, 32, 48, 64, 128, 192 })
            foreach (int n in new[] { m - 1, m, m + 1 }) set.Add(n);
        var r = new Random(512);
        while (set.Count < 34) set.Add(r.Next(1, 201));
        // scalar-operand runs switch to the 256-entry lookup at AddSubVector512.LookupThreshold elements; 64 per step there
        foreach (int n in new[] { 255, 256, 257, 319, 320, 321, 383, 1000 }) set.Add(n);
        var d = new TheoryData<int>();
        foreach (int n in set) d.Add(n);
        return d;
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Int8MatchesReference(int n) => Check(n, signed: true, r => r.Int8(n), (r, k) => r.Int8(k));

    [Theory]
    [MemberData(nameof(Lengths))]
    public void UInt8MatchesReference(int n) => Check(n, signed: false, r => r.UInt8(n), (r, k) => r.UInt8(k));

    private static void Check<T>(int n, bool signed, Func<QuantRandom, T[]> gen, Func<QuantRandom, int, T[]> genK)
        where T : unmanaged, IBinaryInteger<T>
    {
        var r = new QuantRandom((signed ? 70_000 : 71_000) + n);
        int qmin = signed ? -128 : 0, qmax = signed ? 127 : 255;
        int[] full = [n], one = [1];
        int valid = 0;
        for (int trial = 0; trial < 16; trial++)
        {
            float s1 = MathF.Pow(2, r.Next(-100, 0) / 10f), s2 = MathF.Pow(2, r.Next(-100, 0) / 10f), so = MathF.Pow(2, r.Next(-80, 10) / 10f);
            int z1 = trial switch { 0 => qmin, 1 => qmax, _ => r.Next(qmin, qmax) };
            int z2 = trial switch { 0 => qmax, 1 => qmin, _ => r.Next(qmin, qmax) };
            int zo = r.Next(qmin, qmax);
            int lo = trial % 3 == 0 ? zo : qmin, hi = trial % 4 == 0 ? Math.Max(zo, r.Next(qmin + (qmax - qmin) / 2, qmax)) : qmax;
            QuantizedAddSubParams p;
            try { p = QuantizedAddSubParams.General(s1, z1, s2, z2, so, zo, false, lo, hi); }
            catch (ArgumentOutOfRangeException) { continue; }
            if (!Opt.AddQuantized.VectorSupported(p)) continue;
            valid++;
            foreach (bool subtract in new[] { false, true })
            {
                // same shape, then a scalar as input 1, then a scalar as input 2
                CheckOne(p, subtract, full, gen(r), full, gen(r), inPlace: 1);
                CheckOne(p, subtract, full, gen(r), full, gen(r), inPlace: 2);
                CheckOne(p, subtract, one, genK(r, 1), full, gen(r), inPlace: 2);
                CheckOne(p, subtract, full, gen(r), one, genK(r, 1), inPlace: 1);
                // left shifts outside the 32-bit split form's range (L = 0, 25 and 31, the last wrapping in int32 as the
                // reference does): the same-shape loop falls back to the 64-bit SRDHM
                foreach (int leftShift in new[] { 0, 25, 31 })
                    CheckOne(p with { LeftShift = leftShift }, subtract, full, gen(r), full, gen(r), inPlace: 1);
            }
        }
        Assert.True(valid >= 8, $"only {valid} parameter sets were valid");
    }

    private static void CheckOne<T>(in QuantizedAddSubParams p, bool subtract, int[] shape1, T[] a, int[] shape2, T[] b, int inPlace)
        where T : unmanaged, IBinaryInteger<T>
    {
        var plan = BroadcastPlan.Create(shape1, shape2);
        var expected = new T[plan.OutputLength];
        if (subtract) Ref.SubQuantized.Run(p, shape1, a, shape2, b, plan.OutputShape, expected);
        else Ref.AddQuantized.Run(p, shape1, a, shape2, b, plan.OutputShape, expected);

        var actual = new T[plan.OutputLength];
        if (subtract) Opt.SubQuantized.Run(p, plan, a, b, actual);
        else Opt.AddQuantized.Run(p, plan, a, b, actual);
        Assert.Equal(expected, actual);

        if (Opt.AddSubVector512.IsSupported)
        {
            // the 16-lane kernel itself, not only through the dispatch
            var direct = new T[plan.OutputLength];
            Assert.True(Opt.AddQuantized.TryRun512(p, subtract, plan, a, b, direct));
            Assert.Equal(expected, direct);
        }

        // in place: the output aliases the non-scalar input
        T[] target = inPlace == 1 ? (T[])a.Clone() : (T[])b.Clone();
        if (target.Length != plan.OutputLength) return;
        ReadOnlySpan<T> x = inPlace == 1 ? target : a, y = inPlace == 2 ? target : b;
        if (subtract) Opt.SubQuantized.Run(p, plan, x, y, target);
        else Opt.AddQuantized.Run(p, plan, x, y, target);
        Assert.Equal(expected, target);
    }
}
