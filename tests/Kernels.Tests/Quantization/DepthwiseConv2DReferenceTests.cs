using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;
using ManagedLite.Kernels.Reference.Quantized;
using Xunit;

namespace ManagedLite.Kernels.Tests.Quantization;

public class DepthwiseConv2DReferenceTests
{
    [Fact]
    public void Int8HandCaseWithDepthMultiplier()
    {
        // input 2x2x1 {1,2,3,4}, depth multiplier 2, filter [1,2,2,2]: channel 0 all ones, channel 1 alternating +1/-1 in x
        var p = new QuantizedConvParams
        {
            Batches = 1, InputHeight = 2, InputWidth = 2, InputDepth = 1, FilterHeight = 2, FilterWidth = 2,
            OutputHeight = 1, OutputWidth = 1, OutputDepth = 2, DepthMultiplier = 2, StrideHeight = 1, StrideWidth = 1,
            DilationHeight = 1, DilationWidth = 1, PerChannelMultiplier = [1 << 30, 1 << 30], PerChannelShift = [1, 1],
            ActivationMin = -128, ActivationMax = 127,
        };
        var output = new sbyte[2];
        DepthwiseConv2DInt8.Run(p, [1, 2, 3, 4], [1, 1, 1, -1, 1, 1, 1, -1], [0, 5], output);
        Assert.Equal(new sbyte[] { 10, 3 }, output); // 1+2+3+4 = 10; 1-2+3-4+5 = 3
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 1)]
    [InlineData(8, 1)]
    [InlineData(17, 1)]
    [InlineData(2, 3)]
    [InlineData(1, 8)]
    public void Int8MatchesNaive(int inDepth, int depthMultiplier)
    {
        var r = new QuantRandom(500 + inDepth * 7 + depthMultiplier);
        int outDepth = inDepth * depthMultiplier;
        for (int trial = 0; trial < 6; trial++)
        {
            var (m, s) = r.PerChannel(outDepth, -10, -4);
            var p = r.ConvGeometry(inDepth, outDepth, depthwise: true, depthMultiplier: depthMultiplier) with
            {
                InputOffset = r.Next(-127, 128), OutputOffset = r.Next(-128, 127), PerChannelMultiplier = m, PerChannelShift = s,
                ActivationMin = r.Next(-128, -60), ActivationMax = r.Next(60, 127),
            };
            var input = r.Int8(p.Batches * p.InputHeight * p.InputWidth * inDepth);
            var filter = r.Int8(p.FilterHeight * p.FilterWidth * outDepth, -127);
            var bias = trial == 0 ? [] : r.Int32(outDepth, 3000);
            var output = new sbyte[p.Batches * p.OutputHeight * p.OutputWidth * outDepth];
            DepthwiseConv2DInt8.Run(p, input, filter, bias, output);
            var expected = NaiveKernels.Depthwise(p, QuantRandom.Ints(input), QuantRandom.Ints(filter),
                bias.Length == 0 ? null : QuantRandom.Longs(bias), NaiveKernels.Requant.Int32PerChannel);
            Assert.Equal(expected, QuantRandom.Ints(output));
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 2)]
    public void Int16x8MatchesNaive(int inDepth, int depthMultiplier)
    {
        var r = new QuantRandom(900 + inDepth * 7 + depthMultiplier);
        int outDepth = inDepth * depthMultiplier;
        for (int trial = 0; trial < 6; trial++)
        {
            var (m, s) = r.PerChannel(outDepth, -10, -2);
            var p = r.ConvGeometry(inDepth, outDepth, depthwise: true, depthMultiplier: depthMultiplier) with
            {
                PerChannelMultiplier = m, PerChannelShift = s, ActivationMin = -32768, ActivationMax = 32767,
            };
            var input = r.Int16(p.Batches * p.InputHeight * p.InputWidth * inDepth);
            var filter = r.Int8(p.FilterHeight * p.FilterWidth * outDepth, -127);
            var bias = r.Int64(outDepth, 1L << 30);
            var output = new short[p.Batches * p.OutputHeight * p.OutputWidth * outDepth];
            DepthwiseConv2DInt16x8.Run(p, input, filter, bias, output);
            var expected = NaiveKernels.Depthwise(p, QuantRandom.Ints(input), QuantRandom.Ints(filter), bias, NaiveKernels.Requant.Int64PerChannel);
            Assert.Equal(expected, QuantRandom.Ints(output));
        }
    }

    [Fact]
    public void UInt8MatchesNaive()
    {
        var r = new QuantRandom(1234);
        for (int trial = 0; trial < 10; trial++)
        {
            int inDepth = r.Next(1, 6), dm = r.Next(1, 3);
            QuantizedMultiplier.Quantize(Math.Pow(2, -14 + 8 * r.Next(0, 1000) / 1000.0), out int mult, out int shift);
            var p = r.ConvGeometry(inDepth, inDepth * dm, depthwise: true, depthMultiplier: dm) with
            {
                InputOffset = -r.Next(0, 255), WeightsOffset = -r.Next(0, 255), OutputOffset = r.Next(0, 255),
                OutputMultiplier = mult, OutputShift = shift, ActivationMin = 0, ActivationMax = 255,
            };
            var input = r.UInt8(p.Batches * p.InputHeight * p.InputWidth * inDepth);
            var filter = r.UInt8(p.FilterHeight * p.FilterWidth * p.OutputDepth);
            var bias = r.Int32(p.OutputDepth, 5000);
            var output = new byte[p.Batches * p.OutputHeight * p.OutputWidth * p.OutputDepth];
            DepthwiseConv2DUInt8.Run(p, input, filter, bias, output);
            var expected = NaiveKernels.Depthwise(p, QuantRandom.Ints(input), QuantRandom.Ints(filter), QuantRandom.Longs(bias), NaiveKernels.Requant.Int32PerTensor);
            Assert.Equal(expected, QuantRandom.Ints(output));
        }
    }

    [Fact]
    public void RejectsWrongDepthMultiplier()
    {
        var p = new QuantizedConvParams
        {
            Batches = 1, InputHeight = 1, InputWidth = 1, InputDepth = 2, FilterHeight = 1, FilterWidth = 1,
            OutputHeight = 1, OutputWidth = 1, OutputDepth = 3, DepthMultiplier = 1, StrideHeight = 1, StrideWidth = 1,
            DilationHeight = 1, DilationWidth = 1, PerChannelMultiplier = [1, 1, 1], PerChannelShift = [0, 0, 0],
            ActivationMin = -128, ActivationMax = 127,
        };
        Assert.Throws<ArgumentException>(() => DepthwiseConv2DInt8.Run(p, new sbyte[2], new sbyte[3], [], new sbyte[3]));
    }
}
