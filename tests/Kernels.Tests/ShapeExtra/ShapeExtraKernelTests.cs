using ManagedLite.Kernels.Reference;
using Xunit;
using Opt = ManagedLite.Kernels.Optimized;

namespace ManagedLite.Kernels.Tests.ShapeExtra;

/// <summary>
/// TILE, BROADCAST_TO, REVERSE_V2 and DYNAMIC_UPDATE_SLICE: hand-worked values, optimized against reference on seeded
/// random shapes (dimensions 0..9, so blocks below, at and above the copy sizes the optimized kernels special-case),
/// and argument checks.
/// </summary>
public class ShapeExtraKernelTests
{
    private static int Size(int[] shape) => shape.Aggregate(1, (a, b) => a * b);

    private static int[] Iota(int n) => Enumerable.Range(0, n).ToArray();

    private static int[] RandomShape(Random rng, int rank, int max = 5) => Enumerable.Range(0, rank).Select(_ => rng.Next(0, max + 1)).ToArray();

    [Fact]
    public void Tile_HandWorked()
    {
        // [[0, 1], [2, 3]] tiled [2, 3]
        var r = new int[24];
        Tile.Run([2, 2], Iota(4), [2, 3], r);
        Assert.Equal([0, 1, 0, 1, 0, 1, 2, 3, 2, 3, 2, 3, 0, 1, 0, 1, 0, 1, 2, 3, 2, 3, 2, 3], r);
        var o = new int[24];
        Opt.Tile.Run([2, 2], Iota(4), [2, 3], o);
        Assert.Equal(r, o);
        var scalar = new int[1];
        Opt.Tile.Run([], [7], [], scalar);
        Assert.Equal(7, scalar[0]);
    }

    [Fact]
    public void Tile_OptimizedMatchesReference_Random()
    {
        var rng = new Random(31);
        for (int iter = 0; iter < 300; iter++)
        {
            int rank = rng.Next(1, 6);
            var shape = RandomShape(rng, rank, 4);
            var mult = RandomShape(rng, rank, 3);
            int n = Size(shape);
            var input = Enumerable.Range(0, n).Select(_ => (short)rng.Next()).ToArray();
            int m = Size(shape.Zip(mult, (a, b) => a * b).ToArray());
            var r = new short[m];
            var o = new short[m];
            Tile.Run(shape, input, mult, r);
            Opt.Tile.Run(shape, input, mult, o);
            Assert.Equal(r, o);
        }
    }

    [Fact]
    public void Tile_RejectsBadArguments()
    {
        Assert.Throws<ArgumentException>(() => Tile.Run([2], new int[2], [-1], new int[0]));
        Assert.Throws<ArgumentException>(() => Tile.Run([2], new int[2], [1, 1], new int[2]));
        Assert.Throws<ArgumentException>(() => Opt.Tile.Run([2], new int[2], [2], new int[3]));
        Assert.Throws<ArgumentException>(() => Tile.Run([65536], new int[65536], [65536], new int[1]));
    }

    [Fact]
    public void BroadcastTo_HandWorked()
    {
        // [3, 1] -> [2, 3, 2]
        var r = new int[12];
        BroadcastTo.Run([3, 1], [1, 2, 3], [2, 3, 2], r);
        Assert.Equal([1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3], r);
        var o = new int[12];
        Opt.BroadcastTo.Run([3, 1], [1, 2, 3], [2, 3, 2], o);
        Assert.Equal(r, o);
    }

    [Fact]
    public void BroadcastTo_OptimizedMatchesReference_Random()
    {
        var rng = new Random(32);
        for (int iter = 0; iter < 300; iter++)
        {
            int rank = rng.Next(0, 6);
            var outShape = RandomShape(rng, rank, 5);
            int inRank = rng.Next(0, rank + 1);
            var inShape = outShape[(rank - inRank)..].Select(d => rng.Next(2) == 0 ? 1 : d).ToArray();
            var input = Enumerable.Range(0, Size(inShape)).Select(_ => rng.NextDouble()).ToArray();
            var r = new double[Size(outShape)];
            var o = new double[r.Length];
            BroadcastTo.Run(inShape, input, outShape, r);
            Opt.BroadcastTo.Run(inShape, input, outShape, o);
            Assert.Equal(r, o);
        }
    }

    [Fact]
    public void BroadcastTo_RejectsIncompatibleShapes()
    {
        Assert.Throws<ArgumentException>(() => BroadcastTo.Run([2], new int[2], [3], new int[3]));
        Assert.Throws<ArgumentException>(() => Opt.BroadcastTo.Run([1, 2], new int[2], [2], new int[2]));
    }

    [Fact]
    public void ReverseV2_HandWorked()
    {
        var r = new int[6];
        ReverseV2.Run([2, 3], Iota(6), [false, true], r);
        Assert.Equal([2, 1, 0, 5, 4, 3], r);
        ReverseV2.Run([2, 3], Iota(6), [true, true], r);
        Assert.Equal([5, 4, 3, 2, 1, 0], r);
        Opt.ReverseV2.Run([2, 3], Iota(6), [true, false], r);
        Assert.Equal([3, 4, 5, 0, 1, 2], r);
    }

    [Fact]
    public void ReverseV2_OptimizedMatchesReference_Random()
    {
        var rng = new Random(33);
        for (int iter = 0; iter < 300; iter++)
        {
            int rank = rng.Next(1, 6);
            var shape = RandomShape(rng, rank, 5);
            var reverse = Enumerable.Range(0, rank).Select(_ => rng.Next(2) == 0).ToArray();   // any pattern; non-runs fall back
            var input = Enumerable.Range(0, Size(shape)).Select(_ => (byte)rng.Next(256)).ToArray();
            var r = new byte[input.Length];
            var o = new byte[input.Length];
            ReverseV2.Run(shape, input, reverse, r);
            Opt.ReverseV2.Run(shape, input, reverse, o);
            Assert.Equal(r, o);
        }
    }

    [Fact]
    public void DynamicUpdateSlice_ClampsAndMatchesReference_Random()
    {
        var rng = new Random(34);
        for (int iter = 0; iter < 300; iter++)
        {
            int rank = rng.Next(0, 5);
            var shape = RandomShape(rng, rank, 6);
            var update = shape.Select(d => rng.Next(0, d + 1)).ToArray();
            var start = shape.Select(d => (long)rng.Next(-3, d + 4)).ToArray();
            var operand = Enumerable.Range(0, Size(shape)).Select(_ => rng.Next()).ToArray();
            var values = Enumerable.Range(0, Size(update)).Select(_ => rng.Next()).ToArray();
            var r = new int[operand.Length];
            var o = new int[operand.Length];
            DynamicUpdateSlice.Run(shape, operand, update, values, start, r);
            Opt.DynamicUpdateSlice.Run(shape, operand, update, values, start, o);
            Assert.Equal(r, o);
            // Every element is the operand's or, inside the clamped window, the update's.
            var begin = new int[rank];
            DynamicUpdateSlice.ClampStart(shape, update, start, begin);
            for (int k = 0; k < r.Length; k++)
            {
                int rem = k, u = 0;
                bool inside = true;
                for (int d = rank - 1, stride = 1; d >= 0; d--)
                {
                    int c = rem % shape[d] - begin[d];
                    rem /= shape[d];
                    if (c < 0 || c >= update[d]) inside = false;
                    else u += c * stride;
                    stride *= update[d];
                }
                Assert.Equal(inside ? values[u] : operand[k], r[k]);
            }
        }
    }

    [Fact]
    public void DynamicUpdateSlice_RejectsAnUpdateLargerThanTheOperand() =>
        Assert.Throws<ArgumentException>(() => DynamicUpdateSlice.Run([2, 2], new int[4], [3, 1], new int[3], [0, 0], new int[4]));
}
