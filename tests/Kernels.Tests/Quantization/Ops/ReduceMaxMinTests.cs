using System.Numerics;
using Xunit;
using Opt = ManagedLite.Kernels.Optimized.Quantized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Kernels.Tests.Quantization.Ops;

/// <summary>Vectorized REDUCE_MAX / REDUCE_MIN (int8, uint8, int16, int32) against the reference generic walk, byte for byte.</summary>
public class ReduceMaxMinTests
{
    private static void Check<T>(int[] shape, bool[] reduced, Random rng) where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        int n = shape.Aggregate(1, (p, d) => p * d);
        int m = 1;
        for (int d = 0; d < shape.Length; d++) if (!reduced[d]) m *= shape[d];
        var x = MaximumMinimumVectorTests.Random<T>(rng, n);
        string what = $"{typeof(T).Name} [{string.Join(",", shape)}] reduced [{string.Join(",", reduced)}]";
        var e = new T[m]; var a = new T[m];
        Ref.ReduceGeneric.Run<T, Ref.ReduceGeneric.MaxOf<T>>(shape, x, reduced, e);
        Opt.ReduceMaxMin.Max<T>(shape, x, reduced, a);
        Assert.True(e.AsSpan().SequenceEqual(a), "max " + what);
        Ref.ReduceGeneric.Run<T, Ref.ReduceGeneric.MinOf<T>>(shape, x, reduced, e);
        Opt.ReduceMaxMin.Min<T>(shape, x, reduced, a);
        Assert.True(e.AsSpan().SequenceEqual(a), "min " + what);
    }

    private static void AllShapes<T>() where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        var rng = new Random(99);
        foreach (int n in MaximumMinimumVectorTests.Lengths)
        {
            Check<T>([n], [true], rng);                       // all reduced
            Check<T>([3, n], [false, true], rng);             // innermost run
            Check<T>([n, 3], [true, false], rng);             // outer rows, short inner
            Check<T>([2, 3, n], [false, true, false], rng);   // middle block, inner row of n
            Check<T>([1, 2, 3, n], [false, true, true, false], rng); // H, W of NHWC
            Check<T>([1, 2, n, 5], [false, false, true, true], rng);
            Check<T>([2, n, 3], [true, false, true], rng);    // not one block: reference path
        }
        Check<T>([1, 56, 56, 96], [false, true, true, false], rng);
        Check<T>([1, 56, 56, 96], [false, false, false, true], rng);
        Check<T>([1, 1, 1, 96], [false, true, true, false], rng);
    }

    [Fact] public void Int8MatchesReference() => AllShapes<sbyte>();
    [Fact] public void UInt8MatchesReference() => AllShapes<byte>();
    [Fact] public void Int16MatchesReference() => AllShapes<short>();
    [Fact] public void Int32MatchesReference() => AllShapes<int>();

    [Fact]
    public void ExtremesAndHandValues()
    {
        sbyte[] x = [-128, 5, 127, -7, 0, -128];
        var y = new sbyte[2];
        Opt.ReduceMaxMin.Max<sbyte>([2, 3], x, [false, true], y);
        Assert.Equal(new sbyte[] { 127, 0 }, y);
        Opt.ReduceMaxMin.Min<sbyte>([2, 3], x, [false, true], y);
        Assert.Equal(new sbyte[] { -128, -128 }, y);
        var z = new sbyte[3];
        Opt.ReduceMaxMin.Max<sbyte>([2, 3], x, [true, false], z);
        Assert.Equal(new sbyte[] { -7, 5, 127 }, z);
    }
}
