using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Reference.Quantized;
using Xunit;

namespace ManagedLite.Kernels.Tests.Quantization;

public class PoolReferenceTests
{
    private static QuantizedPoolParams Window2x2(int min, int max) => new()
    {
        Batches = 1, InputHeight = 2, InputWidth = 2, Depth = 1, OutputHeight = 1, OutputWidth = 1,
        FilterHeight = 2, FilterWidth = 2, StrideHeight = 1, StrideWidth = 1, ActivationMin = min, ActivationMax = max,
    };

    [Fact]
    public void AverageRoundsHalfAwayFromZero()
    {
        var o = new sbyte[1];
        Assert.True(AveragePool2DQuantized.Run(Window2x2(-128, 127), [1, 2, 3, -4], o));
        Assert.Equal(1, o[0]);   // 2 / 4 = 0.5 -> 1
        AveragePool2DQuantized.Run(Window2x2(-128, 127), [-1, -2, -3, 4], o);
        Assert.Equal(-1, o[0]);  // -0.5 -> -1
        AveragePool2DQuantized.Run(Window2x2(-128, 127), [1, 1, 1, 2], o);
        Assert.Equal(1, o[0]);   // 1.25 -> 1
        AveragePool2DQuantized.Run(Window2x2(-128, 127), [-2, -2, -2, -1], o);
        Assert.Equal(-2, o[0]);  // -1.75 -> -2
        AveragePool2DQuantized.Run(Window2x2(0, 127), [-2, -2, -2, -1], o);
        Assert.Equal(0, o[0]);   // clamp
        var o16 = new short[1];
        AveragePool2DQuantized.Run(Window2x2(-32768, 32767), [32767, 32767, 32767, 32766], o16);
        Assert.Equal(32767, o16[0]); // 32766.75 -> 32767
        var ou = new byte[1];
        AveragePool2DQuantized.Run(Window2x2(0, 255), [255, 255, 254, 254], ou);
        Assert.Equal(255, ou[0]); // 254.5 -> 255
    }

    [Fact]
    public void AverageFailsOnEmptyWindow()
    {
        // padding so large that the only window lies outside the image
        var p = Window2x2(-128, 127) with { PadHeight = 5, PadWidth = 5 };
        Assert.False(AveragePool2DQuantized.Run(p, new sbyte[4], new sbyte[1]));
    }

    [Fact]
    public void MaxPoolClamps()
    {
        var o = new sbyte[1];
        MaxPool2DQuantized.Run(Window2x2(-128, 127), [1, 2, 3, -4], o);
        Assert.Equal(3, o[0]);
        MaxPool2DQuantized.Run(Window2x2(-128, 2), [1, 2, 3, -4], o);
        Assert.Equal(2, o[0]);
        var o16 = new short[1];
        MaxPool2DQuantized.Run(Window2x2(-32768, 32767), [-300, -200, -32768, -201], o16);
        Assert.Equal(-200, o16[0]);
        var ou = new byte[1];
        MaxPool2DQuantized.Run(Window2x2(10, 255), [1, 2, 3, 4], ou);
        Assert.Equal(10, ou[0]);
    }

    [Fact]
    public void RandomPoolsMatchNaive()
    {
        var r = new QuantRandom(4242);
        for (int trial = 0; trial < 20; trial++)
        {
            int fH = r.Next(1, 3), fW = r.Next(1, 3), sH = r.Next(1, 2), sW = r.Next(1, 2);
            int inH = r.Next(fH, 7), inW = r.Next(fW, 7), padH = r.Next(0, fH - 1), padW = r.Next(0, fW - 1);
            var p = new QuantizedPoolParams
            {
                Batches = r.Next(1, 2), InputHeight = inH, InputWidth = inW, Depth = r.Next(1, 9),
                OutputHeight = (inH + 2 * padH - fH) / sH + 1, OutputWidth = (inW + 2 * padW - fW) / sW + 1,
                FilterHeight = fH, FilterWidth = fW, StrideHeight = sH, StrideWidth = sW, PadHeight = padH, PadWidth = padW,
                ActivationMin = r.Next(-128, -100), ActivationMax = r.Next(100, 127),
            };
            int inSize = p.Batches * inH * inW * p.Depth, outSize = p.Batches * p.OutputHeight * p.OutputWidth * p.Depth;
            var input = r.Int8(inSize);
            var output = new sbyte[outSize];
            Assert.True(AveragePool2DQuantized.Run(p, input, output));
            Assert.Equal(NaiveKernels.Pool(p, QuantRandom.Ints(input), true, sbyte.MinValue), QuantRandom.Ints(output));
            MaxPool2DQuantized.Run(p, input, output);
            Assert.Equal(NaiveKernels.Pool(p, QuantRandom.Ints(input), false, sbyte.MinValue), QuantRandom.Ints(output));

            var p16 = p with { ActivationMin = -32768, ActivationMax = 32767 };
            var input16 = r.Int16(inSize);
            var out16 = new short[outSize];
            AveragePool2DQuantized.Run(p16, input16, out16);
            Assert.Equal(NaiveKernels.Pool(p16, QuantRandom.Ints(input16), true, short.MinValue), QuantRandom.Ints(out16));
            MaxPool2DQuantized.Run(p16, input16, out16);
            Assert.Equal(NaiveKernels.Pool(p16, QuantRandom.Ints(input16), false, short.MinValue), QuantRandom.Ints(out16));

            var pu = p with { ActivationMin = 0, ActivationMax = 255 };
            var inputU = r.UInt8(inSize);
            var outU = new byte[outSize];
            AveragePool2DQuantized.Run(pu, inputU, outU);
            Assert.Equal(NaiveKernels.Pool(pu, QuantRandom.Ints(inputU), true, 0), QuantRandom.Ints(outU));
            MaxPool2DQuantized.Run(pu, inputU, outU);
            Assert.Equal(NaiveKernels.Pool(pu, QuantRandom.Ints(inputU), false, 0), QuantRandom.Ints(outU));
        }
    }
}
