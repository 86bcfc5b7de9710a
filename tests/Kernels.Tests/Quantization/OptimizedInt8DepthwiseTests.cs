using System.Runtime.Intrinsics.X86;
using ManagedLite.Kernels.Params;
using Xunit;
using Opt = ManagedLite.Kernels.Optimized.Quantized;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Tests.Quantization;

/// <summary>
/// The packed int8 depthwise convolution against the reference, bit-exact: output channel counts around the 16-channel
/// block, depth multipliers 1..4 and 8 (input channels 1), odd and even tap counts, strides, dilations, paddings,
/// extreme zero points and wrapping biases.
/// </summary>
public class OptimizedInt8DepthwiseTests
{
    public static TheoryData<int> Depths => [1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65];

    [Theory]
    [MemberData(nameof(Depths))]
    public void PackedDepthwiseMatchesReference(int inDepth)
    {
        if (!Avx2.IsSupported) return;
        var r = new QuantRandom(50_000 + inDepth);
        for (int trial = 0; trial < 6; trial++)
        {
            int dm = trial < 2 ? 1 : r.Next(1, inDepth > 20 ? 2 : 4);
            int outDepth = inDepth * dm;
            var (m, s) = r.PerChannel(outDepth, trial == 3 ? -30 : -14, trial == 3 ? 3 : -6);
            int inputOffset = trial switch { 1 => -127, 2 => 128, _ => r.Next(-127, 128) };
            var p = r.ConvGeometry(inDepth, outDepth, depthwise: true, depthMultiplier: dm) with
            {
                InputOffset = inputOffset, OutputOffset = r.Next(-128, 127), PerChannelMultiplier = m, PerChannelShift = s,
                ActivationMin = r.Next(-128, -60), ActivationMax = r.Next(60, 127),
            };
            int[] bias = trial == 5 ? [] : r.Int32(outDepth, trial == 3 ? int.MaxValue - 1 : 1 << 20);
            Check(p, r.Int8(p.Batches * p.InputHeight * p.InputWidth * inDepth), r.Int8(p.FilterHeight * p.FilterWidth * outDepth), bias);
        }
    }

    [Fact]
    public void PackedDepthwiseMicroSpeechShapeAndExtremes()
    {
        if (!Avx2.IsSupported) return;
        var r = new QuantRandom(8);
        // micro_speech: [1, 49, 40, 1] * [1, 10, 8, 8], stride 2, SAME -> [1, 25, 20, 8]
        var (m, s) = r.PerChannel(8);
        var p = new QuantizedConvParams
        {
            Batches = 1, InputHeight = 49, InputWidth = 40, InputDepth = 1, FilterHeight = 10, FilterWidth = 8, OutputHeight = 25, OutputWidth = 20,
            OutputDepth = 8, DepthMultiplier = 8, StrideHeight = 2, StrideWidth = 2, DilationHeight = 1, DilationWidth = 1, PadHeight = 4, PadWidth = 3,
            InputOffset = 128, OutputOffset = -128, PerChannelMultiplier = m, PerChannelShift = s, ActivationMin = -128, ActivationMax = 127,
        };
        Check(p, r.Int8(49 * 40), r.Int8(10 * 8 * 8), r.Int32(8, 1 << 16));
        var input = new sbyte[49 * 40];
        var filter = new sbyte[10 * 8 * 8];
        input.AsSpan().Fill(127);
        filter.AsSpan().Fill(-128);
        Check(p, input, filter, []);
        // 3x3 stride 2 with 96 channels over an odd image, mobilenet-like
        (m, s) = r.PerChannel(96);
        p = new QuantizedConvParams
        {
            Batches = 1, InputHeight = 15, InputWidth = 13, InputDepth = 96, FilterHeight = 3, FilterWidth = 3, OutputHeight = 7, OutputWidth = 6,
            OutputDepth = 96, DepthMultiplier = 1, StrideHeight = 2, StrideWidth = 2, DilationHeight = 1, DilationWidth = 1, PadHeight = 0, PadWidth = 0,
            InputOffset = -5, OutputOffset = 3, PerChannelMultiplier = m, PerChannelShift = s, ActivationMin = -128, ActivationMax = 127,
        };
        Check(p, r.Int8(15 * 13 * 96), r.Int8(9 * 96), r.Int32(96, 1 << 20));
        // rows wider than the 32-pixel requantization chunk (31, 32, 33, 65 output columns), left shifts in some channels
        foreach (int outW in new[] { 31, 32, 33, 65 })
        {
            (m, s) = r.PerChannel(24, -12, 2);
            p = new QuantizedConvParams
            {
                Batches = 1, InputHeight = 3, InputWidth = outW, InputDepth = 24, FilterHeight = 3, FilterWidth = 3, OutputHeight = 3, OutputWidth = outW,
                OutputDepth = 24, DepthMultiplier = 1, StrideHeight = 1, StrideWidth = 1, DilationHeight = 1, DilationWidth = 1, PadHeight = 1, PadWidth = 1,
                InputOffset = 7, OutputOffset = -4, PerChannelMultiplier = m, PerChannelShift = s, ActivationMin = -128, ActivationMax = 127,
            };
            Check(p, r.Int8(3 * outW * 24), r.Int8(9 * 24), r.Int32(24, 1 << 12));
        }
    }

    [Fact]
    public void PackRejectsOutOfRangeOffsets()
    {
        var r = new QuantRandom(3);
        var (m, s) = r.PerChannel(4);
        var p = r.ConvGeometry(4, 4, depthwise: true, depthMultiplier: 1) with { PerChannelMultiplier = m, PerChannelShift = s, ActivationMin = -128, ActivationMax = 127 };
        var filter = r.Int8(p.FilterHeight * p.FilterWidth * 4);
        Assert.Null(Opt.DepthwiseConv2DInt8.TryPack(p with { InputOffset = 129 }, filter, []));
        Assert.Null(Opt.DepthwiseConv2DInt8.TryPack(p with { InputOffset = -128 }, filter, []));
    }

    private static void Check(QuantizedConvParams p, sbyte[] input, sbyte[] filter, int[] bias)
    {
        var expected = new sbyte[p.Batches * p.OutputHeight * p.OutputWidth * p.OutputDepth];
        Ref.DepthwiseConv2DInt8.Run(p, input, filter, bias, expected);
        var packed = Opt.DepthwiseConv2DInt8.TryPack(p, filter, bias);
        Assert.NotNull(packed);
        var scratch = new byte[Opt.DepthwiseConv2DInt8.PackedScratchBytes(packed)];
        var actual = new sbyte[expected.Length];
        Opt.DepthwiseConv2DInt8.RunPacked(p, packed, input, actual, scratch);
        Assert.Equal(expected, actual);
        Opt.DepthwiseConv2DInt8.RunPacked(p, packed, input, actual, scratch); // reused scratch
        Assert.Equal(expected, actual);
    }
}
