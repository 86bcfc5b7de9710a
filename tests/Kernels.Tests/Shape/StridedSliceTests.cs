using Xunit;
using ManagedLite.Kernels.Reference;
using Opt = ManagedLite.Kernels.Optimized;

namespace ManagedLite.Kernels.Tests.Shape;

public class StridedSliceTests
{
    private static (int[] Shape, T[] Data) Slice<T>(int[] shape, T[] input, int[] begin, int[] end, int[] strides,
        int beginMask = 0, int endMask = 0, int ellipsisMask = 0, int newAxisMask = 0, int shrinkMask = 0, bool offset = false)
        where T : unmanaged
    {
        var p = StridedSliceParams.Resolve(shape, begin, end, strides, beginMask, endMask, ellipsisMask, newAxisMask, shrinkMask, offset);
        int n = p.Count.Aggregate(1, (a, b) => a * b);
        var r = new T[n];
        var o = new T[n];
        StridedSlice.Run<T>(p.EffectiveShape, input, p.Start, p.Stride, p.Count, r);
        Opt.StridedSlice.Run<T>(p.EffectiveShape, input, p.Start, p.Stride, p.Count, o);
        Assert.Equal(r, o);
        return (p.OutputShape, r);
    }

    private static readonly int[] OneToSix = [1, 2, 3, 4, 5, 6];

    [Fact]
    public void In1D() => Assert.Equal([2, 3], Slice([4], [1, 2, 3, 4], [1], [3], [1]).Data);

    [Fact]
    public void In1D_NegativeBegin() => Assert.Equal([2, 3], Slice([4], [1, 2, 3, 4], [-3], [3], [1]).Data);

    [Fact]
    public void In1D_NegativeStride() => Assert.Equal([3, 2, 1], Slice([3], [1, 2, 3], [-1], [-4], [-1]).Data);

    [Fact]
    public void In1D_EndMask() => Assert.Equal([2, 3, 4], Slice([4], [1, 2, 3, 4], [1], [3], [1], endMask: 1).Data);

    [Fact]
    public void In1D_ReverseWithMasks() => Assert.Equal([4, 3, 2, 1], Slice([4], [1, 2, 3, 4], [0], [0], [-1], beginMask: 1, endMask: 1).Data);

    [Fact]
    public void In1D_Stride2AndOutOfRangeEndClamps()
    {
        var (shape, data) = Slice([5], [1, 2, 3, 4, 5], [0], [100], [2]);
        Assert.Equal([3], shape);
        Assert.Equal([1, 3, 5], data);
    }

    [Fact]
    public void In2D_ShrinkAxis1()
    {
        var (shape, data) = Slice([2, 3], OneToSix, [0, 0], [1, 3], [1, 1], shrinkMask: 1);
        Assert.Equal([3], shape);
        Assert.Equal([1, 2, 3], data);
    }

    [Fact]
    public void In2D_ShrinkNegativeIndex()
    {
        // x[-1, 1] -> scalar 5
        var (shape, data) = Slice([2, 3], OneToSix, [-1, 1], [0, 0], [1, 1], shrinkMask: 3);
        Assert.Empty(shape);
        Assert.Equal([5], data);
    }

    [Fact]
    public void In3D_EllipsisThenShrink()
    {
        // x[..., 1] on [2,3,2] -> [2,3]
        int[] input = Enumerable.Range(1, 12).ToArray();
        var (shape, data) = Slice([2, 3, 2], input, [0, 1], [0, 2], [1, 1], ellipsisMask: 1, shrinkMask: 2);
        Assert.Equal([2, 3], shape);
        Assert.Equal([2, 4, 6, 8, 10, 12], data);
    }

    [Fact]
    public void In2D_NewAxis()
    {
        // x[newaxis, 0:1] on [2,3] -> [1,1,3]
        var (shape, data) = Slice([2, 3], OneToSix, [0, 0], [0, 1], [1, 1], newAxisMask: 1);
        Assert.Equal([1, 1, 3], shape);
        Assert.Equal([1, 2, 3], data);
    }

    [Fact]
    public void In2D_BeginFewerThanRank_RestIsFull()
    {
        // x[1:2] on [2,3] -> [1,3]
        var (shape, data) = Slice([2, 3], OneToSix, [1], [2], [1]);
        Assert.Equal([1, 3], shape);
        Assert.Equal([4, 5, 6], data);
    }

    [Fact]
    public void Offset_EndIsSize()
    {
        var (shape, data) = Slice([5], [1, 2, 3, 4, 5], [1], [2], [1], offset: true);
        Assert.Equal([2], shape);
        Assert.Equal([2, 3], data);
    }

    [Fact]
    public void RejectsZeroStrideAndOutOfRangeShrink()
    {
        Assert.Throws<ArgumentException>(() => StridedSliceParams.Resolve([4], [0], [4], [0], 0, 0, 0, 0, 0, false));
        Assert.Throws<ArgumentException>(() => StridedSliceParams.Resolve([4], [4], [5], [1], 0, 0, 0, 0, 1, false));
        Assert.Throws<ArgumentException>(() => StridedSliceParams.Resolve([4], [0, 0], [4], [1], 0, 0, 0, 0, 0, false));
        Assert.Throws<ArgumentException>(() => StridedSliceParams.Resolve([4], [0, 0, 0], [1, 1, 1], [1, 1, 1], 0, 0, 0, 0, 0, false));
    }

    [Fact]
    public void Kernel_RejectsRangesOutsideInput()
    {
        var output = new int[3];
        Assert.Throws<ArgumentException>(() => StridedSlice.Run<int>([4], new int[4], [2], [1], [3], output));
        Assert.Throws<ArgumentException>(() => Opt.StridedSlice.Run<int>([4], new int[4], [0], [-1], [3], output));
    }

    [Fact]
    public void OptimizedMatchesReference_Random()
    {
        var rng = new Random(77);
        for (int iter = 0; iter < 400; iter++)
        {
            int rank = rng.Next(1, 6);
            var shape = Enumerable.Range(0, rank).Select(_ => rng.Next(1, rank <= 2 ? 70 : 7)).ToArray();
            var begin = new int[rank];
            var end = new int[rank];
            var strides = new int[rank];
            for (int d = 0; d < rank; d++)
            {
                begin[d] = rng.Next(-shape[d] - 1, shape[d] + 1);
                end[d] = rng.Next(-shape[d] - 1, shape[d] + 2);
                strides[d] = rng.Next(2) == 0 ? rng.Next(1, 4) : -rng.Next(1, 4);
            }
            int bm = rng.Next(1 << rank), em = rng.Next(1 << rank);
            var input = Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).ToArray();
            var p = StridedSliceParams.Resolve(shape, begin, end, strides, bm, em, 0, 0, 0, false);
            int n = p.Count.Aggregate(1, (a, b) => a * b);
            var r = new int[n];
            var o = new int[n];
            StridedSlice.Run<int>(p.EffectiveShape, input, p.Start, p.Stride, p.Count, r);
            Opt.StridedSlice.Run<int>(p.EffectiveShape, input, p.Start, p.Stride, p.Count, o);
            Assert.Equal(r, o);
            // Independent check of the first axis against Python-style slicing on a 1-D view.
            if (rank == 1)
                Assert.Equal(PySlice(input, begin[0], end[0], strides[0], (bm & 1) != 0, (em & 1) != 0), r);
        }
    }

    private static int[] PySlice(int[] x, int b, int e, int s, bool noBegin, bool noEnd)
    {
        int n = x.Length;
        int start = noBegin ? (s > 0 ? 0 : n - 1) : (b < 0 ? Math.Max(b + n, s > 0 ? 0 : -1) : Math.Min(b, s > 0 ? n : n - 1));
        int stop = noEnd ? (s > 0 ? n : -1) : (e < 0 ? Math.Max(e + n, s > 0 ? 0 : -1) : Math.Min(e, s > 0 ? n : n - 1));
        var result = new List<int>();
        for (int i = start; s > 0 ? i < stop : i > stop; i += s) result.Add(x[i]);
        return result.ToArray();
    }
}
