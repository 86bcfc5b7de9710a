using ManagedLite.Kernels.Reference;
using Xunit;
using RG = ManagedLite.Kernels.Reference.ReduceGeneric;

namespace ManagedLite.Kernels.Tests.Indexing;

/// <summary>
/// GATHER_ND, SCATTER_ND, WHERE, SPARSE_TO_DENSE, SEGMENT_SUM, UNSORTED_SEGMENT_*, BUCKETIZE and the EMBEDDING_LOOKUP
/// kernels: naive coordinate formulations on random shapes, and every out-of-range index reported, never read.
/// </summary>
public class IndexingKernelTests
{
    private static int Product(int[] s) => s.Aggregate(1, (a, b) => a * b);

    private static int Flat(int[] shape, ReadOnlySpan<int> coord)
    {
        int o = 0;
        for (int d = 0; d < coord.Length; d++) o = o * shape[d] + coord[d];
        return o;
    }

    [Fact]
    public void GatherNdMatchesCoordinates()
    {
        var r = new Random(1);
        for (int c = 0; c < 30; c++)
        {
            int[] ps = Enumerable.Range(0, r.Next(1, 5)).Select(_ => r.Next(1, 5)).ToArray();
            int depth = r.Next(0, ps.Length + 1);
            int rows = r.Next(0, 5);
            var data = Enumerable.Range(0, Product(ps)).Select(i => (float)i).ToArray();
            var idx = new long[rows * depth];
            for (int i = 0; i < rows; i++) for (int j = 0; j < depth; j++) idx[i * depth + j] = r.Next(ps[j]);
            int slice = Product(ps[depth..]);
            var got = new float[rows * slice];
            Assert.True(GatherNd.TryRun<float, long>(ps, data, idx, rows, depth, got, out _, out _));
            for (int i = 0; i < rows; i++)
            {
                var coord = new int[ps.Length];
                for (int j = 0; j < depth; j++) coord[j] = (int)idx[i * depth + j];
                int start = Flat(ps, coord);
                Assert.Equal(data.AsSpan(start, slice).ToArray(), got.AsSpan(i * slice, slice).ToArray());
            }
        }
    }

    [Fact]
    public void GatherNdReportsTheFirstBadCoordinate()
    {
        var got = new int[2];
        Assert.False(GatherNd.TryRun<int, short>([2, 2], [1, 2, 3, 4], [1, 1, 0, 2], 2, 2, got, out long bad, out int at));
        Assert.Equal((2L, 3), (bad, at));
        Assert.False(GatherNd.TryRun<int, int>([2, 2], [1, 2, 3, 4], [-1, 0], 1, 2, got.AsSpan(0, 1), out bad, out at));
        Assert.Equal((-1L, 0), (bad, at));
    }

    [Fact]
    public void ScatterNdAddsAtCoordinates()
    {
        var r = new Random(2);
        for (int c = 0; c < 30; c++)
        {
            int[] shape = Enumerable.Range(0, r.Next(1, 4)).Select(_ => r.Next(1, 4)).ToArray();
            int depth = r.Next(0, shape.Length + 1);
            int rows = r.Next(0, 6);
            int slice = Product(shape[depth..]);
            var idx = new int[rows * depth];
            for (int i = 0; i < rows; i++) for (int j = 0; j < depth; j++) idx[i * depth + j] = r.Next(shape[j]);
            var upd = Enumerable.Range(0, rows * slice).Select(_ => r.Next(-100, 100)).ToArray();
            var got = new int[Product(shape)];
            Assert.True(ScatterNd.TryRun<int, RG.SumOf<int>>(shape, idx, rows, depth, upd, got, out _, out _));
            var expected = new int[got.Length];
            for (int i = 0; i < rows; i++)
            {
                var coord = new int[shape.Length];
                for (int j = 0; j < depth; j++) coord[j] = idx[i * depth + j];
                int start = Flat(shape, coord);
                for (int k = 0; k < slice; k++) expected[start + k] += upd[i * slice + k];
            }
            Assert.Equal(expected, got);
        }
        var b = new byte[2];
        Assert.True(ScatterNd.TryRun<byte, RG.AnyOf>([2], [1, 1], 2, 1, [1, 1], b, out _, out _));
        Assert.Equal(new byte[] { 0, 1 }, b);
        Assert.False(ScatterNd.TryRun<byte, RG.AnyOf>([2], [0, 2], 2, 1, [1, 1], b, out long bad, out int at));
        Assert.Equal((2L, 1), (bad, at));
    }

    [Fact]
    public void WhereListsNonZeroCoordinates()
    {
        float[] c = [0, float.NaN, -0f, 2, 0, 1e-45f];
        Assert.Equal(3, Where.CountTrue<float>(c));
        var got = new long[6];
        Where.Run<float>([3, 2], c, got);
        Assert.Equal(new long[] { 0, 1, 1, 1, 2, 1 }, got);
    }

    [Fact]
    public void SparseToDenseWritesInOrder()
    {
        var got = new long[6];
        Assert.True(SparseToDense.TryRun<long, int>([0, 1, 1, 2, 0, 1], 3, [10, 20, 30], false, -5, [2, 3], got, out _, out _));
        Assert.Equal(new long[] { -5, 30, -5, -5, -5, 20 }, got);
        Assert.True(SparseToDense.TryRun<long, long>([2, 0], 2, [9], true, 0, [3], got.AsSpan(0, 3), out _, out _));
        Assert.Equal(new long[] { 9, 0, 9 }, got.AsSpan(0, 3).ToArray());
        Assert.False(SparseToDense.TryRun<long, long>([3], 1, [9], true, 0, [3], got.AsSpan(0, 3), out long bad, out int at));
        Assert.Equal((3L, 0), (bad, at));
    }

    [Fact]
    public void SegmentsValidateAndReduce()
    {
        Assert.Equal(3, SegmentSum.ValidateIds([0, 0, 1, 2, 2], out _));
        Assert.Equal(0, SegmentSum.ValidateIds([], out _));
        Assert.Equal(-1, SegmentSum.ValidateIds([0, 2], out int at));
        Assert.Equal(1, at);
        Assert.Equal(-1, SegmentSum.ValidateIds([0, 1, 0], out at));
        Assert.Equal(2, at);
        var sums = new float[4];
        SegmentSum.Run<float, RG.SumOf<float>>([1, 2, 3, 4, 5, 6], [0, 0, 1], 2, sums);
        Assert.Equal(new float[] { 4, 6, 5, 6 }, sums);

        var prod = new int[3];
        UnsortedSegment.Run<int, RG.ProdOf<int>>([2, 3, 4, 5], [2, -1, 2, 0], 1, prod);
        Assert.Equal(new[] { 5, 1, 8 }, prod);
        var min = new float[2];
        UnsortedSegment.Run<float, RG.MinOf<float>>([3, 1, float.NaN], [0, 0, 0], 1, min.AsSpan(0, 1));
        Assert.Equal(1f, min[0]); // std::min(current, NaN) keeps the current value
        Assert.Equal(1, UnsortedSegment.FindOutOfRange([0, 2, 1], 2));
        Assert.Equal(-1, UnsortedSegment.FindOutOfRange([0, -7, 1], 2));
    }

    [Fact]
    public void BucketizeIsUpperBound()
    {
        var r = new Random(6);
        float[] boundaries = [-1f, -0.5f, -0.5f, 0f, 0.25f, 0.9f];
        var input = Enumerable.Range(0, 200).Select(_ => (float)Math.Round(r.NextDouble() * 3 - 1.5, 1)).Append(-0.5f).Append(0f).ToArray();
        var got = new int[input.Length];
        Bucketize.Run(input, boundaries, got);
        for (int i = 0; i < input.Length; i++) Assert.Equal(boundaries.Count(b => !(input[i] < b)), got[i]);
        Assert.True(Bucketize.IsSorted([1f, 1f, 2f]));
        Assert.False(Bucketize.IsSorted([1f, 0f]));
        var empty = new int[2];
        Bucketize.Run([1f, float.NaN], [], empty);
        Assert.Equal(new[] { 0, 0 }, empty);
    }

    [Fact]
    public void EmbeddingLookupCopiesAndDequantizes()
    {
        var bytes = new byte[4];
        Assert.True(EmbeddingLookup.TryCopyRows([1, 2, 3, 4, 5, 6], 3, 2, [2, 0], bytes, out _, out _));
        Assert.Equal(new byte[] { 5, 6, 1, 2 }, bytes);
        Assert.False(EmbeddingLookup.TryCopyRows([1, 2, 3, 4, 5, 6], 3, 2, [0, 3], bytes, out int bad, out int at));
        Assert.Equal((3, 1), (bad, at));

        var f = new float[4];
        Assert.True(EmbeddingLookup.TryDequantizeRows([-128, 127, 2, -2], 2, 2, [0.5f, 2f], [1, 0], f, out _, out _));
        Assert.Equal(new float[] { 4, -4, -64, 63.5f }, f);
        var h = new Half[2];
        Assert.True(EmbeddingLookup.TryDequantizeRows([3, -3], 1, 2, [0.1f], [0], h, out _, out _));
        Assert.Equal(new[] { (Half)(3 * 0.1f), (Half)(-3 * 0.1f) }, h);

        // int4: byte 0x8F holds 15 -> -1 (low) and 8 -> -8 (high).
        Assert.True(EmbeddingLookup.TryDequantizeInt4Rows([0x8F, 0x71], 1, 4, [1f], [0], f, out _, out _));
        Assert.Equal(new float[] { -1, -8, 1, 7 }, f);
        Assert.False(EmbeddingLookup.TryDequantizeInt4Rows([0x8F, 0x71], 1, 4, [1f], [-1], f, out bad, out at));
        Assert.Equal((-1, 0), (bad, at));
    }

    [Fact]
    public void EmbeddingLookupSparseCombiners()
    {
        // Two entries in row 0 (weights 3 and 4), one in row 1: SQRTN divides by sqrt(9 + 16) = 5.
        var got = new float[4];
        Assert.True(EmbeddingLookupSparse.TryRun([0, 1, 1], [0, 0, 0, 1, 1, 0], [2, 2], [3, 4, 2], [1, 10, 2, 20], 2, 2,
            EmbeddingLookupSparse.Combiner.Sqrtn, got, out _, out _, out _));
        Assert.Equal(new float[] { (3 + 8) / 5f, (30 + 80) / 5f, 2, 20 }, got);
        Assert.True(EmbeddingLookupSparse.TryRun([0, 1, 1], [0, 0, 0, 1, 1, 0], [2, 2], [3, 4, 2], [1, 10, 2, 20], 2, 2,
            EmbeddingLookupSparse.Combiner.Sum, got, out _, out _, out _));
        Assert.Equal(new float[] { 11, 110, 4, 40 }, got);
        Assert.False(EmbeddingLookupSparse.TryRun([0], [2, 0], [2, 2], [1], [1, 10, 2, 20], 2, 2,
            EmbeddingLookupSparse.Combiner.Mean, got, out long bad, out int at, out bool isId));
        Assert.Equal((2L, 0, false), (bad, at, isId));
    }
}
