using Xunit;
using ManagedLite.Kernels.Reference;

namespace ManagedLite.Kernels.Tests.Shape;

public class DepthSpaceTests
{
    private static readonly int[] Depthwise = Enumerable.Range(1, 16).ToArray();
    private static readonly int[] Spatial = [1, 2, 5, 6, 3, 4, 7, 8, 9, 10, 13, 14, 11, 12, 15, 16];

    [Fact]
    public void DepthToSpace_MatchesTfliteTest()
    {
        var output = new int[16];
        DepthToSpace.Run<int>([1, 2, 2, 4], Depthwise, 2, output);
        Assert.Equal(Spatial, output);
        var single = new float[4];
        DepthToSpace.Run<float>([1, 1, 1, 4], [1.4f, 2.3f, 3.2f, 4.1f], 2, single);
        Assert.Equal([1.4f, 2.3f, 3.2f, 4.1f], single);
    }

    [Fact]
    public void SpaceToDepth_IsInverse()
    {
        var output = new int[16];
        SpaceToDepth.Run<int>([1, 4, 4, 1], Spatial, 2, output);
        Assert.Equal(Depthwise, output);

        var rng = new Random(3);
        int[] shape = [2, 6, 9, 5];
        var x = Enumerable.Range(0, 540).Select(_ => (short)rng.Next()).ToArray();
        var d = new short[540];
        var back = new short[540];
        SpaceToDepth.Run<short>(shape, x, 3, d);
        DepthToSpace.Run<short>([2, 2, 3, 45], d, 3, back);
        Assert.Equal(x, back);
    }

    [Fact]
    public void RejectsIndivisibleShapes()
    {
        Assert.Throws<ArgumentException>(() => DepthToSpace.Run<int>([1, 1, 1, 6], new int[6], 2, new int[6]));
        Assert.Throws<ArgumentException>(() => SpaceToDepth.Run<int>([1, 3, 4, 1], new int[12], 2, new int[12]));
        Assert.Throws<ArgumentException>(() => SpaceToDepth.Run<int>([1, 4, 4, 1], new int[16], 0, new int[16]));
    }
}
