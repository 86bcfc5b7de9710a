using ManagedLite.Kernels.Optimized.Quantized.Gemm;
using ManagedLite.Kernels.Params;
using Xunit;
using Opt = ManagedLite.Kernels.Optimized.Quantized;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Tests.Quantization;

/// <summary>
/// The tap-pair depthwise kernel's short requantization (one-step rounding divide with the output offset folded in,
/// four pixels narrowed with saturating packs and clamped on bytes; AVX-512 VBMI) and its row-major block order, against
/// the reference, bit-exact: 3 x 3 and other filters, strides 1 and 2, dilation, SAME/VALID-like and large paddings,
/// channels around the 16-lane block, extreme zero points, activation ranges signed and non-negative, and biases large
/// enough to force the exact fallback in some blocks; whole and split into row ranges; int8 and legacy uint8.
/// </summary>
public class DepthwiseInt8ShortRequantTests
{
    public static TheoryData<int> Depths => [1, 15, 16, 17, 31, 32, 33, 63, 64, 65];

    private static QuantizedConvParams Geometry(QuantRandom r, int depth, int trial)
    {
        bool three = trial % 3 != 2;
        int fH = three ? 3 : r.Next(1, 6), fW = three ? 3 : r.Next(1, 6);
        int sH = r.Next(1, 3), sW = trial % 2 == 0 ? sH : r.Next(1, 3);
        int dH = trial % 4 == 3 ? r.Next(1, 4) : 1, dW = trial % 4 == 3 ? r.Next(1, 4) : 1;
        int inH = r.Next(1, 14), inW = r.Next(1, 30);
        int padH = trial % 5 == 4 ? r.Next(0, 2 * fH + 1) : trial % 5 == 0 ? 0 : (fH - 1) * dH / 2;
        int padW = trial % 5 == 4 ? r.Next(0, 2 * fW + 1) : trial % 5 == 0 ? 0 : (fW - 1) * dW / 2;
        int outH = Math.Max(1, (inH + 2 * padH - ((fH - 1) * dH + 1)) / sH + 1);
        int outW = Math.Max(1, (inW + 2 * padW - ((fW - 1) * dW + 1)) / sW + 1);
        return new QuantizedConvParams
        {
            Batches = r.Next(1, 3), InputHeight = inH, InputWidth = inW, InputDepth = depth, FilterHeight = fH, FilterWidth = fW,
            OutputHeight = outH, OutputWidth = outW, OutputDepth = depth, DepthMultiplier = 1, StrideHeight = sH, StrideWidth = sW,
            DilationHeight = dH, DilationWidth = dW, PadHeight = padH, PadWidth = padW,
        };
    }

    [Theory]
    [MemberData(nameof(Depths))]
    public void Int8MatchesReference(int depth)
    {
        if (!S16Gemm512.IsSupported) return;
        var r = new QuantRandom(31_000 + depth);
        bool sawFast = false;
        for (int trial = 0; trial < 16; trial++)
        {
            var (m, s) = r.PerChannel(depth, trial == 7 ? -30 : -16, trial == 7 ? -1 : -4);
            var p = Geometry(r, depth, trial) with
            {
                InputOffset = trial switch { 1 => -127, 2 => 128, _ => r.Next(-127, 128) },
                OutputOffset = trial switch { 3 => -128, 4 => 127, _ => r.Next(-128, 127) },
                PerChannelMultiplier = m, PerChannelShift = s,
                ActivationMin = trial % 3 == 0 ? -128 : trial % 3 == 1 ? r.Next(-128, 1) : r.Next(0, 40),
                ActivationMax = trial % 3 == 0 ? 127 : r.Next(60, 127),
            };
            int[] bias = trial == 5 ? [] : r.Int32(depth, trial == 6 ? int.MaxValue - 1 : 1 << 18);
            if (trial == 8) for (int c = 0; c < depth; c += 3) bias[c] = int.MaxValue - 5; // some blocks take the exact fallback
            int n = p.Batches * p.InputHeight * p.InputWidth * depth;
            var input = trial == 9 ? Enumerable.Repeat((sbyte)-128, n).ToArray() : trial == 10 ? Enumerable.Repeat((sbyte)127, n).ToArray() : r.Int8(n);
            var filter = trial == 9 || trial == 10 ? Enumerable.Repeat((sbyte)-127, p.FilterHeight * p.FilterWidth * depth).ToArray() : r.Int8(p.FilterHeight * p.FilterWidth * depth, -127);
            var expected = new sbyte[p.Batches * p.OutputHeight * p.OutputWidth * depth];
            Ref.DepthwiseConv2DInt8.Run(p, input, filter, bias, expected);
            var packed = Opt.DepthwiseConv2DInt8.TryPack(p, filter, bias);
            Assert.NotNull(packed);
            Assert.NotNull(packed.PairLayout);
            sawFast |= packed.PairLayout.FastBlocks.Any(f => f);
            var scratch = new byte[Opt.DepthwiseConv2DInt8.PackedScratchBytes(packed)];
            var actual = new sbyte[expected.Length];
            Opt.DepthwiseConv2DInt8.RunPacked(p, packed, input, actual, scratch);
            Assert.Equal(expected, actual);
            Array.Clear(actual);
            int split = r.Next(0, p.OutputHeight);
            for (int b = 0; b < p.Batches; b++)
            {
                scratch.AsSpan().Fill(0xA5);
                Opt.DepthwiseConv2DInt8.PackedWidenRows(p, packed, input, b, scratch, split, p.OutputHeight);
                Opt.DepthwiseConv2DInt8.PackedRows(p, packed, scratch, actual, b, split, p.OutputHeight);
                Opt.DepthwiseConv2DInt8.PackedWidenRows(p, packed, input, b, scratch, 0, split);
                Opt.DepthwiseConv2DInt8.PackedRows(p, packed, scratch, actual, b, 0, split);
            }
            Assert.Equal(expected, actual);
        }
        if (System.Runtime.Intrinsics.X86.Avx512Vbmi.IsSupported) Assert.True(sawFast);
    }

    [Theory]
    [MemberData(nameof(Depths))]
    public void UInt8MatchesReference(int depth)
    {
        if (!S16Gemm512.IsSupported) return;
        var r = new QuantRandom(32_000 + depth);
        for (int trial = 0; trial < 10; trial++)
        {
            var p = Geometry(r, depth, trial) with
            {
                InputOffset = trial == 1 ? -255 : trial == 2 ? 0 : -r.Next(0, 255), WeightsOffset = trial == 3 ? -255 : -r.Next(0, 255),
                OutputOffset = trial == 4 ? 255 : trial == 5 ? 0 : r.Next(0, 255),
                OutputMultiplier = r.Next(1 << 30, int.MaxValue - 1), OutputShift = -r.Next(6, 16),
                ActivationMin = trial % 2 == 0 ? 0 : r.Next(0, 60), ActivationMax = trial % 2 == 0 ? 255 : r.Next(100, 255),
            };
            int[] bias = r.Int32(depth, trial == 6 ? int.MaxValue - 1 : 1 << 16);
            var input = r.UInt8(p.Batches * p.InputHeight * p.InputWidth * depth);
            var filter = r.UInt8(p.FilterHeight * p.FilterWidth * depth);
            var expected = new byte[p.Batches * p.OutputHeight * p.OutputWidth * depth];
            Ref.DepthwiseConv2DUInt8.Run(p, input, filter, bias, expected);
            var packed = Opt.DepthwiseConv2DUInt8.TryPack(p, filter, bias);
            Assert.NotNull(packed);
            var scratch = new byte[Opt.DepthwiseConv2DUInt8.PackedScratchBytes(packed)];
            var actual = new byte[expected.Length];
            Opt.DepthwiseConv2DUInt8.RunPacked(p, packed, input, actual, scratch);
            Assert.Equal(expected, actual);
        }
    }
}
