using Xunit;
using ManagedLite.Kernels.Reference;
using Opt = ManagedLite.Kernels.Optimized;

namespace ManagedLite.Kernels.Tests.Shape;

public class ResizeTests
{
    private const float Tol = 1e-5f;   // hand-checked values are decimal approximations

    private static float[] Bilinear(int[] shape, float[] input, int h, int w, bool align = false, bool half = false)
    {
        var r = new float[shape[0] * h * w * shape[3]];
        var o = new float[r.Length];
        ResizeBilinear.Run(shape, input, h, w, align, half, r);
        Opt.ResizeBilinear.Run(shape, input, h, w, align, half, o);
        Assert.Equal(r, o);   // optimized is bit-identical
        return r;
    }

    [Fact]
    public void Bilinear_Horizontal() => AssertNear([3, 5, 6], Bilinear([1, 1, 2, 1], [3, 6], 1, 3));

    [Fact]
    public void Bilinear_Vertical() => AssertNear([3, 7, 9], Bilinear([1, 2, 1, 1], [3, 9], 3, 1));

    [Fact]
    public void Bilinear_TwoDimensional() =>
        AssertNear([3, 5, 6, 7, 9, 10, 9, 11, 12], Bilinear([1, 2, 2, 1], [3, 6, 9, 12], 3, 3));

    [Fact]
    public void Bilinear_AlignCorners() =>
        // scale (2-1)/(3-1) = 0.5: rows/cols at 0, 0.5, 1
        AssertNear([3, 4.5f, 6, 6, 7.5f, 9, 9, 10.5f, 12], Bilinear([1, 2, 2, 1], [3, 6, 9, 12], 3, 3, align: true));

    [Fact]
    public void Bilinear_HalfPixelCenters() =>
        AssertNear([1, 1.5f, 2, 2, 2.5f, 3, 3, 3.5f, 4], Bilinear([1, 2, 2, 1], [1, 2, 3, 4], 3, 3, half: true));

    [Fact]
    public void Bilinear_Uint8_RoundsHalfUp()
    {
        // [3,6] -> 3 wide: 3, 5, 6 ; [0, 1] -> 4 wide: 0, 0.5->1, 1, 1
        var output = new byte[3];
        ResizeBilinear.Run([1, 1, 2, 1], (ReadOnlySpan<byte>)[3, 6], 1, 3, false, false, output);
        Assert.Equal(new byte[] { 3, 5, 6 }, output);
        output = new byte[4];
        ResizeBilinear.Run([1, 1, 2, 1], (ReadOnlySpan<byte>)[0, 1], 1, 4, false, false, output);
        Assert.Equal(new byte[] { 0, 1, 1, 1 }, output);
    }

    [Fact]
    public void Bilinear_Int8_MatchesTfliteTest()
    {
        // TFLite resize_bilinear_test TestResizeBilinearHalfPixelCenters_2x2to4x6.
        sbyte[] input = [127, -128, 64, 0];
        var output = new sbyte[24];
        ResizeBilinear.RunInteger<sbyte>([1, 2, 2, 1], input, 4, 6, false, false, output);
        Assert.Equal([127, 42, -43, -128, -128, -128, 96, 42, -11, -64, -64, -64, 64, 43, 21, 0, 0, 0, 64, 43, 21, 0, 0, 0], output);
        ResizeBilinear.RunInteger<sbyte>([1, 2, 2, 1], input, 4, 6, false, true, output);
        Assert.Equal([127, 127, 42, -43, -128, -128, 111, 111, 42, -27, -96, -96, 80, 80, 43, 5, -32, -32, 64, 64, 43, 21, 0, 0], output);
        var output16 = new short[24];
        ResizeBilinear.RunInteger<short>([1, 2, 2, 1], [127, -128, 64, 0], 4, 6, false, true, output16);
        Assert.Equal([127, 127, 42, -43, -128, -128, 111, 111, 42, -27, -96, -96, 80, 80, 43, 5, -32, -32, 64, 64, 43, 21, 0, 0], output16);
    }

    [Fact]
    public void Bilinear_RejectsAlignCornersWithHalfPixel()
    {
        Assert.Throws<ArgumentException>(() => ResizeBilinear.Run([1, 2, 2, 1], new float[4], 3, 3, true, true, new float[9]));
        Assert.Throws<ArgumentException>(() => ResizeBilinear.Run([1, 2, 2, 1], new float[4], 0, 3, false, false, new float[0]));
        Assert.Throws<ArgumentException>(() => Opt.ResizeBilinear.Run([1, 2, 2, 1], new float[4], 3, 3, false, false, new float[8]));
    }

    [Fact]
    public void Bilinear_OptimizedBitIdentical_Random()
    {
        var rng = new Random(5);
        int[] depths = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 31, 32, 33, 63, 64, 65];
        foreach (int depth in depths)
        {
            for (int rep = 0; rep < 3; rep++)
            {
                int[] shape = [rng.Next(1, 3), rng.Next(1, 7), rng.Next(1, 7), depth];
                int h = rng.Next(1, 12), w = rng.Next(1, 12);
                bool align = rng.Next(2) == 0, half = !align && rng.Next(2) == 0;
                var input = Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(_ => (float)(rng.NextDouble() * 200 - 100)).ToArray();
                var r = new float[shape[0] * h * w * depth];
                var o = new float[r.Length];
                ResizeBilinear.Run(shape, input, h, w, align, half, r);
                Opt.ResizeBilinear.Run(shape, input, h, w, align, half, o);
                for (int i = 0; i < r.Length; i++)
                    Assert.Equal(BitConverter.SingleToInt32Bits(r[i]), BitConverter.SingleToInt32Bits(o[i]));
            }
        }
    }

    [Fact]
    public void Nearest_MatchesTfliteTests()
    {
        var output = new float[3];
        ResizeNearestNeighbor.Run<float>([1, 1, 2, 1], [3, 6], 1, 3, false, false, output);
        Assert.Equal([3, 3, 6], output);
        output = new float[9];
        ResizeNearestNeighbor.Run<float>([1, 2, 2, 1], [3, 6, 9, 12], 3, 3, false, false, output);
        Assert.Equal([3, 3, 6, 3, 3, 6, 9, 9, 12], output);
        ResizeNearestNeighbor.Run<float>([1, 2, 2, 1], [3, 6, 9, 12], 3, 3, true, false, output);
        Assert.Equal([3, 6, 6, 9, 12, 12, 9, 12, 12], output);
        ResizeNearestNeighbor.Run<float>([1, 2, 2, 1], [3, 6, 9, 12], 3, 3, false, true, output);
        Assert.Equal([3, 6, 6, 9, 12, 12, 9, 12, 12], output);
    }

    [Fact]
    public void Nearest_MultiChannelInt8()
    {
        // [1,1,2,2] -> width 4: pixels 0,0,1,1
        var output = new sbyte[8];
        ResizeNearestNeighbor.Run<sbyte>([1, 1, 2, 2], [1, -1, 2, -2], 1, 4, false, false, output);
        Assert.Equal([1, -1, 1, -1, 2, -2, 2, -2], output);
    }

    [Fact]
    public void Nearest_SourceIndexStaysInRange()
    {
        for (int inSize = 1; inSize < 20; inSize++)
            for (int outSize = 1; outSize < 40; outSize++)
                for (int mode = 0; mode < 3; mode++)
                    for (int v = 0; v < outSize; v++)
                    {
                        int s = ResizeNearestNeighbor.Source(v, inSize, outSize, mode == 1, mode == 2);
                        Assert.InRange(s, 0, inSize - 1);
                    }
    }

    private static void AssertNear(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.InRange(actual[i], expected[i] - Tol, expected[i] + Tol);
    }
}
