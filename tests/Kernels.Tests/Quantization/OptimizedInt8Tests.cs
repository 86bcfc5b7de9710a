using ManagedLite.Kernels.Params;
using Xunit;
using Opt = ManagedLite.Kernels.Optimized.Quantized;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Tests.Quantization;

/// <summary>
/// Optimized int8 kernels against the reference kernels, bit-exact, on seeded random shapes and quantization
/// parameters. Channel counts straddle the vector widths used (16 int16 lanes for AVX2, 32 for AVX-512 in the dot
/// products; 8 int32 lanes in depthwise).
/// </summary>
public class OptimizedInt8Tests
{
    public static TheoryData<int> Depths => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 31, 32, 33, 63, 64, 65];

    [Theory]
    [MemberData(nameof(Depths))]
    public void Conv2DMatchesReference(int inDepth)
    {
        var r = new QuantRandom(10_000 + inDepth);
        for (int trial = 0; trial < 4; trial++)
        {
            int outDepth = trial == 0 ? inDepth : r.Next(1, 20);
            var (m, s) = r.PerChannel(outDepth);
            var p = r.ConvGeometry(inDepth, outDepth) with
            {
                InputOffset = r.Next(-127, 128), OutputOffset = r.Next(-128, 127), PerChannelMultiplier = m, PerChannelShift = s,
                ActivationMin = r.Next(-128, -60), ActivationMax = r.Next(60, 127),
            };
            var input = r.Int8(p.Batches * p.InputHeight * p.InputWidth * inDepth);
            var filter = r.Int8(outDepth * p.FilterHeight * p.FilterWidth * inDepth);
            var bias = trial == 1 ? [] : r.Int32(outDepth, 1 << 20);
            var expected = new sbyte[p.Batches * p.OutputHeight * p.OutputWidth * outDepth];
            var actual = new sbyte[expected.Length];
            Ref.Conv2DInt8.Run(p, input, filter, bias, expected);
            Opt.Conv2DInt8.Run(p, input, filter, bias, actual);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Conv2DLargePatchAndExtremes()
    {
        var r = new QuantRandom(31337);
        // 3x3x600 = 5400 taps: the patch no longer fits the stack buffer
        var (m, s) = r.PerChannel(5, -20, -12);
        var p = new QuantizedConvParams
        {
            Batches = 1, InputHeight = 4, InputWidth = 3, InputDepth = 600, FilterHeight = 3, FilterWidth = 3,
            OutputHeight = 2, OutputWidth = 3, OutputDepth = 5, StrideHeight = 2, StrideWidth = 1, DilationHeight = 1, DilationWidth = 1,
            PadHeight = 1, PadWidth = 1, InputOffset = 128, OutputOffset = 5, PerChannelMultiplier = m, PerChannelShift = s,
            ActivationMin = -128, ActivationMax = 127,
        };
        var input = new sbyte[4 * 3 * 600];
        var filter = new sbyte[5 * 9 * 600];
        input.AsSpan().Fill(127);
        filter.AsSpan().Fill(-128); // largest magnitudes: 255 * -128 per tap
        var expected = new sbyte[30];
        var actual = new sbyte[30];
        Ref.Conv2DInt8.Run(p, input, filter, [], expected);
        Opt.Conv2DInt8.Run(p, input, filter, [], actual);
        Assert.Equal(expected, actual);
        input = r.Int8(input.Length);
        filter = r.Int8(filter.Length);
        Ref.Conv2DInt8.Run(p, input, filter, [], expected);
        Opt.Conv2DInt8.Run(p, input, filter, [], actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Conv2DGroupedFallsBackToReference()
    {
        var r = new QuantRandom(5);
        var (m, s) = r.PerChannel(4);
        var p = r.ConvGeometry(8, 4) with { FilterInputDepth = 4, PerChannelMultiplier = m, PerChannelShift = s, ActivationMin = -128, ActivationMax = 127 };
        var input = r.Int8(p.Batches * p.InputHeight * p.InputWidth * 8);
        var filter = r.Int8(4 * p.FilterHeight * p.FilterWidth * 4);
        var expected = new sbyte[p.Batches * p.OutputHeight * p.OutputWidth * 4];
        var actual = new sbyte[expected.Length];
        Ref.Conv2DInt8.Run(p, input, filter, [], expected);
        Opt.Conv2DInt8.Run(p, input, filter, [], actual);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Depths))]
    public void DepthwiseMatchesReference(int depth)
    {
        var r = new QuantRandom(20_000 + depth);
        for (int trial = 0; trial < 4; trial++)
        {
            int dm = trial == 3 ? 2 : 1; // depth multiplier 2 exercises the fallback
            var (m, s) = r.PerChannel(depth * dm, -10, -4);
            var p = r.ConvGeometry(depth, depth * dm, depthwise: true, depthMultiplier: dm) with
            {
                InputOffset = r.Next(-127, 128), OutputOffset = r.Next(-128, 127), PerChannelMultiplier = m, PerChannelShift = s,
                ActivationMin = r.Next(-128, -60), ActivationMax = r.Next(60, 127),
            };
            var input = r.Int8(p.Batches * p.InputHeight * p.InputWidth * depth);
            var filter = r.Int8(p.FilterHeight * p.FilterWidth * depth * dm);
            var bias = trial == 1 ? [] : r.Int32(depth * dm, 1 << 16);
            var expected = new sbyte[p.Batches * p.OutputHeight * p.OutputWidth * depth * dm];
            var actual = new sbyte[expected.Length];
            Ref.DepthwiseConv2DInt8.Run(p, input, filter, bias, expected);
            Opt.DepthwiseConv2DInt8.Run(p, input, filter, bias, actual);
            Assert.Equal(expected, actual);
        }
    }

    [Theory]
    [MemberData(nameof(Depths))]
    public void FullyConnectedMatchesReference(int depth)
    {
        var r = new QuantRandom(30_000 + depth);
        foreach (int accumDepth in new[] { depth, depth * 3 + 1 })
        {
            int batches = r.Next(1, 3), outputs = r.Next(1, 40);
            var (m, s) = r.PerChannel(outputs, -14, -6);
            var p = new QuantizedFullyConnectedParams
            {
                Batches = batches, AccumDepth = accumDepth, OutputDepth = outputs, InputOffset = r.Next(-127, 128),
                WeightsOffset = r.Next(-127, 128), OutputOffset = r.Next(-128, 127), OutputMultiplier = m[0], OutputShift = s[0],
                PerChannelMultiplier = m, PerChannelShift = s, ActivationMin = -128, ActivationMax = 127,
            };
            var input = r.Int8(batches * accumDepth);
            var filter = r.Int8(outputs * accumDepth);
            var bias = r.Int32(outputs, 1 << 16);
            var expected = new sbyte[batches * outputs];
            var actual = new sbyte[expected.Length];
            Ref.FullyConnectedInt8.Run(p, input, filter, bias, expected);
            Opt.FullyConnectedInt8.Run(p, input, filter, bias, actual);
            Assert.Equal(expected, actual);
            Ref.FullyConnectedInt8.RunPerChannel(p, input, filter, [], expected);
            Opt.FullyConnectedInt8.RunPerChannel(p, input, filter, [], actual);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void FullyConnectedLongRowsWrapIdentically()
    {
        // 5000-deep rows (heap scratch) with extreme values; per-tensor filter offset folded into the row sum
        var r = new QuantRandom(8);
        var p = new QuantizedFullyConnectedParams
        {
            Batches = 2, AccumDepth = 5000, OutputDepth = 3, InputOffset = 128, WeightsOffset = -127, OutputOffset = 0,
            OutputMultiplier = 1 << 30, OutputShift = -20, ActivationMin = -128, ActivationMax = 127,
        };
        var input = new sbyte[10000];
        var filter = new sbyte[15000];
        input.AsSpan().Fill(127);
        filter.AsSpan().Fill(-128);
        var expected = new sbyte[6];
        var actual = new sbyte[6];
        Ref.FullyConnectedInt8.Run(p, input, filter, [], expected);
        Opt.FullyConnectedInt8.Run(p, input, filter, [], actual);
        Assert.Equal(expected, actual);
        input = r.Int8(10000);
        filter = r.Int8(15000);
        Ref.FullyConnectedInt8.Run(p, input, filter, [], expected);
        Opt.FullyConnectedInt8.Run(p, input, filter, [], actual);
        Assert.Equal(expected, actual);
    }
}
