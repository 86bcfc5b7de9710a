using Xunit;
using ManagedLite.Kernels.Reference;
using Opt = ManagedLite.Kernels.Optimized;

namespace ManagedLite.Kernels.Tests.Shape;

public class ConcatSplitTests
{
    [Fact]
    public void Concatenation_Axis1_TwoInputs()
    {
        // [2,2] ++ [2,3] along axis 1 -> [2,5]
        float[] a = [1, 2, 3, 4];
        float[] b = [5, 6, 7, 8, 9, 10];
        float[] expected = [1, 2, 5, 6, 7, 3, 4, 8, 9, 10];
        var r = new float[10];
        Concatenation.CopyInput<float>(a, 2, 2, 5, 0, r);
        Concatenation.CopyInput<float>(b, 2, 3, 5, 2, r);
        Assert.Equal(expected, r);
        var o = new float[10];
        Opt.Concatenation.CopyInput<float>(a, 2, 2, 5, 0, o);
        Opt.Concatenation.CopyInput<float>(b, 2, 3, 5, 2, o);
        Assert.Equal(expected, o);
    }

    [Fact]
    public void Concatenation_Activation_ClampsAndKeepsNaN()
    {
        float[] x = [-1f, 0.5f, 7f, float.NaN, -0f];
        Concatenation.ApplyActivation(x, 0f, 6f);
        Assert.Equal(0f, x[0]);
        Assert.Equal(0.5f, x[1]);
        Assert.Equal(6f, x[2]);
        Assert.True(float.IsNaN(x[3]));
        Assert.True(float.IsNegative(x[4]));   // std::max(-0, 0) keeps -0
    }

    [Fact]
    public void Concatenation_Uint8Requantized()
    {
        // input scale 0.5 zp 10, output scale 0.25 zp 0: q_out = round((q - 10) * 2)
        byte[] input = [10, 11, 12, 250, 0];
        var output = new byte[5];
        Concatenation.CopyInputRequantized(input, 1, 5, 5, 0, 0.5f, 10, 0.25f, 0, output);
        Assert.Equal(new byte[] { 0, 2, 4, 255, 0 }, output);
        // identical quantization is a plain copy
        Concatenation.CopyInputRequantized(input, 1, 5, 5, 0, 0.5f, 10, 0.5f, 10, output);
        Assert.Equal(input, output);
    }

    [Fact]
    public void Concatenation_RejectsBlockBeyondOutput()
    {
        Assert.Throws<ArgumentException>(() => Concatenation.CopyInput<int>(new int[6], 2, 3, 5, 3, new int[10]));
        Assert.Throws<ArgumentException>(() => Opt.Concatenation.CopyInput<int>(new int[6], 2, 3, 5, 0, new int[9]));
    }

    [Fact]
    public void Split_ThreeWays()
    {
        // [2,6] split into 3 along axis 1
        int[] input = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        int[][] expected = [[1, 2, 7, 8], [3, 4, 9, 10], [5, 6, 11, 12]];
        for (int k = 0; k < 3; k++)
        {
            var r = new int[4];
            var o = new int[4];
            Split.CopyOutput<int>(input, 2, 6, 2, 2 * k, r);
            Opt.Split.CopyOutput<int>(input, 2, 6, 2, 2 * k, o);
            Assert.Equal(expected[k], r);
            Assert.Equal(expected[k], o);
        }
        Assert.Throws<ArgumentException>(() => Split.CopyOutput<int>(input, 2, 6, 2, 5, new int[4]));
    }

    [Fact]
    public void ConcatAndSplit_OptimizedMatchReference_Random()
    {
        var rng = new Random(42);
        int[] blocks = [1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65];
        for (int iter = 0; iter < 200; iter++)
        {
            int outer = rng.Next(0, 6);
            int n = rng.Next(1, 5);
            var sizes = Enumerable.Range(0, n).Select(_ => blocks[rng.Next(blocks.Length)]).ToArray();
            int total = sizes.Sum();
            var inputs = sizes.Select(s => Enumerable.Range(0, outer * s).Select(_ => (byte)rng.Next(256)).ToArray()).ToArray();
            var r = new byte[outer * total];
            var o = new byte[outer * total];
            int offset = 0;
            for (int k = 0; k < n; k++)
            {
                Concatenation.CopyInput<byte>(inputs[k], outer, sizes[k], total, offset, r);
                Opt.Concatenation.CopyInput<byte>(inputs[k], outer, sizes[k], total, offset, o);
                offset += sizes[k];
            }
            Assert.Equal(r, o);
            // split back
            offset = 0;
            for (int k = 0; k < n; k++)
            {
                var sr = new byte[outer * sizes[k]];
                var so = new byte[outer * sizes[k]];
                Split.CopyOutput<byte>(r, outer, total, sizes[k], offset, sr);
                Opt.Split.CopyOutput<byte>(r, outer, total, sizes[k], offset, so);
                Assert.Equal(inputs[k], sr);
                Assert.Equal(inputs[k], so);
                offset += sizes[k];
            }
        }
    }
}
