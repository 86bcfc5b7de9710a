using Xunit;
using ManagedLite.Kernels.Reference;
using Opt = ManagedLite.Kernels.Optimized;

namespace ManagedLite.Kernels.Tests.Shape;

public class PadTests
{
    [Fact]
    public void Pad_ImageStyle_MatchesTfliteTest()
    {
        // TFLite pad_test SimpleConstTest: [1,2,2,1] padded by {0,0},{1,1},{1,1},{0,0}.
        float[] input = [1, 2, 3, 4];
        float[] expected = [0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0];
        var outRef = new float[16];
        var outOpt = new float[16];
        Pad.Run<float>([1, 2, 2, 1], input, [0, 1, 1, 0], [0, 1, 1, 0], 0f, outRef);
        Opt.Pad.Run<float>([1, 2, 2, 1], input, [0, 1, 1, 0], [0, 1, 1, 0], 0f, outOpt);
        Assert.Equal(expected, outRef);
        Assert.Equal(expected, outOpt);
    }

    [Fact]
    public void PadV2_ConstantValue_Int8()
    {
        // [2,3] padded {1,0},{0,2} with -5.
        sbyte[] input = [1, 2, 3, 4, 5, 6];
        sbyte[] expected = [-5, -5, -5, -5, -5, 1, 2, 3, -5, -5, 4, 5, 6, -5, -5];
        var output = new sbyte[15];
        Pad.Run<sbyte>([2, 3], input, [1, 0], [0, 2], -5, output);
        Assert.Equal(expected, output);
        Opt.Pad.Run<sbyte>([2, 3], input, [1, 0], [0, 2], -5, output);
        Assert.Equal(expected, output);
    }

    [Fact]
    public void Pad_RejectsNegativePaddingAndWrongLengths()
    {
        var output = new float[4];
        Assert.Throws<ArgumentException>(() => Pad.Run<float>([2], new float[2], [-1], [3], 0f, output));
        Assert.Throws<ArgumentException>(() => Pad.Run<float>([2], new float[2], [1], [2], 0f, output));   // output needs 5
        Assert.Throws<ArgumentException>(() => Opt.Pad.Run<float>([2, 2], new float[4], [1], [1], 0f, output)); // rank mismatch
    }

    [Fact]
    public void Pad_OptimizedMatchesReference_Random()
    {
        var rng = new Random(1234);
        for (int iter = 0; iter < 300; iter++)
        {
            int rank = rng.Next(1, 6);
            var shape = new int[rank];
            var left = new int[rank];
            var right = new int[rank];
            for (int d = 0; d < rank; d++)
            {
                shape[d] = rng.Next(0, 5) == 0 ? rng.Next(0, 2) : rng.Next(1, rank <= 2 ? 40 : 6);
                if (rng.Next(3) > 0) { left[d] = rng.Next(0, 4); right[d] = rng.Next(0, 4); }
            }
            int inLen = shape.Aggregate(1, (a, b) => a * b);
            int outLen = 1;
            for (int d = 0; d < rank; d++) outLen *= shape[d] + left[d] + right[d];
            var input = Enumerable.Range(0, inLen).Select(i => (short)(i + 1)).ToArray();
            var a = new short[outLen];
            var b = new short[outLen];
            b.AsSpan().Fill(123);
            Pad.Run<short>(shape, input, left, right, -7, a);
            Opt.Pad.Run<short>(shape, input, left, right, -7, b);
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public void MirrorPad_Reflect_MatchesTfliteTest()
    {
        int[] input = [1, 2, 3, 4, 5, 6];
        var output = new int[28];
        MirrorPad.Run<int>([2, 3], input, [1, 2], [1, 2], reflect: true, output);
        Assert.Equal([6, 5, 4, 5, 6, 5, 4, 3, 2, 1, 2, 3, 2, 1, 6, 5, 4, 5, 6, 5, 4, 3, 2, 1, 2, 3, 2, 1], output);
    }

    [Fact]
    public void MirrorPad_Symmetric_MatchesTfliteTest()
    {
        int[] input = [1, 2, 3, 4, 5, 6];
        var output = new int[28];
        MirrorPad.Run<int>([2, 3], input, [1, 2], [1, 2], reflect: false, output);
        Assert.Equal([2, 1, 1, 2, 3, 3, 2, 2, 1, 1, 2, 3, 3, 2, 5, 4, 4, 5, 6, 6, 5, 5, 4, 4, 5, 6, 6, 5], output);
    }

    [Fact]
    public void MirrorPad_RejectsPaddingLargerThanInput()
    {
        // REFLECT allows at most size-1, SYMMETRIC at most size.
        Assert.Throws<ArgumentException>(() => MirrorPad.Run<int>([3], new int[3], [3], [0], reflect: true, new int[6]));
        MirrorPad.Run<int>([3], [1, 2, 3], [3], [0], reflect: false, new int[6]);
        Assert.Throws<ArgumentException>(() => MirrorPad.Run<int>([3], new int[3], [0], [4], reflect: false, new int[7]));
    }
}
