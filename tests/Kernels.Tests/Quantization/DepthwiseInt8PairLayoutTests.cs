using ManagedLite.Kernels.Optimized.Quantized.Gemm;
using ManagedLite.Kernels.Params;
using Xunit;
using Opt = ManagedLite.Kernels.Optimized.Quantized;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Tests.Quantization;

/// <summary>
/// The tap-pair depthwise layout (AVX-512) against the reference, bit-exact, on geometries wider than the generic tests
/// (outputs up to 23 columns so the 4-pixel groups and their tails both run, filters 1..5 of odd and even width,
/// strides 1..3, dilations 1..3, paddings beyond the filter's reach, channels around the 16-lane block), for int8 and
/// legacy uint8, whole and split into row ranges; and the interleaving layout on the same cases.
/// </summary>
public class DepthwiseInt8PairLayoutTests
{
    public static TheoryData<int> Depths => [1, 15, 16, 17, 32, 33, 48];

    private static QuantizedConvParams Geometry(QuantRandom r, int depth)
    {
        int fH = r.Next(1, 5), fW = r.Next(1, 5), sH = r.Next(1, 3), sW = r.Next(1, 3), dH = r.Next(1, 3), dW = r.Next(1, 3);
        int inH = r.Next(1, 12), inW = r.Next(1, 24), padH = r.Next(0, fH), padW = r.Next(0, fW);
        int outH = Math.Max(1, (inH + 2 * padH - ((fH - 1) * dH + 1)) / sH + 1);
        int outW = Math.Max(1, (inW + 2 * padW - ((fW - 1) * dW + 1)) / sW + 1);
        return new QuantizedConvParams
        {
            Batches = r.Next(1, 2), InputHeight = inH, InputWidth = inW, InputDepth = depth, FilterHeight = fH, FilterWidth = fW,
            OutputHeight = outH, OutputWidth = outW, OutputDepth = depth, DepthMultiplier = 1, StrideHeight = sH, StrideWidth = sW,
            DilationHeight = dH, DilationWidth = dW, PadHeight = padH, PadWidth = padW,
        };
    }

    [Theory]
    [MemberData(nameof(Depths))]
    public void Int8MatchesReference(int depth)
    {
        if (!S16Gemm512.IsSupported) return; // the pair layout is chosen on AVX-512 (BW) CPUs only
        var r = new QuantRandom(7_000 + depth);
        for (int trial = 0; trial < 12; trial++)
        {
            var (m, s) = r.PerChannel(depth, trial == 3 ? -30 : -14, trial == 3 ? 3 : -6);
            var p = Geometry(r, depth) with
            {
                InputOffset = trial switch { 1 => -127, 2 => 128, _ => r.Next(-127, 128) }, OutputOffset = r.Next(-128, 127),
                PerChannelMultiplier = m, PerChannelShift = s, ActivationMin = trial % 2 == 0 ? -128 : r.Next(-128, -60), ActivationMax = trial % 2 == 0 ? 127 : r.Next(60, 127),
            };
            int[] bias = trial == 5 ? [] : r.Int32(depth, trial == 4 ? int.MaxValue - 1 : 1 << 20);
            var input = trial == 6 ? Enumerable.Repeat((sbyte)127, p.Batches * p.InputHeight * p.InputWidth * depth).ToArray() : r.Int8(p.Batches * p.InputHeight * p.InputWidth * depth);
            var filter = trial == 6 ? Enumerable.Repeat((sbyte)-127, p.FilterHeight * p.FilterWidth * depth).ToArray() : r.Int8(p.FilterHeight * p.FilterWidth * depth);
            var expected = new sbyte[p.Batches * p.OutputHeight * p.OutputWidth * depth];
            Ref.DepthwiseConv2DInt8.Run(p, input, filter, bias, expected);
            foreach (bool pairs in new[] { true, false })
            {
                var packed = Opt.DepthwiseConv2DInt8.TryPackLayout(p, filter, bias, pairs);
                Assert.NotNull(packed);
                Assert.Equal(pairs, packed.PairLayout is not null);
                var scratch = new byte[Opt.DepthwiseConv2DInt8.PackedScratchBytes(packed)];
                var actual = new sbyte[expected.Length];
                Opt.DepthwiseConv2DInt8.RunPacked(p, packed, input, actual, scratch);
                Assert.Equal(expected, actual);
                // as the operator splits rows across threads: each range widens the padded rows it reads, then computes them
                Array.Clear(actual);
                int split = r.Next(0, p.OutputHeight);
                for (int b = 0; b < p.Batches; b++)
                {
                    scratch.AsSpan().Fill(0xA5); // stale data from another node
                    Opt.DepthwiseConv2DInt8.PackedWidenRows(p, packed, input, b, scratch, split, p.OutputHeight);
                    Opt.DepthwiseConv2DInt8.PackedRows(p, packed, scratch, actual, b, split, p.OutputHeight);
                    Opt.DepthwiseConv2DInt8.PackedWidenRows(p, packed, input, b, scratch, 0, split);
                    Opt.DepthwiseConv2DInt8.PackedRows(p, packed, scratch, actual, b, 0, split);
                }
                Assert.Equal(expected, actual);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Depths))]
    public void UInt8MatchesReference(int depth)
    {
        if (!S16Gemm512.IsSupported) return; // the pair layout is chosen on AVX-512 (BW) CPUs only
        var r = new QuantRandom(8_000 + depth);
        for (int trial = 0; trial < 8; trial++)
        {
            var p = Geometry(r, depth) with
            {
                InputOffset = trial == 1 ? -255 : -r.Next(0, 255), WeightsOffset = trial == 2 ? -255 : -r.Next(0, 255), OutputOffset = r.Next(0, 255),
                OutputMultiplier = 1 << 30, OutputShift = -r.Next(8, 14), ActivationMin = 0, ActivationMax = 255,
            };
            int[] bias = r.Int32(depth, 1 << 16);
            var input = r.UInt8(p.Batches * p.InputHeight * p.InputWidth * depth);
            var filter = r.UInt8(p.FilterHeight * p.FilterWidth * depth);
            var expected = new byte[p.Batches * p.OutputHeight * p.OutputWidth * depth];
            Ref.DepthwiseConv2DUInt8.Run(p, input, filter, bias, expected);
            var packed = Opt.DepthwiseConv2DUInt8.TryPack(p, filter, bias);
            Assert.NotNull(packed);
            Assert.NotNull(packed.PairLayout);
            var scratch = new byte[Opt.DepthwiseConv2DUInt8.PackedScratchBytes(packed)];
            var actual = new byte[expected.Length];
            Opt.DepthwiseConv2DUInt8.RunPacked(p, packed, input, actual, scratch);
            Assert.Equal(expected, actual);
            Array.Clear(actual);
            scratch.AsSpan().Fill(0x5A);
            int split = r.Next(0, p.OutputHeight);
            for (int b = 0; b < p.Batches; b++)
            {
                Opt.DepthwiseConv2DUInt8.PackedWidenRows(p, packed, input, b, scratch, 0, split);
                Opt.DepthwiseConv2DUInt8.PackedRows(p, packed, scratch, actual, b, 0, split);
                Opt.DepthwiseConv2DUInt8.PackedWidenRows(p, packed, input, b, scratch, split, p.OutputHeight);
                Opt.DepthwiseConv2DUInt8.PackedRows(p, packed, scratch, actual, b, split, p.OutputHeight);
            }
            Assert.Equal(expected, actual);
        }
    }
}
