using Xunit;

namespace ManagedLite.Kernels.Tests.Hybrid;

/// <summary>Float BATCH_MATMUL kernel: a hand-worked 2x3 by 3x2 product, with and without adjoints, and broadcast batch maps.</summary>
public class BatchMatMulTests
{
    [Fact]
    public void HandWorkedWithAdjointsAndBroadcast()
    {
        float[] l = [1, 2, 3, 4, 5, 6];        // [2, 3]
        float[] r = [7, 8, 9, 10, 11, 12];     // [3, 2]
        float[] expected = [58, 64, 139, 154];
        var o = new float[8];
        // two output batches that both use lhs batch 0 and rhs batch 0 (broadcast)
        Reference.BatchMatMul.Run(2, 3, 2, false, false, l, r, [0, 0], [0, 0], o);
        Assert.Equal(expected, o[..4]);
        Assert.Equal(expected, o[4..]);

        float[] lt = [1, 4, 2, 5, 3, 6];       // [3, 2] = l transposed
        float[] rt = [7, 9, 11, 8, 10, 12];    // [2, 3] = r transposed
        var o2 = new float[4];
        Reference.BatchMatMul.Run(2, 3, 2, true, true, lt, rt, [0], [0], o2);
        Assert.Equal(expected, o2);
    }
}
