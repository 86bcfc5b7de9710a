using Xunit;
using ManagedLite.Kernels.Reference;

namespace ManagedLite.Kernels.Tests.Shape;

public class DensifyTests
{
    private const SparseDimensionFormat D = SparseDimensionFormat.Dense;
    private const SparseDimensionFormat S = SparseDimensionFormat.SparseCsr;

    private static T[] Dense<T>(SparseTensorFormat f, T[] values) where T : unmanaged
    {
        var plan = new Densify(f, values.Length);
        var output = new T[plan.DenseLength];
        plan.Run<T>(values, output);
        return output;
    }

    [Fact]
    public void DenseSparse_3x4()
    {
        // TFLite sparsity_format_converter_test SimpleTestD0S1.
        var f = new SparseTensorFormat([3, 4], [0, 1], [], [D, S], [3, 0], [null, [0, 3, 3, 5]], [null, [0, 2, 3, 0, 3]]);
        Assert.Equal([6, 0, 9, 8, 0, 0, 0, 0, 5, 0, 0, 7], Dense(f, new[] { 6, 9, 8, 5, 7 }));
    }

    [Fact]
    public void SparseSparse_3x4()
    {
        // SimpleTestS0S1: only rows 0 and 2 are stored.
        var f = new SparseTensorFormat([3, 4], [0, 1], [], [S, S], [0, 0], [[0, 2], [0, 3, 5]], [[0, 2], [0, 2, 3, 0, 3]]);
        Assert.Equal([6f, 0, 9, 8, 0, 0, 0, 0, 5, 0, 0, 7], Dense(f, new[] { 6f, 9, 8, 5, 7 }));
    }

    [Fact]
    public void ColumnMajorTraversal()
    {
        // traversal {1,0}: level 0 walks columns (dense 4), level 1 rows (dense 3); values are the transpose.
        var f = new SparseTensorFormat([3, 4], [1, 0], [], [D, D], [4, 3], [null, null], [null, null]);
        int[] values = [1, 5, 9, 2, 6, 10, 3, 7, 11, 4, 8, 12];
        Assert.Equal(Enumerable.Range(1, 12).ToArray(), Dense(f, values));
    }

    [Fact]
    public void Block2x2_MatchesTfliteTest()
    {
        // BlockTestD0S1: 4x4 with 2x2 blocks, block row 1 holds only block column 1.
        var f = new SparseTensorFormat([4, 4], [0, 1, 2, 3], [0, 1], [D, S, D, D], [2, 0, 2, 2],
                                       [null, [0, 2, 3], null, null], [null, [0, 1, 1], null, null]);
        sbyte[] values = [1, 0, 0, 4, 2, 3, 0, 0, 5, 0, 0, 6];
        Assert.Equal([1, 0, 2, 3, 0, 4, 0, 0, 0, 0, 5, 0, 0, 0, 0, 6], Dense(f, values));
    }

    [Fact]
    public void Block1x4()
    {
        // [2,8] with 1x4 blocks along dim 1: row 0 keeps block 1, row 1 keeps block 0.
        var f = new SparseTensorFormat([2, 8], [0, 1, 2], [1], [D, S, D], [2, 0, 4], [null, [0, 1, 2], null], [null, [1, 0], null]);
        Assert.Equal([0, 0, 0, 0, 1, 2, 3, 4, 5, 0, 6, 0, 0, 0, 0, 0], Dense(f, new[] { 1, 2, 3, 4, 5, 0, 6, 0 }));
    }

    [Fact]
    public void Block4x1()
    {
        // [8,2] with 4x1 blocks along dim 0: block row 0 keeps column 0, block row 1 keeps column 1.
        var f = new SparseTensorFormat([8, 2], [0, 1, 2], [0], [D, S, D], [2, 0, 4], [null, [0, 1, 2], null], [null, [0, 1], null]);
        Assert.Equal([1, 0, 2, 0, 3, 0, 4, 0, 0, 5, 0, 6, 0, 7, 0, 8], Dense(f, Enumerable.Range(1, 8).ToArray()));
    }

    [Fact]
    public void HostileMetadataIsRejected()
    {
        // index beyond the dense dimension
        Assert.Throws<ArgumentException>(() => new Densify(
            new SparseTensorFormat([3, 4], [0, 1], [], [D, S], [3, 0], [null, [0, 1, 1, 1]], [null, [4]]), 1));
        // more values needed than stored
        Assert.Throws<ArgumentException>(() => new Densify(
            new SparseTensorFormat([3, 4], [0, 1], [], [D, S], [3, 0], [null, [0, 3, 3, 5]], [null, [0, 2, 3, 0, 3]]), 4));
        // negative segment start
        Assert.Throws<ArgumentException>(() => new Densify(
            new SparseTensorFormat([3, 4], [0, 1], [], [D, S], [3, 0], [null, [-2, 1, 1, 1]], [null, [0]]), 5));
        // traversal order not a permutation
        Assert.Throws<ArgumentException>(() => new Densify(
            new SparseTensorFormat([3, 4], [0, 0], [], [D, D], [3, 4], [null, null], [null, null]), 12));
        // dense level larger than the tensor: bounded work, then rejected
        Assert.Throws<ArgumentException>(() => new Densify(
            new SparseTensorFormat([3, 4], [0, 1], [], [D, D], [1_000_000, 1_000_000], [null, null], [null, null]), 12));
        // block size that does not divide the dimension
        Assert.Throws<ArgumentException>(() => new Densify(
            new SparseTensorFormat([2, 6], [0, 1, 2], [1], [D, S, D], [2, 0, 4], [null, [0, 1, 2], null], [null, [1, 0], null]), 8));
        // missing CSR arrays
        Assert.Throws<ArgumentException>(() => new Densify(
            new SparseTensorFormat([3, 4], [0, 1], [], [D, S], [3, 0], [null, null], [null, null]), 5));
    }

    [Fact]
    public void Run_ChecksBufferSizes()
    {
        var plan = new Densify(new SparseTensorFormat([3, 4], [0, 1], [], [D, S], [3, 0], [null, [0, 3, 3, 5]], [null, [0, 2, 3, 0, 3]]), 5);
        Assert.Equal(5, plan.ValueCount);
        Assert.Throws<ArgumentException>(() => plan.Run<int>(new int[4], new int[12]));
        Assert.Throws<ArgumentException>(() => plan.Run<int>(new int[5], new int[11]));
    }
}
