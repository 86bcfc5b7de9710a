using ManagedLite.Kernels.Reference;
using Xunit;
using Range = ManagedLite.Kernels.Reference.Range;

namespace ManagedLite.Kernels.Tests.ShapeExtra;

/// <summary>
/// Edge cases of the reference-only shape kernels, checked against values worked out by hand (or by an independent
/// formula): RANGE sizes and accumulation, ONE_HOT, BROADCAST_ARGS, REVERSE_SEQUENCE, SPACE_TO_BATCH_ND /
/// BATCH_TO_SPACE_ND (inverse of each other), MATRIX_DIAG / MATRIX_SET_DIAG, and the strided-slice resolution that
/// STRIDED_SLICE's offset mode relies on.
/// </summary>
public class ShapeExtraReferenceTests
{
    [Fact]
    public void Range_CountsAsTflite()
    {
        Assert.Equal(5, Range.Count(0, 5, 1));
        Assert.Equal(3, Range.Count(0, 5, 2));
        Assert.Equal(0, Range.Count(4, 4, 1));
        Assert.Equal(4, Range.Count(10, 2, -2));
        Assert.Equal(4, Range.Count(-1.25f, 0f, 0.3125f));
        Assert.Equal(5, Range.Count(0f, 1f, 0.2f));   // 1 / 0.2f rounds to exactly 5 in float
        Assert.Equal(int.MaxValue, Range.Count(0L, int.MaxValue, 1L));
        Assert.Throws<ArgumentException>(() => Range.Count(0L, (long)int.MaxValue + 1, 1L));
        Assert.Throws<ArgumentException>(() => Range.Count(int.MinValue, int.MaxValue, 1));   // 2^32 - 1 elements, no int overflow
        Assert.Throws<ArgumentException>(() => Range.Count(0, 5, 0));
        Assert.Throws<ArgumentException>(() => Range.Count(0, 5, -1));
        Assert.Throws<ArgumentException>(() => Range.Count(0f, float.PositiveInfinity, 1f));
        Assert.Throws<ArgumentException>(() => Range.Count(float.NaN, 1f, 1f));
    }

    [Fact]
    public void Range_Accumulates()
    {
        var f = new float[4];
        Range.Run(0.1f, 0.7f, f);
        float expected = 0.1f;
        for (int i = 0; i < 4; i++, expected += 0.7f) Assert.Equal(expected, f[i]);
        var w = new int[3];
        Range.Run(int.MaxValue - 1, 1, w);   // wraps like two's complement, as the C++ kernel does in practice
        Assert.Equal([int.MaxValue - 1, int.MaxValue, int.MinValue], w);
    }

    [Fact]
    public void OneHot_PrefixDepthSuffix()
    {
        // indices [2, 2] = {{0, 2}, {5, -1}}, depth 3, axis 1 -> output [2, 3, 2]
        var o = new int[12];
        OneHot.Run<int, int>([0, 2, 5, -1], prefix: 2, depth: 3, on: 9, off: 1, o);
        Assert.Equal([9, 1, 1, 1, 1, 9, 1, 1, 1, 1, 1, 1], o);
        // int64 indices are compared after truncation to int32, as TFLite does: 2^32 + 1 matches 1.
        var t = new byte[3];
        OneHot.Run<byte, long>([(1L << 32) + 1], prefix: 1, depth: 3, on: 1, off: 0, t);
        Assert.Equal([0, 1, 0], t);
        Assert.Throws<ArgumentException>(() => OneHot.Run<int, int>([0, 1, 2], prefix: 2, depth: 1, 1, 0, new int[2]));
    }

    [Fact]
    public void BroadcastArgs_AlignsRight()
    {
        var o = new long[3];
        Assert.True(BroadcastArgs.TryRun<long>([5, 1, 3], [4, 1], o, out _));
        Assert.Equal([5, 4, 3], o);
        var p = new int[2];
        Assert.False(BroadcastArgs.TryRun<int>([2, 3], [2], p, out int bad));
        Assert.Equal(0, bad);
    }

    [Fact]
    public void ReverseSequence_ReversesThePrefixOfEachBatch()
    {
        // input [3 (seq), 2 (batch)], lengths {3, 1}: batch 0 reversed entirely, batch 1 unchanged.
        var o = new int[6];
        ReverseSequence.Run<int, int>([3, 2], [0, 10, 1, 11, 2, 12], [3, 1], seqDim: 0, batchDim: 1, o);
        Assert.Equal([2, 10, 1, 11, 0, 12], o);
        // A length of 0 or less copies (TFLite's behaviour).
        ReverseSequence.Run<int, long>([2, 3], [0, 1, 2, 3, 4, 5], [0, -4], seqDim: 1, batchDim: 0, o);
        Assert.Equal([0, 1, 2, 3, 4, 5], o);
        Assert.Throws<ArgumentException>(() => ReverseSequence.Run<int, int>([2, 3], new int[6], [4, 0], 1, 0, o));
    }

    [Fact]
    public void SpaceToBatch_ThenBatchToSpace_RestoresTheInput()
    {
        var rng = new Random(41);
        for (int iter = 0; iter < 100; iter++)
        {
            bool four = rng.Next(2) == 0;
            int bh = rng.Next(1, 4), bw = four ? rng.Next(1, 4) : 1;
            int b = rng.Next(1, 3), h = rng.Next(1, 6), w = four ? rng.Next(1, 6) : 1, c = rng.Next(1, 4);
            int top = rng.Next(0, 3), left = four ? rng.Next(0, 3) : 0;
            int bottom = (bh - (h + top) % bh) % bh, right = four ? (bw - (w + left) % bw) % bw : 0;
            int[] shape = four ? [b, h, w, c] : [b, h, c];
            int[] block = four ? [bh, bw] : [bh];
            int[] pads = four ? [top, bottom, left, right] : [top, bottom];
            var input = Enumerable.Range(0, b * h * w * c).Select(i => i + 1).ToArray();
            var outShape = SpaceToBatchNd.OutputShape(shape, block, pads);
            var batched = new int[outShape.Aggregate(1, (x, y) => x * y)];
            SpaceToBatchNd.Run(shape, input, block, pads, -7, batched);
            Assert.Equal(batched.Length - input.Length, batched.Count(v => v == -7));   // every pad element is the pad value
            var back = new int[input.Length];
            Assert.Equal(shape, BatchToSpaceNd.OutputShape(outShape, block, pads));
            BatchToSpaceNd.Run(outShape, batched, block, pads, back);
            Assert.Equal(input, back);
        }
    }

    [Fact]
    public void SpaceToBatch_HandWorked()
    {
        // [1, 2, 2, 1] with block [2, 2]: each pixel becomes a batch.
        var o = new int[4];
        SpaceToBatchNd.Run([1, 2, 2, 1], [1, 2, 3, 4], [2, 2], [0, 0, 0, 0], 0, o);
        Assert.Equal([1, 2, 3, 4], o);
        Assert.Equal([4, 1, 1, 1], SpaceToBatchNd.OutputShape([1, 2, 2, 1], [2, 2], [0, 0, 0, 0]));
        Assert.Throws<ArgumentException>(() => SpaceToBatchNd.OutputShape([1, 3, 2, 1], [2, 2], [0, 0, 0, 0]));
        Assert.Throws<ArgumentException>(() => BatchToSpaceNd.OutputShape([3, 2, 2, 1], [2, 1], [0, 0, 0, 0]));
        Assert.Throws<ArgumentException>(() => BatchToSpaceNd.OutputShape([4, 1, 1, 1], [2, 2], [1, 2, 0, 0]));
    }

    [Fact]
    public void MatrixDiag_AndSetDiag()
    {
        var o = new short[8];
        MatrixDiag.Run<short>([1, 2, 3, 4], batch: 2, n: 2, o);
        Assert.Equal([1, 0, 0, 2, 3, 0, 0, 4], o);
        var s = new int[6];
        MatrixSetDiag.Run<int>([1, 2, 3, 4, 5, 6], [7, 8], batch: 1, rows: 3, cols: 2, s);
        Assert.Equal([7, 2, 3, 8, 5, 6], s);
        Assert.Throws<ArgumentException>(() => MatrixSetDiag.Run<int>(new int[6], new int[3], 1, 3, 2, new int[6]));
    }

    [Fact]
    public void StridedSliceResolveInto_GivesOffsetSizes()
    {
        Span<int> shape = stackalloc int[8], start = stackalloc int[8], stride = stackalloc int[8], count = stackalloc int[8];
        Span<int> outShape = stackalloc int[8], sizes = stackalloc int[8];
        // offset: begin [0, 3], sizes [2, 2] over [2, 4]: the second dimension is clamped to 1 element, its size says 2.
        int rank = StridedSliceParams.ResolveInto([2, 4], [0, 3], [2, 2], [1, 1], 0, 0, 0, 0, 0, true,
            shape, start, stride, count, outShape, sizes, out int eff, out int shrunk);
        Assert.Equal(2, rank);
        Assert.Equal(2, eff);
        Assert.Equal(0, shrunk);
        Assert.Equal([2, 1], count[..2].ToArray());
        Assert.Equal([2, 2], sizes[..2].ToArray());
        // Counts follow TFLite's integer formula, also for large dimensions where a float ceiling would round.
        var p = StridedSliceParams.Resolve([16777217], [0], [16777217], [2], 0, 0, 0, 0, 0, false);
        Assert.Equal(8388609, p.Count[0]);
        var n = StridedSliceParams.Resolve([10], [-1], [0], [-3], 0, 1, 0, 0, 0, false);
        Assert.Equal([4], n.OutputShape);
        Assert.Equal(9, n.Start[0]);
    }
}
