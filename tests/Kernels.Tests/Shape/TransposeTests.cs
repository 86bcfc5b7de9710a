using Xunit;
using ManagedLite.Kernels.Reference;
using Opt = ManagedLite.Kernels.Optimized;

namespace ManagedLite.Kernels.Tests.Shape;

public class TransposeTests
{
    [Fact]
    public void Transpose2D()
    {
        int[] input = [0, 1, 2, 3, 4, 5];
        var output = new int[6];
        Transpose.Run<int>([3, 2], [1, 0], input, output);
        Assert.Equal([0, 2, 4, 1, 3, 5], output);
        Opt.Transpose.Run<int>([3, 2], [1, 0], input, output);
        Assert.Equal([0, 2, 4, 1, 3, 5], output);
    }

    [Fact]
    public void Transpose3D_MatchesTfliteTest()
    {
        int[] input = Enumerable.Range(0, 24).ToArray();
        int[] expected = [0, 4, 8, 12, 16, 20, 1, 5, 9, 13, 17, 21, 2, 6, 10, 14, 18, 22, 3, 7, 11, 15, 19, 23];
        var output = new int[24];
        Transpose.Run<int>([2, 3, 4], [2, 0, 1], input, output);
        Assert.Equal(expected, output);
        Opt.Transpose.Run<int>([2, 3, 4], [2, 0, 1], input, output);
        Assert.Equal(expected, output);
    }

    [Fact]
    public void RejectsBadPerm()
    {
        var output = new int[6];
        Assert.Throws<ArgumentException>(() => Transpose.Run<int>([3, 2], [0, 0], new int[6], output));
        Assert.Throws<ArgumentException>(() => Transpose.Run<int>([3, 2], [0, 2], new int[6], output));
        Assert.Throws<ArgumentException>(() => Opt.Transpose.Run<int>([3, 2], [0], new int[6], output));
        Assert.Throws<ArgumentException>(() => Transpose.Run<int>([1, 1, 1, 1, 1, 1, 1, 1, 1], [0, 1, 2, 3, 4, 5, 6, 7, 8], new int[1], new int[1]));
    }

    [Fact]
    public void OptimizedMatchesReference_Random()
    {
        var rng = new Random(99);
        for (int iter = 0; iter < 400; iter++)
        {
            int rank = rng.Next(1, 9);
            var shape = Enumerable.Range(0, rank).Select(_ => rng.Next(4) == 0 ? 1 : rng.Next(1, rank <= 3 ? 20 : 5)).ToArray();
            var perm = Enumerable.Range(0, rank).OrderBy(_ => rng.Next()).ToArray();
            int n = shape.Aggregate(1, (a, b) => a * b);
            var input = Enumerable.Range(0, n).Select(i => (long)i * 7 + 3).ToArray();
            var r = new long[n];
            var o = new long[n];
            Transpose.Run<long>(shape, perm, input, r);
            Opt.Transpose.Run<long>(shape, perm, input, o);
            Assert.Equal(r, o);
            // Independent check: output coordinate c maps to input coordinate x[perm[i]] = c[i].
            var outShape = perm.Select(p => shape[p]).ToArray();
            int probe = rng.Next(n);
            var c = new int[rank];
            for (int d = rank - 1, t = probe; d >= 0; d--) { c[d] = t % outShape[d]; t /= outShape[d]; }
            var x = new int[rank];
            for (int i = 0; i < rank; i++) x[perm[i]] = c[i];
            long flat = 0;
            for (int d = 0; d < rank; d++) flat = flat * shape[d] + x[d];
            Assert.Equal(input[flat], r[probe]);
        }
    }

    /// <summary>The tiled 2-D path (and its batched form, NCHW -> NHWC) at sizes around the 16-element tile.</summary>
    [Theory]
    [InlineData(1, 3, 224, 224)] [InlineData(2, 3, 17, 33)] [InlineData(1, 16, 16, 1)] [InlineData(3, 15, 1, 17)]
    [InlineData(1, 1, 31, 47)] [InlineData(2, 33, 2, 8)]
    public void TiledTransposeMatchesReference(int n, int c, int h, int w)
    {
        int[] shape = [n, c, h, w];
        var rng = new Random(n * 1000 + c * 100 + h + w);
        var input = new sbyte[n * c * h * w];
        rng.NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(input.AsSpan()));
        foreach (int[] perm in new[] { new[] { 0, 2, 3, 1 }, new[] { 0, 3, 1, 2 }, new[] { 3, 2, 1, 0 }, new[] { 1, 0, 2, 3 } })
        {
            var want = new sbyte[input.Length];
            var got = new sbyte[input.Length];
            Transpose.Run<sbyte>(shape, perm, input, want);
            Opt.Transpose.Run<sbyte>(shape, perm, input, got);
            Assert.True(want.AsSpan().SequenceEqual(got), $"[{string.Join(",", shape)}] perm [{string.Join(",", perm)}]");
        }
    }
}
