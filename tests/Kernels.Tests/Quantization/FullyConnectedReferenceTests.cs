using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;
using ManagedLite.Kernels.Reference.Quantized;
using Xunit;

namespace ManagedLite.Kernels.Tests.Quantization;

public class FullyConnectedReferenceTests
{
    [Fact]
    public void Int8HandCase()
    {
        // inputs + 1: (2,3,4) and (0,-1,-2); rows (1,0,-1) and (2,2,2); bias (1,-1); x0.5; + 3
        // b0: -1 -> -0.5 -> 0 (SRDHM rounds half up) -> 3; 17 -> 8.5 -> 9 -> 12
        // b1:  3 ->  1.5 -> 2 -> 5;                      -7 -> -3.5 -> -3 -> 0
        var p = new QuantizedFullyConnectedParams
        {
            Batches = 2, AccumDepth = 3, OutputDepth = 2, InputOffset = 1, OutputOffset = 3,
            OutputMultiplier = 1 << 30, OutputShift = 0, ActivationMin = -128, ActivationMax = 127,
        };
        var output = new sbyte[4];
        FullyConnectedInt8.Run(p, [1, 2, 3, -1, -2, -3], [1, 0, -1, 2, 2, 2], [1, -1], output);
        Assert.Equal(new sbyte[] { 3, 12, 5, 0 }, output);
        FullyConnectedInt8.RunPerChannel(p with { PerChannelMultiplier = [1 << 30, 1 << 30], PerChannelShift = [0, 0] },
            [1, 2, 3, -1, -2, -3], [1, 0, -1, 2, 2, 2], [1, -1], output);
        Assert.Equal(new sbyte[] { 3, 12, 5, 0 }, output);
        // per-tensor with a filter offset of -1: rows become (0,-1,-2) and (1,1,1)
        FullyConnectedInt8.Run(p with { WeightsOffset = -1 }, [1, 2, 3, -1, -2, -3], [1, 0, -1, 2, 2, 2], [1, -1], output);
        // b0: -3-8+1 = -10 -> -5 -> -2; 9-1 = 8 -> 4 -> 7. b1: 1+4+1 = 6 -> 3 -> 6; -3-1 = -4 -> -2 -> 1
        Assert.Equal(new sbyte[] { -2, 7, 6, 1 }, output);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 7, 3)]
    [InlineData(3, 33, 17)]
    [InlineData(1, 64, 16)]
    public void AllVariantsMatchNaive(int batches, int depth, int outputs)
    {
        var r = new QuantRandom(batches * 1000 + depth * 10 + outputs);
        for (int trial = 0; trial < 4; trial++)
        {
            var (m, s) = r.PerChannel(outputs, -12, -4);
            var p = new QuantizedFullyConnectedParams
            {
                Batches = batches, AccumDepth = depth, OutputDepth = outputs, InputOffset = r.Next(-127, 128),
                WeightsOffset = trial % 2 == 0 ? 0 : r.Next(-127, 128), OutputOffset = r.Next(-128, 127),
                OutputMultiplier = m[0], OutputShift = s[0], PerChannelMultiplier = m, PerChannelShift = s,
                ActivationMin = r.Next(-128, -60), ActivationMax = r.Next(60, 127),
            };
            var input = r.Int8(batches * depth);
            var filter = r.Int8(outputs * depth, -127);
            var bias = r.Int32(outputs, 10000);
            var output = new sbyte[batches * outputs];
            FullyConnectedInt8.Run(p, input, filter, bias, output);
            Assert.Equal(NaiveKernels.FullyConnected(p, QuantRandom.Ints(input), QuantRandom.Ints(filter), QuantRandom.Longs(bias), false, false), QuantRandom.Ints(output));
            FullyConnectedInt8.RunPerChannel(p, input, filter, [], output);
            Assert.Equal(NaiveKernels.FullyConnected(p, QuantRandom.Ints(input), QuantRandom.Ints(filter), null, true, false), QuantRandom.Ints(output));

            var p16 = p with { InputOffset = 0, OutputOffset = 0, ActivationMin = -32768, ActivationMax = 32767 };
            var input16 = r.Int16(batches * depth);
            var bias64 = r.Int64(outputs, 1L << 32);
            var out16 = new short[batches * outputs];
            FullyConnectedInt16x8.Run(p16, input16, filter, bias64, out16);
            Assert.Equal(NaiveKernels.FullyConnected(p16, QuantRandom.Ints(input16), QuantRandom.Ints(filter), bias64, false, false, singleRounding: true), QuantRandom.Ints(out16));
            FullyConnectedInt16x8.RunPerChannel(p16, input16, filter, bias64, out16);
            Assert.Equal(NaiveKernels.FullyConnected(p16, QuantRandom.Ints(input16), QuantRandom.Ints(filter), bias64, true, false, singleRounding: true), QuantRandom.Ints(out16));
            FullyConnectedInt16x8.Run(p16, input16, filter, bias, out16);
            Assert.Equal(NaiveKernels.FullyConnected(p16, QuantRandom.Ints(input16), QuantRandom.Ints(filter), QuantRandom.Longs(bias), false, false, singleRounding: true), QuantRandom.Ints(out16));
            FullyConnectedInt16x8.RunPerChannel(p16, input16, filter, bias, out16);
            Assert.Equal(NaiveKernels.FullyConnected(p16, QuantRandom.Ints(input16), QuantRandom.Ints(filter), QuantRandom.Longs(bias), true, false, singleRounding: true), QuantRandom.Ints(out16));

            var pu = p with { InputOffset = -r.Next(0, 255), WeightsOffset = -r.Next(0, 255), OutputOffset = r.Next(0, 255), ActivationMin = 0, ActivationMax = 255 };
            var inputU = r.UInt8(batches * depth);
            var filterU = r.UInt8(outputs * depth);
            var outU = new byte[batches * outputs];
            FullyConnectedUInt8.Run(pu, inputU, filterU, bias, outU);
            Assert.Equal(NaiveKernels.FullyConnected(pu, QuantRandom.Ints(inputU), QuantRandom.Ints(filterU), QuantRandom.Longs(bias), false, false), QuantRandom.Ints(outU));
        }
    }
}
