using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Reference.Quantized;
using Xunit;

namespace ManagedLite.Kernels.Tests.Quantization;

public class TransposeConvReferenceTests
{
    private static QuantizedConvParams Line(int inW, int fW, int stride, int outW) => new()
    {
        Batches = 1, InputHeight = 1, InputWidth = inW, InputDepth = 1, FilterHeight = 1, FilterWidth = fW,
        OutputHeight = 1, OutputWidth = outW, OutputDepth = 1, StrideHeight = 1, StrideWidth = stride,
        PerChannelMultiplier = [1 << 30], PerChannelShift = [1], ActivationMin = -128, ActivationMax = 127,
    };

    [Fact]
    public void Int8HandCases()
    {
        var output = new sbyte[4];
        TransposeConvInt8.Run(Line(2, 2, 2, 4), [1, 2], [1, 10], [], output, new int[4]);
        Assert.Equal(new sbyte[] { 1, 10, 2, 20 }, output);
        output = new sbyte[3];
        TransposeConvInt8.Run(Line(2, 2, 1, 3), [1, 2], [1, 10], [], output, new int[3]);
        Assert.Equal(new sbyte[] { 1, 12, 20 }, output);
        // input offset 1, bias 3, output offset -5, padding 1 trims the first output column
        TransposeConvInt8.Run(Line(2, 2, 2, 3) with { PadWidth = 1, InputOffset = 1, OutputOffset = -5 }, [1, 2], [1, 10], [3], output, new int[3]);
        Assert.Equal(new sbyte[] { 20 + 3 - 5, 3 + 3 - 5, 30 + 3 - 5 }, output);
    }

    [Fact]
    public void Int16HandCase()
    {
        var p = Line(2, 2, 1, 3) with { ActivationMin = short.MinValue, ActivationMax = short.MaxValue };
        var output = new short[3];
        TransposeConvInt16x8.Run(p, [1000, -3000], [7, -5], new long[] { 1 }, output, new long[3]);
        Assert.Equal(new short[] { 7001, -5000 - 21000 + 1, 15001 }, output);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(8, 5)]
    [InlineData(2, 17)]
    public void MatchesNaiveGatherForm(int inDepth, int outDepth)
    {
        var r = new QuantRandom(77 + inDepth * 13 + outDepth);
        for (int trial = 0; trial < 6; trial++)
        {
            var (m, s) = r.PerChannel(outDepth, -10, -4);
            var p = r.ConvGeometry(inDepth, outDepth, transpose: true) with
            {
                InputOffset = r.Next(-127, 128), OutputOffset = r.Next(-128, 127), PerChannelMultiplier = m, PerChannelShift = s,
                ActivationMin = -128, ActivationMax = 127,
            };
            int inSize = p.Batches * p.InputHeight * p.InputWidth * inDepth;
            int outSize = p.Batches * p.OutputHeight * p.OutputWidth * outDepth;
            var input = r.Int8(inSize);
            var filter = r.Int8(outDepth * p.FilterHeight * p.FilterWidth * inDepth, -127);
            var bias = r.Int32(outDepth, 2000);
            var output = new sbyte[outSize];
            var scratch = new int[outSize + 3];
            scratch.AsSpan().Fill(12345); // must be cleared by the kernel
            TransposeConvInt8.Run(p, input, filter, bias, output, scratch);
            Assert.Equal(NaiveKernels.TransposeConv(p, QuantRandom.Ints(input), QuantRandom.Ints(filter), QuantRandom.Longs(bias),
                NaiveKernels.Requant.Int32PerChannel), QuantRandom.Ints(output));

            var p16 = p with { InputOffset = 0, OutputOffset = 0, ActivationMin = -32768, ActivationMax = 32767 };
            var input16 = r.Int16(inSize);
            var bias64 = r.Int64(outDepth, 1L << 33);
            var out16 = new short[outSize];
            var scratch64 = new long[outSize];
            scratch64.AsSpan().Fill(-1);
            TransposeConvInt16x8.Run(p16, input16, filter, bias64, out16, scratch64);
            Assert.Equal(NaiveKernels.TransposeConv(p16, QuantRandom.Ints(input16), QuantRandom.Ints(filter), bias64,
                NaiveKernels.Requant.Int64PerChannel), QuantRandom.Ints(out16));
        }
    }

    [Fact]
    public void RejectsShortScratch() =>
        Assert.Throws<ArgumentException>(() => TransposeConvInt8.Run(Line(2, 2, 2, 4), [1, 2], [1, 10], [], new sbyte[4], new int[3]));
}
