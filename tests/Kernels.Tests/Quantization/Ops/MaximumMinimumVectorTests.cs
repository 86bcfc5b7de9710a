using System.Numerics;
using ManagedLite.Kernels.Elementwise;
using Xunit;
using Opt = ManagedLite.Kernels.Optimized.Quantized;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Tests.Quantization.Ops;

/// <summary>Vectorized MAXIMUM / MINIMUM (int8, uint8, int16) against the reference, byte for byte, around every vector width.</summary>
public class MaximumMinimumVectorTests
{
    internal static readonly int[] Lengths = [.. Enumerable.Range(0, 71), 127, 128, 129, 255, 256, 257];

    internal static T[] Random<T>(Random rng, int n) where T : unmanaged, IBinaryInteger<T>
    {
        var a = new T[n];
        for (int i = 0; i < n; i++) a[i] = T.CreateTruncating(rng.Next());
        return a;
    }

    private static void Check<T>(int[] sa, int[] sb, Random rng) where T : unmanaged, IBinaryInteger<T>
    {
        var plan = BroadcastPlan.Create(sa, sb);
        int na = sa.Aggregate(1, (p, d) => p * d), nb = sb.Aggregate(1, (p, d) => p * d);
        var a = Random<T>(rng, na);
        var b = Random<T>(rng, nb);
        foreach (bool max in new[] { true, false })
        {
            var expected = new T[plan.OutputLength];
            var actual = new T[plan.OutputLength];
            if (max) { Ref.MaximumMinimumQuantized.Maximum(sa, a, sb, b, plan.OutputShape, expected); Opt.MaximumMinimumQuantized.Maximum(plan, a, b, actual); }
            else { Ref.MaximumMinimumQuantized.Minimum(sa, a, sb, b, plan.OutputShape, expected); Opt.MaximumMinimumQuantized.Minimum(plan, a, b, actual); }
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"{typeof(T).Name} {(max ? "max" : "min")} [{string.Join(",", sa)}] x [{string.Join(",", sb)}]");

            // In place over the full-size operand.
            if (na == plan.OutputLength)
            {
                var inPlace = (T[])a.Clone();
                if (max) Opt.MaximumMinimumQuantized.Maximum<T>(plan, inPlace, b, inPlace); else Opt.MaximumMinimumQuantized.Minimum<T>(plan, inPlace, b, inPlace);
                Assert.True(expected.AsSpan().SequenceEqual(inPlace), $"{typeof(T).Name} {(max ? "max" : "min")} in place [{string.Join(",", sa)}] x [{string.Join(",", sb)}]");
            }
        }
    }

    private static void AllShapes<T>() where T : unmanaged, IBinaryInteger<T>
    {
        var rng = new Random(1234);
        foreach (int n in Lengths)
        {
            Check<T>([n], [n], rng);
            Check<T>([n], [1], rng);
            Check<T>([1], [n], rng);
            Check<T>([1, 3, 2, n], [1, 1, 1, n], rng);
            Check<T>([1, 1, 1, n], [1, 3, 2, n], rng);
            Check<T>([2, n, 1], [2, n, 3], rng);
        }
        Check<T>([1, 56, 56, 96], [1, 1, 1, 96], rng);
        Check<T>([1, 5, 7, 96], [1, 5, 7, 96], rng);
        Check<T>([3, 1, 5], [1, 4, 5], rng);
    }

    [Fact] public void Int8MatchesReference() => AllShapes<sbyte>();
    [Fact] public void UInt8MatchesReference() => AllShapes<byte>();
    [Fact] public void Int16MatchesReference() => AllShapes<short>();

    [Fact]
    public void ExtremesCompareAsStoredValues()
    {
        sbyte[] a = [-128, 127, 0, -1, 5];
        sbyte[] b = [127, -128, -1, 0, 5];
        var plan = BroadcastPlan.Create([5], [5]);
        var y = new sbyte[5];
        Opt.MaximumMinimumQuantized.Maximum<sbyte>(plan, a, b, y);
        Assert.Equal(new sbyte[] { 127, 127, 0, 0, 5 }, y);
        byte[] ua = Enumerable.Range(0, 40).Select(i => (byte)(i * 7)).ToArray();
        byte[] ub = Enumerable.Range(0, 40).Select(i => (byte)(255 - i * 5)).ToArray();
        var uy = new byte[40];
        Opt.MaximumMinimumQuantized.Minimum<byte>(BroadcastPlan.Create([40], [40]), ua, ub, uy);
        Assert.Equal(ua.Zip(ub, (p, q) => Math.Min(p, q)).Select(v => (byte)v).ToArray(), uy);
    }
}
