using Xunit;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Kernels.Tests.Shape;

/// <summary>Optimized SPACE_TO_DEPTH and DEPTH_TO_SPACE (run copies) against the reference, element for element.</summary>
public class SpaceDepthTests
{
    private static readonly int[] Depths = [1, 2, 3, 4, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65];

    private static T[] Random<T>(int n, Random rng) where T : unmanaged
    {
        var a = new T[n];
        rng.NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan()));
        return a;
    }

    private static void Check<T>(Random rng) where T : unmanaged, IEquatable<T>
    {
        foreach (int depth in Depths)
            foreach (int bs in new[] { 1, 2, 3, 4 })
            {
                int n = rng.Next(1, 3), h = rng.Next(1, 5) * bs, w = rng.Next(1, 6) * bs;
                int[] s2dShape = [n, h, w, depth];
                var input = Random<T>(n * h * w * depth, rng);
                var want = new T[input.Length];
                var got = new T[input.Length];
                Ref.SpaceToDepth.Run<T>(s2dShape, input, bs, want);
                Opt.SpaceToDepth.Run<T>(s2dShape, input, bs, got);
                Assert.True(want.AsSpan().SequenceEqual(got), $"space_to_depth {typeof(T).Name} {string.Join(",", s2dShape)} bs={bs}");

                // depth_to_space of [n, h/bs, w/bs, depth*bs*bs] (inverting the first) and of a depth that is only bs*bs * depth.
                int[] d2sShape = [n, h / bs, w / bs, depth * bs * bs];
                Array.Clear(got);
                Opt.DepthToSpace.Run<T>(d2sShape, want, bs, got);
                Assert.True(input.AsSpan().SequenceEqual(got), $"depth_to_space roundtrip {typeof(T).Name} {string.Join(",", d2sShape)} bs={bs}");
                var want2 = new T[input.Length];
                Ref.DepthToSpace.Run<T>(d2sShape, input, bs, want2);
                Opt.DepthToSpace.Run<T>(d2sShape, input, bs, got);
                Assert.True(want2.AsSpan().SequenceEqual(got), $"depth_to_space {typeof(T).Name} {string.Join(",", d2sShape)} bs={bs}");
            }
    }

    [Fact] public void Bytes_Identical() => Check<byte>(new Random(1));
    [Fact] public void Int16_Identical() => Check<short>(new Random(2));
    [Fact] public void Float_Identical() => Check<float>(new Random(3));
    [Fact] public void Int64_Identical() => Check<long>(new Random(4));

    [Fact]
    public void LongRuns_Identical()
    {
        // Runs past 64 bytes and past 2 KiB (the span-copy path).
        var rng = new Random(5);
        foreach (int[] shape in new[] { new[] { 1, 4, 4, 300 }, new[] { 2, 6, 6, 132 }, new[] { 1, 2, 2, 1200 } })
        {
            var input = Random<float>(shape.Aggregate(1, (a, b) => a * b), rng);
            var want = new float[input.Length];
            var got = new float[input.Length];
            Ref.SpaceToDepth.Run<float>(shape, input, 2, want);
            Opt.SpaceToDepth.Run<float>(shape, input, 2, got);
            Assert.True(want.AsSpan().SequenceEqual(got));
            Ref.DepthToSpace.Run<float>(shape, input, 2, want);
            Opt.DepthToSpace.Run<float>(shape, input, 2, got);
            Assert.True(want.AsSpan().SequenceEqual(got));
        }
    }

    [Fact]
    public void EmptyAndBadShapes()
    {
        Opt.SpaceToDepth.Run<byte>([0, 4, 4, 3], ReadOnlySpan<byte>.Empty, 2, Span<byte>.Empty);
        Opt.DepthToSpace.Run<byte>([1, 2, 2, 0], ReadOnlySpan<byte>.Empty, 2, Span<byte>.Empty);
        Assert.Throws<ArgumentException>(() => Opt.SpaceToDepth.Run<byte>([1, 3, 4, 1], new byte[12], 2, new byte[12]));
        Assert.Throws<ArgumentException>(() => Opt.SpaceToDepth.Run<byte>([1, 4, 4, 1], new byte[16], 0, new byte[16]));
        Assert.Throws<ArgumentException>(() => Opt.SpaceToDepth.Run<byte>([1, 4, 4, 1], new byte[15], 2, new byte[16]));
        Assert.Throws<ArgumentException>(() => Opt.SpaceToDepth.Run<byte>([4, 4, 1], new byte[16], 2, new byte[16]));
        Assert.Throws<ArgumentException>(() => Opt.DepthToSpace.Run<byte>([1, 2, 2, 6], new byte[24], 2, new byte[24]));
        Assert.Throws<ArgumentException>(() => Opt.DepthToSpace.Run<byte>([1, 2, 2, 4], new byte[16], 2, new byte[15]));
        Assert.Throws<ArgumentException>(() => Opt.DepthToSpace.Run<byte>([1, 2, 2, 4], new byte[16], -1, new byte[16]));
    }
}
