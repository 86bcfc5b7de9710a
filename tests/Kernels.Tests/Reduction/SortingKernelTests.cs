using ManagedLite.Kernels.Reference;
using Xunit;

namespace ManagedLite.Kernels.Tests.Reduction;

/// <summary>
/// TOPK_V2, UNIQUE, ARG_MAX/ARG_MIN and CUMSUM kernels against naive formulations on seeded random data with ties,
/// NaNs and sizes around k = 1, k = n and small heaps, plus the edge cases TFLite defines.
/// </summary>
public class SortingKernelTests
{
    private static float[] RandomFloats(Random r, int n, bool ties, bool nans)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++)
        {
            v[i] = ties ? r.Next(-3, 4) : (float)(r.NextDouble() * 2 - 1);
            if (nans && r.Next(8) == 0) v[i] = float.NaN;
        }
        return v;
    }

    /// <summary>TFLite's order spelled out: a full stable sort by (NaN last, value descending), positions ascending.</summary>
    private static int[] NaiveTopK(float[] row, int k) =>
        Enumerable.Range(0, row.Length)
            .OrderBy(i => float.IsNaN(row[i]) ? 1 : 0)
            .ThenByDescending(i => float.IsNaN(row[i]) ? 0 : row[i])
            .ThenBy(i => i)
            .Take(k).ToArray();

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 1)]
    [InlineData(7, 7)]
    [InlineData(16, 3)]
    [InlineData(33, 16)]
    [InlineData(100, 99)]
    public void TopKMatchesAFullSort(int rowSize, int k)
    {
        var r = new Random(rowSize * 31 + k);
        foreach (bool ties in new[] { false, true })
        {
            const int rows = 3;
            var input = RandomFloats(r, rows * rowSize, ties, nans: true);
            var values = new float[rows * k];
            var indices = new int[rows * k];
            TopK.Run(input, rowSize, k, values, indices, new int[k]);
            for (int row = 0; row < rows; row++)
            {
                var expected = NaiveTopK(input.AsSpan(row * rowSize, rowSize).ToArray(), k);
                Assert.Equal(expected, indices.AsSpan(row * k, k).ToArray());
                for (int j = 0; j < k; j++) Assert.Equal(input[row * rowSize + expected[j]], values[row * k + j]);
            }
        }
    }

    [Fact]
    public void TopKOfIntegersWithInt16Indices()
    {
        sbyte[] input = [3, -1, 3, 7, -128, 7];
        var values = new sbyte[3];
        var indices = new short[3];
        TopK.Run<sbyte, short>(input, 6, 3, values, indices, new int[3]);
        Assert.Equal(new sbyte[] { 7, 7, 3 }, values);
        Assert.Equal(new short[] { 3, 5, 0 }, indices);
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(1, 1)]
    [InlineData(40, 5)]
    [InlineData(200, 40)]
    public void UniqueMatchesFirstAppearance(int n, int distinct)
    {
        var r = new Random(n + distinct);
        var input = Enumerable.Range(0, n).Select(_ => (long)r.Next(distinct) - distinct / 2).ToArray();
        var unique = new long[n];
        var index = new int[n];
        int count = Unique.Run(input, unique, index, new Unique.Keyed<long>[n], new int[n]);
        var expected = input.Distinct().ToArray(); // LINQ's Distinct keeps first-appearance order
        Assert.Equal(expected, unique.AsSpan(0, count).ToArray());
        for (int i = 0; i < n; i++) Assert.Equal(Array.IndexOf(expected, input[i]), index[i]);
    }

    [Fact]
    public void UniqueTreatsSignedZerosAsOneValue()
    {
        float[] input = [0f, -0f, 1f, 0f];
        var unique = new float[4];
        var index = new long[4];
        int count = Unique.Run(input, unique, index, new Unique.Keyed<float>[4], new int[4]);
        Assert.Equal(2, count);
        Assert.False(float.IsNegative(unique[0]));
        Assert.Equal(new long[] { 0, 0, 1, 0 }, index);
    }

    [Fact]
    public void ArgMinMaxMatchesNaive()
    {
        var r = new Random(5);
        foreach (var (outer, axis, inner) in new[] { (1, 1, 1), (2, 5, 3), (3, 17, 1), (1, 8, 9) })
        {
            var input = RandomFloats(r, outer * axis * inner, ties: true, nans: true);
            foreach (bool isMax in new[] { true, false })
            {
                var got = new long[outer * inner];
                ArgMinMax.Run(input, outer, axis, inner, isMax, got);
                for (int o = 0; o < outer; o++)
                    for (int i = 0; i < inner; i++)
                    {
                        var column = Enumerable.Range(0, axis).Select(a => input[(o * axis + a) * inner + i]).ToArray();
                        int expected = 0;
                        bool any = column.Any(v => !float.IsNaN(v));
                        if (any)
                        {
                            float best = isMax ? column.Where(v => !float.IsNaN(v)).Max() : column.Where(v => !float.IsNaN(v)).Min();
                            expected = Array.IndexOf(column, best);
                        }
                        Assert.Equal(expected, got[o * inner + i]);
                    }
            }
        }
    }

    [Fact]
    public void CumSumMatchesNaive()
    {
        var r = new Random(9);
        foreach (var (outer, depth, inner) in new[] { (1, 1, 1), (2, 5, 3), (1, 9, 1), (4, 2, 2) })
        {
            var input = Enumerable.Range(0, outer * depth * inner).Select(_ => r.Next(int.MinValue, int.MaxValue)).ToArray();
            foreach (bool exclusive in new[] { false, true })
                foreach (bool reverse in new[] { false, true })
                {
                    var got = new int[input.Length];
                    CumSum.Run<int>(input, outer, depth, inner, exclusive, reverse, got);
                    for (int o = 0; o < outer; o++)
                        for (int i = 0; i < inner; i++)
                            for (int d = 0; d < depth; d++)
                            {
                                int sum = 0;
                                for (int e = 0; e < depth; e++)
                                {
                                    bool before = reverse ? e > d : e < d;
                                    if (before || (!exclusive && e == d)) sum = unchecked(sum + input[(o * depth + e) * inner + i]);
                                }
                                Assert.Equal(sum, got[(o * depth + d) * inner + i]);
                            }
                }
        }
    }
}
