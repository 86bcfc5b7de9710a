using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;
using ManagedLite.Kernels.Reference.Quantized;
using Xunit;

namespace ManagedLite.Kernels.Tests.Quantization;

public class Conv2DReferenceTests
{
    /// <summary>TFLite conv_test.cc SimplePerChannelTest: input scale 0.5 zp -1, filter scales {1, 2}, output scale 0.5 zp -1.</summary>
    [Fact]
    public void TflitePerChannelCase()
    {
        // input floats {3,2, 1,-1, -2,-3, 4,3, 2,-2, -3,-4} quantized q = 2x - 1
        sbyte[] input = [5, 3, 1, -3, -5, -7, 7, 5, 3, -5, -7, -9];
        // filter channel 0 (scale 1): 1..6 as given; channel 1 (scale 2): round(x / 2) half away
        sbyte[] filter = [1, 2, 3, 4, 3, 4, 5, 6, 4, 4, 3, 3, 2, 2, 1, 1];
        int[] bias = [6, -2]; // {3, -2} / (0.5 * {1, 2})
        int[] m = new int[2], s = new int[2];
        QuantizedMultiplier.PerChannel(0.5f, [1f, 2f], 0.5f, m, s);
        var p = new QuantizedConvParams
        {
            Batches = 1, InputHeight = 2, InputWidth = 3, InputDepth = 2, FilterHeight = 2, FilterWidth = 2,
            OutputHeight = 1, OutputWidth = 2, OutputDepth = 2, StrideHeight = 1, StrideWidth = 1,
            DilationHeight = 1, DilationWidth = 1, InputOffset = 1, OutputOffset = -1,
            PerChannelMultiplier = m, PerChannelShift = s, ActivationMin = -128, ActivationMax = 127,
        };
        var output = new sbyte[4];
        Conv2DInt8.Run(p, input, filter, bias, output);
        Assert.Equal(new sbyte[] { 61, 127, -115, -93 }, output);
    }

    [Fact]
    public void Int16x8HandCase()
    {
        var p = new QuantizedConvParams
        {
            Batches = 1, InputHeight = 1, InputWidth = 1, InputDepth = 2, FilterHeight = 1, FilterWidth = 1,
            OutputHeight = 1, OutputWidth = 1, OutputDepth = 1, StrideHeight = 1, StrideWidth = 1, DilationHeight = 1, DilationWidth = 1,
            PerChannelMultiplier = [1 << 30], PerChannelShift = [0], ActivationMin = short.MinValue, ActivationMax = short.MaxValue,
        };
        var output = new short[1];
        // acc = 3 * 1000 + 4 * -2000 + 500 = -4500; * 0.5 = -2250
        Conv2DInt16x8.Run(p, [1000, -2000], [3, 4], new long[] { 500 }, output);
        Assert.Equal(-2250, output[0]);
        Conv2DInt16x8.Run(p, [1000, -2000], [3, 4], new int[] { 500 }, output);
        Assert.Equal(-2250, output[0]);
        // -4501 * 0.5 = -2250.5: int64 path rounds half up (-2250), int32 path SRDHM rounds half up too (-2250)
        Conv2DInt16x8.Run(p, [1000, -2000], [3, 4], new long[] { 499 }, output);
        Assert.Equal(-2250, output[0]);
        // with activation clamp
        Conv2DInt16x8.Run(p with { ActivationMin = -100 }, [1000, -2000], [3, 4], new long[] { 500 }, output);
        Assert.Equal(-100, output[0]);
    }

    [Fact]
    public void UInt8HandCase()
    {
        // input zp 128 -> offset -128: (130, 120) -> (2, -8); filter zp 127 -> (129, 125) -> (2, -2)
        // acc = 4 + 16 + 10 = 30; * 0.25: SRDHM -> 15, RDBPOT(15, 1) = 7.5 -> 8; + 100
        var p = new QuantizedConvParams
        {
            Batches = 1, InputHeight = 1, InputWidth = 1, InputDepth = 2, FilterHeight = 1, FilterWidth = 1,
            OutputHeight = 1, OutputWidth = 1, OutputDepth = 1, StrideHeight = 1, StrideWidth = 1, DilationHeight = 1, DilationWidth = 1,
            InputOffset = -128, WeightsOffset = -127, OutputOffset = 100, OutputMultiplier = 1 << 30, OutputShift = -1,
            ActivationMin = 0, ActivationMax = 255,
        };
        var output = new byte[1];
        Conv2DUInt8.Run(p, [130, 120], [129, 125], [10], output);
        Assert.Equal(108, output[0]);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 5, 1)]
    [InlineData(8, 16, 1)]
    [InlineData(17, 9, 1)]
    [InlineData(6, 4, 2)]   // grouped: 2 groups of 3 input channels
    [InlineData(8, 8, 4)]
    public void Int8MatchesNaive(int inDepth, int outDepth, int groups)
    {
        var r = new QuantRandom(inDepth * 100 + outDepth * 10 + groups);
        for (int trial = 0; trial < 6; trial++)
        {
            var (m, s) = r.PerChannel(outDepth);
            var p = r.ConvGeometry(inDepth, outDepth) with
            {
                FilterInputDepth = inDepth / groups, InputOffset = r.Next(-127, 128), OutputOffset = r.Next(-128, 127),
                PerChannelMultiplier = m, PerChannelShift = s, ActivationMin = r.Next(-128, -60), ActivationMax = r.Next(60, 127),
            };
            var input = r.Int8(p.Batches * p.InputHeight * p.InputWidth * inDepth);
            var filter = r.Int8(outDepth * p.FilterHeight * p.FilterWidth * (inDepth / groups), -127);
            var bias = trial % 3 == 0 ? [] : r.Int32(outDepth, 20000);
            var output = new sbyte[p.Batches * p.OutputHeight * p.OutputWidth * outDepth];
            Conv2DInt8.Run(p, input, filter, bias, output);
            var expected = NaiveKernels.Conv(p, QuantRandom.Ints(input), QuantRandom.Ints(filter),
                bias.Length == 0 ? null : QuantRandom.Longs(bias), NaiveKernels.Requant.Int32PerChannel);
            Assert.Equal(expected, QuantRandom.Ints(output));
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 3)]
    [InlineData(16, 8)]
    public void Int16x8MatchesNaive(int inDepth, int outDepth)
    {
        var r = new QuantRandom(7 + inDepth * 31 + outDepth);
        for (int trial = 0; trial < 6; trial++)
        {
            var (m, s) = r.PerChannel(outDepth, -12, -4);
            var p = r.ConvGeometry(inDepth, outDepth) with
            {
                PerChannelMultiplier = m, PerChannelShift = s, ActivationMin = r.Next(-32768, -20000), ActivationMax = r.Next(20000, 32767),
            };
            var input = r.Int16(p.Batches * p.InputHeight * p.InputWidth * inDepth);
            var filter = r.Int8(outDepth * p.FilterHeight * p.FilterWidth * inDepth, -127);
            var bias64 = r.Int64(outDepth, 1L << 34);
            var output = new short[p.Batches * p.OutputHeight * p.OutputWidth * outDepth];
            Conv2DInt16x8.Run(p, input, filter, bias64, output);
            var expected = NaiveKernels.Conv(p, QuantRandom.Ints(input), QuantRandom.Ints(filter), bias64, NaiveKernels.Requant.Int64PerChannel);
            Assert.Equal(expected, QuantRandom.Ints(output));

            var bias32 = r.Int32(outDepth, 1 << 24);
            Conv2DInt16x8.Run(p, input, filter, bias32, output);
            expected = NaiveKernels.Conv(p, QuantRandom.Ints(input), QuantRandom.Ints(filter), QuantRandom.Longs(bias32), NaiveKernels.Requant.Int64PerChannel);
            Assert.Equal(expected, QuantRandom.Ints(output));
        }
    }

    [Fact]
    public void UInt8MatchesNaive()
    {
        var r = new QuantRandom(99);
        for (int trial = 0; trial < 10; trial++)
        {
            int inDepth = r.Next(1, 9), outDepth = r.Next(1, 9);
            QuantizedMultiplier.Quantize(Math.Pow(2, -16 + 8 * r.Next(0, 1000) / 1000.0), out int mult, out int shift);
            var p = r.ConvGeometry(inDepth, outDepth) with
            {
                InputOffset = -r.Next(0, 255), WeightsOffset = -r.Next(0, 255), OutputOffset = r.Next(0, 255),
                OutputMultiplier = mult, OutputShift = shift, ActivationMin = r.Next(0, 50), ActivationMax = r.Next(200, 255),
            };
            var input = r.UInt8(p.Batches * p.InputHeight * p.InputWidth * inDepth);
            var filter = r.UInt8(outDepth * p.FilterHeight * p.FilterWidth * inDepth);
            var bias = r.Int32(outDepth, 5000);
            var output = new byte[p.Batches * p.OutputHeight * p.OutputWidth * outDepth];
            Conv2DUInt8.Run(p, input, filter, bias, output);
            var expected = NaiveKernels.Conv(p, QuantRandom.Ints(input), QuantRandom.Ints(filter), QuantRandom.Longs(bias), NaiveKernels.Requant.Int32PerTensor);
            Assert.Equal(expected, QuantRandom.Ints(output));
        }
    }

    [Fact]
    public void RejectsBadArguments()
    {
        var p = new QuantizedConvParams
        {
            Batches = 1, InputHeight = 2, InputWidth = 2, InputDepth = 1, FilterHeight = 1, FilterWidth = 1,
            OutputHeight = 2, OutputWidth = 2, OutputDepth = 1, StrideHeight = 1, StrideWidth = 1, DilationHeight = 1, DilationWidth = 1,
            PerChannelMultiplier = [1 << 30], PerChannelShift = [0], ActivationMin = -128, ActivationMax = 127,
        };
        Assert.Throws<ArgumentException>(() => Conv2DInt8.Run(p, new sbyte[3], new sbyte[1], [], new sbyte[4]));
        Assert.Throws<ArgumentException>(() => Conv2DInt8.Run(p with { StrideWidth = 0 }, new sbyte[4], new sbyte[1], [], new sbyte[4]));
        Assert.Throws<ArgumentException>(() => Conv2DInt8.Run(p with { PerChannelShift = null }, new sbyte[4], new sbyte[1], [], new sbyte[4]));
        Assert.Throws<ArgumentException>(() => Conv2DInt8.Run(p with { FilterInputDepth = 2 }, new sbyte[4], new sbyte[2], [], new sbyte[4]));
    }
}
