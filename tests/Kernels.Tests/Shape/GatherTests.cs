using Xunit;
using ManagedLite.Kernels.Reference;
using Opt = ManagedLite.Kernels.Optimized;

namespace ManagedLite.Kernels.Tests.Shape;

public class GatherTests
{
    private static T[] Run<T, TI>(T[] input, TI[] indices, int batch, int outer, int axis, int inner)
        where T : unmanaged where TI : unmanaged, System.Numerics.IBinaryInteger<TI>
    {
        int n = batch == 0 ? 0 : outer * indices.Length * inner;
        var r = new T[n];
        var o = new T[n];
        Assert.True(Gather.TryRun<T, TI>(input, indices, batch, outer, axis, inner, r, out _, out _));
        Assert.True(Opt.Gather.TryRun<T, TI>(input, indices, batch, outer, axis, inner, o, out _, out _));
        Assert.Equal(r, o);
        return r;
    }

    [Fact]
    public void Axis0_MatchesTfliteTest() =>
        Assert.Equal([0.7f, 0.8f, -2f, 0.2f], Run([-2f, 0.2f, 0.7f, 0.8f], new[] { 1, 0 }, 1, 1, 2, 2));

    [Fact]
    public void Axis1_Int64Indices() =>
        // input [1,2,3], indices {1,0}, axis 1 -> [1,2,3] rows swapped
        Assert.Equal([4, 5, 6, 1, 2, 3], Run([1, 2, 3, 4, 5, 6], new long[] { 1, 0 }, 1, 1, 2, 3));

    [Fact]
    public void BatchDims1()
    {
        // input [2,3], indices [2,2] = {{0,2},{1,1}}, axis 1, batch_dims 1 -> {{1,3},{5,5}}
        Assert.Equal([1, 3, 5, 5], Run([1, 2, 3, 4, 5, 6], new[] { 0, 2, 1, 1 }, 2, 1, 3, 1));
    }

    [Fact]
    public void OutOfRangeIndexIsReportedNotRead()
    {
        var output = new float[4];
        Assert.False(Gather.TryRun<float, int>([1f, 2f, 3f, 4f], [1, 2], 1, 1, 2, 2, output, out long bad, out int pos));
        Assert.Equal(2, bad);
        Assert.Equal(1, pos);
        Assert.False(Opt.Gather.TryRun<float, long>([1f, 2f, 3f, 4f], [-1, 0], 1, 1, 2, 2, output, out bad, out pos));
        Assert.Equal(-1, bad);
        Assert.Equal(0, pos);
        Assert.False(Opt.Gather.TryRun<float, long>([1f, 2f, 3f, 4f], [0, long.MaxValue], 1, 1, 2, 2, output, out bad, out _));
        Assert.Equal(long.MaxValue, bad);
    }

    [Fact]
    public void RejectsMismatchedLengths()
    {
        Assert.Throws<ArgumentException>(() => Gather.TryRun<int, int>(new int[5], [0], 1, 1, 2, 2, new int[2], out _, out _));
        Assert.Throws<ArgumentException>(() => Gather.TryRun<int, int>(new int[4], [0, 1], 1, 1, 2, 2, new int[3], out _, out _));
    }

    [Fact]
    public void OptimizedMatchesReference_Random()
    {
        var rng = new Random(8);
        for (int iter = 0; iter < 200; iter++)
        {
            int batch = rng.Next(1, 3), outer = rng.Next(1, 4), axis = rng.Next(1, 9), inner = rng.Next(1, 34);
            var input = Enumerable.Range(0, batch * outer * axis * inner).Select(_ => (sbyte)rng.Next(-128, 128)).ToArray();
            var indices = Enumerable.Range(0, batch * rng.Next(0, 6)).Select(_ => rng.Next(axis)).ToArray();
            var r = Run(input, indices, batch, outer, axis, inner);
            // independent check of one element
            if (r.Length > 0)
            {
                int coords = indices.Length / batch;
                int k = rng.Next(r.Length);
                int j = k % inner, i = k / inner % coords, o = k / inner / coords % outer, b = k / inner / coords / outer;
                Assert.Equal(input[((b * outer + o) * axis + indices[b * coords + i]) * inner + j], r[k]);
            }
        }
    }
}
