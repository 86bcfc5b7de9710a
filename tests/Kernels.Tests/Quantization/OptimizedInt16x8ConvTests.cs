using System.Runtime.Intrinsics.X86;
using ManagedLite.Kernels.Params;
using Xunit;
using Opt = ManagedLite.Kernels.Optimized.Quantized;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Tests.Quantization;

/// <summary>
/// The packed int16x8 convolution (int16 im2col, vpmaddwd GEMM in exact int32 runs of K, int64 totals) against the
/// scalar reference, bit-exact: channel counts around the 16-channel block and the 2-value K step, strides, dilations,
/// paddings, int64 and int32 (wrapping) biases, no bias, and extreme values with a K long enough to need several runs.
/// </summary>
public class OptimizedInt16x8ConvTests
{
    public static TheoryData<int> Depths => [1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65];

    [Theory]
    [MemberData(nameof(Depths))]
    public void PackedConv2DMatchesReference(int inDepth)
    {
        if (!Avx2.IsSupported) return;
        var r = new QuantRandom(61_000 + inDepth);
        int[] outDepths = [1, 2, 7, 15, 16, 17, 31, 32, 33, 63, 64, 65];
        for (int trial = 0; trial < 6; trial++)
        {
            int outDepth = trial == 0 ? inDepth : outDepths[r.Next(0, outDepths.Length - 1)];
            var (m, s) = r.PerChannel(outDepth, trial == 3 ? -30 : -20, trial == 3 ? 3 : -10);
            var p = r.ConvGeometry(inDepth, outDepth) with
            {
                PerChannelMultiplier = m, PerChannelShift = s,
                ActivationMin = r.Next(short.MinValue, -1000), ActivationMax = r.Next(1000, short.MaxValue),
            };
            var input = r.Int16(p.Batches * p.InputHeight * p.InputWidth * inDepth);
            var filter = r.Int8(outDepth * p.FilterHeight * p.FilterWidth * inDepth);
            long[] bias64 = trial == 5 ? [] : r.Int64(outDepth, trial == 4 ? 1L << 40 : 1L << 24);
            Check(p, input, filter, bias64, null);
            Check(p, input, filter, [], r.Int32(outDepth, trial == 4 ? int.MaxValue - 1 : 1 << 24));
        }
    }

    [Fact]
    public void ExtremeValuesNeedSeveralExactRuns()
    {
        if (!Avx2.IsSupported) return;
        var r = new QuantRandom(7);
        // K = 3 * 3 * 300 = 2700 values of (-32768) x (-128): the int64 sum is far outside int32, the int32 one wraps.
        var (m, s) = r.PerChannel(20, -40, -30);
        var p = new QuantizedConvParams
        {
            Batches = 1, InputHeight = 7, InputWidth = 9, InputDepth = 300, FilterHeight = 3, FilterWidth = 3,
            OutputHeight = 4, OutputWidth = 5, OutputDepth = 20, StrideHeight = 2, StrideWidth = 2, DilationHeight = 1, DilationWidth = 1,
            PadHeight = 1, PadWidth = 1, PerChannelMultiplier = m, PerChannelShift = s, ActivationMin = short.MinValue, ActivationMax = short.MaxValue,
        };
        var input = new short[7 * 9 * 300];
        var filter = new sbyte[20 * 9 * 300];
        input.AsSpan().Fill(short.MinValue);
        filter.AsSpan().Fill(sbyte.MinValue);
        Check(p, input, filter, r.Int64(20, 1L << 40), null);
        Check(p, input, filter, [], r.Int32(20, int.MaxValue - 1));
        // Mixed signs at the extremes, the multiplier near 1.
        (m, s) = r.PerChannel(20, -31, -28);
        p = p with { PerChannelMultiplier = m, PerChannelShift = s };
        for (int i = 0; i < input.Length; i++) input[i] = (i % 3) == 0 ? short.MaxValue : short.MinValue;
        for (int i = 0; i < filter.Length; i++) filter[i] = (i % 5) == 0 ? sbyte.MaxValue : sbyte.MinValue;
        Check(p, input, filter, [], null);
        Check(p, input, filter, [], r.Int32(20, 1 << 30));
    }

    [Fact]
    public void RowAndChannelRangesGiveTheWholeResult()
    {
        if (!Avx2.IsSupported) return;
        var r = new QuantRandom(8);
        var (m, s) = r.PerChannel(40, -20, -12);
        var p = new QuantizedConvParams
        {
            Batches = 2, InputHeight = 13, InputWidth = 11, InputDepth = 24, FilterHeight = 3, FilterWidth = 3,
            OutputHeight = 13, OutputWidth = 11, OutputDepth = 40, StrideHeight = 1, StrideWidth = 1, DilationHeight = 1, DilationWidth = 1,
            PadHeight = 1, PadWidth = 1, PerChannelMultiplier = m, PerChannelShift = s, ActivationMin = short.MinValue, ActivationMax = short.MaxValue,
        };
        var input = r.Int16(2 * 13 * 11 * 24);
        var filter = r.Int8(40 * 9 * 24);
        var bias = r.Int64(40, 1L << 30);
        var expected = new short[2 * 13 * 11 * 40];
        Ref.Conv2DInt16x8.Run(p, input, filter, bias, expected);
        var packed = Opt.Conv2DInt16x8.TryPack(p, filter)!;
        var scratch = new byte[Opt.Conv2DInt16x8.PackedScratchBytes(p)];
        var actual = new short[expected.Length];
        int pixels = 13 * 11;
        int[] cuts = [0, 5, 64, pixels - 1, pixels];
        for (int c = 0; c + 1 < cuts.Length; c++)
        {
            Opt.Conv2DInt16x8.RunPacked(p, packed, input, bias, default, false, actual, scratch, cuts[c], cuts[c + 1], 0, 1);
            Opt.Conv2DInt16x8.RunPacked(p, packed, input, bias, default, false, actual, scratch, cuts[c], cuts[c + 1], 1, packed.Blocks);
        }
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(1, 1, 1, false, 0)]
    [InlineData(1, 1024, 1000, false, 0)]
    [InlineData(3, 333, 65, true, 0)]
    [InlineData(8, 17, 33, false, 5)]
    [InlineData(32, 256, 16, true, 0)]
    [InlineData(5, 2700, 7, false, 0)]
    public void PackedFullyConnectedMatchesReference(int batches, int depth, int units, bool perChannel, int weightsOffset)
    {
        if (!Avx2.IsSupported) return;
        var r = new QuantRandom(batches * 1000 + depth + units);
        var (m, s) = r.PerChannel(units, -20, -10);
        var fc = new QuantizedFullyConnectedParams
        {
            Batches = batches, AccumDepth = depth, OutputDepth = units, WeightsOffset = weightsOffset,
            OutputMultiplier = m[0], OutputShift = s[0], PerChannelMultiplier = perChannel ? m : null, PerChannelShift = perChannel ? s : null,
            ActivationMin = r.Next(short.MinValue, -1000), ActivationMax = r.Next(1000, short.MaxValue),
        };
        var input = r.Int16(batches * depth);
        var weights = r.Int8(units * depth);
        if (depth == 2700) { input.AsSpan().Fill(short.MaxValue); weights.AsSpan().Fill(sbyte.MaxValue); } // sums past int32
        foreach (bool int32Bias in new[] { false, true })
        {
            long[] bias64 = int32Bias ? [] : r.Int64(units, 1L << 36);
            int[] bias32 = int32Bias ? r.Int32(units, int.MaxValue - 1) : [];
            var expected = new short[batches * units];
            if (perChannel)
            {
                if (int32Bias) Ref.FullyConnectedInt16x8.RunPerChannel(fc, input, weights, bias32, expected);
                else Ref.FullyConnectedInt16x8.RunPerChannel(fc, input, weights, bias64, expected);
            }
            else if (int32Bias) Ref.FullyConnectedInt16x8.Run(fc, input, weights, bias32, expected);
            else Ref.FullyConnectedInt16x8.Run(fc, input, weights, bias64, expected);
            var conv = Opt.Conv2DInt16x8.FullyConnectedParams(fc, perChannel);
            var packed = Opt.Conv2DInt16x8.TryPack(conv, weights, perChannel ? 0 : weightsOffset)!;
            var actual = new short[expected.Length];
            Opt.Conv2DInt16x8.RunPacked(conv, packed, input, bias64, bias32, int32Bias, actual, new byte[Opt.Conv2DInt16x8.PackedScratchBytes(conv)], 0, batches,
                                        0, packed.Blocks, singleRounding: true);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void PackRejectsGroupedConvolution()
    {
        var r = new QuantRandom(9);
        var (m, s) = r.PerChannel(4);
        var p = r.ConvGeometry(8, 4) with { PerChannelMultiplier = m, PerChannelShift = s, ActivationMin = short.MinValue, ActivationMax = short.MaxValue };
        Assert.Null(Opt.Conv2DInt16x8.TryPack(p with { FilterInputDepth = 4 }, r.Int8(4 * p.FilterHeight * p.FilterWidth * 4)));
    }

    private static void Check(QuantizedConvParams p, short[] input, sbyte[] filter, long[] bias64, int[]? bias32)
    {
        var expected = new short[p.Batches * p.OutputHeight * p.OutputWidth * p.OutputDepth];
        if (bias32 is not null) Ref.Conv2DInt16x8.Run(p, input, filter, bias32, expected);
        else Ref.Conv2DInt16x8.Run(p, input, filter, bias64, expected);
        var packed = Opt.Conv2DInt16x8.TryPack(p, filter);
        Assert.NotNull(packed);
        var scratch = new byte[Opt.Conv2DInt16x8.PackedScratchBytes(p)];
        var actual = new short[expected.Length];
        Opt.Conv2DInt16x8.RunPacked(p, packed, input, bias64, bias32 ?? default, bias32 is not null, actual, scratch, 0, p.OutputHeight * p.OutputWidth,
                                    0, packed.Blocks);
        Assert.Equal(expected, actual);
    }
}
