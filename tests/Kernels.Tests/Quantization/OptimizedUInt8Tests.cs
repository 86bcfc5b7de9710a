using System.Runtime.Intrinsics.X86;
using ManagedLite.Kernels.Optimized.Quantized.Gemm;
using ManagedLite.Kernels.Params;
using Xunit;
using Opt = ManagedLite.Kernels.Optimized.Quantized;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Tests.Quantization;

/// <summary>
/// The legacy uint8 (asymmetric, per-tensor) CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED on the optimized int8 paths
/// against the scalar reference, bit-exact: channel counts around the 16-channel block, the 4-byte K step and the 16/32
/// vector widths, strides, dilations, paddings, the direct 1x1 path, zero points 0, 128 and 255 on both sides (the
/// row-sum correction on and off) and wrapping biases; both packed layouts, every dot-product flavour and tile height
/// the CPU runs.
/// </summary>
public class OptimizedUInt8Tests
{
    public static TheoryData<int> Depths => [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65];

    private static (int Multiplier, int Shift) Multiplier(QuantRandom r, double minLog2 = -14, double maxLog2 = -6)
    {
        var (m, s) = r.PerChannel(1, minLog2, maxLog2);
        return (m[0], s[0]);
    }

    private static int ZeroPoint(QuantRandom r, int trial) => trial switch { 1 => 0, 2 => 255, 3 => 128, _ => r.Next(0, 255) };

    [Theory]
    [MemberData(nameof(Depths))]
    public void PackedConv2DMatchesReference(int inDepth)
    {
        if (!Avx2.IsSupported) return;
        var r = new QuantRandom(60_000 + inDepth);
        int[] outDepths = [1, 2, 7, 15, 16, 17, 31, 32, 33, 63, 64, 65];
        for (int trial = 0; trial < 8; trial++)
        {
            int outDepth = trial == 0 ? inDepth : outDepths[r.Next(0, outDepths.Length - 1)];
            var (m, s) = Multiplier(r, trial == 6 ? -30 : -14, trial == 6 ? 3 : -6);
            var p = r.ConvGeometry(inDepth, outDepth) with
            {
                InputOffset = -ZeroPoint(r, trial), WeightsOffset = -ZeroPoint(r, (trial + 1) % 5), OutputOffset = r.Next(0, 255),
                OutputMultiplier = m, OutputShift = s, ActivationMin = r.Next(0, 60), ActivationMax = r.Next(190, 255),
            };
            if (trial == 7) p = p with { FilterHeight = 1, FilterWidth = 1, StrideHeight = 1, StrideWidth = 1, PadHeight = 0, PadWidth = 0,
                                         OutputHeight = p.InputHeight, OutputWidth = p.InputWidth };
            var input = r.UInt8(p.Batches * p.InputHeight * p.InputWidth * inDepth);
            var filter = r.UInt8(outDepth * p.FilterHeight * p.FilterWidth * inDepth);
            int[] bias = trial == 5 ? [] : r.Int32(outDepth, trial == 6 ? int.MaxValue - 1 : 1 << 20);
            CheckConv(p, input, filter, bias);
        }
    }

    [Fact]
    public void PackedConv2DPointwiseTallImageAndLongK()
    {
        if (!Avx2.IsSupported) return;
        var r = new QuantRandom(61);
        var (m, s) = Multiplier(r);
        // direct 1x1 over a 13x17 image (many full and partial tiles), then the same with an odd depth (im2col)
        foreach (int depth in new[] { 40, 41 })
        {
            var p = new QuantizedConvParams
            {
                Batches = 2, InputHeight = 13, InputWidth = 17, InputDepth = depth, FilterHeight = 1, FilterWidth = 1,
                OutputHeight = 13, OutputWidth = 17, OutputDepth = 33, StrideHeight = 1, StrideWidth = 1, DilationHeight = 1, DilationWidth = 1,
                InputOffset = -255, WeightsOffset = 0, OutputOffset = 0, OutputMultiplier = m, OutputShift = s, ActivationMin = 0, ActivationMax = 255,
            };
            var input = new byte[2 * 13 * 17 * depth];
            var filter = new byte[33 * depth];
            input.AsSpan().Fill(255);
            filter.AsSpan().Fill(255);
            CheckConv(p, input, filter, r.Int32(33, int.MaxValue - 1));
            CheckConv(p with { InputOffset = 0, WeightsOffset = -255 }, r.UInt8(input.Length), r.UInt8(filter.Length), []);
        }
        // 3x3 stride 2 with a long K (3 * 3 * 300) over a padded odd image
        var q = new QuantizedConvParams
        {
            Batches = 1, InputHeight = 7, InputWidth = 9, InputDepth = 300, FilterHeight = 3, FilterWidth = 3,
            OutputHeight = 4, OutputWidth = 5, OutputDepth = 20, StrideHeight = 2, StrideWidth = 2, DilationHeight = 1, DilationWidth = 1,
            PadHeight = 1, PadWidth = 1, InputOffset = -3, WeightsOffset = -200, OutputOffset = 2, OutputMultiplier = m, OutputShift = s,
            ActivationMin = 0, ActivationMax = 255,
        };
        CheckConv(q, r.UInt8(7 * 9 * 300), r.UInt8(20 * 9 * 300), r.Int32(20, 1 << 24));
    }

    [Fact]
    public void PackRejectsGroupedAndOutOfRangeZeroPoints()
    {
        var r = new QuantRandom(62);
        var (m, s) = Multiplier(r);
        var p = r.ConvGeometry(8, 4) with { OutputMultiplier = m, OutputShift = s, ActivationMin = 0, ActivationMax = 255 };
        var filter = r.UInt8(4 * p.FilterHeight * p.FilterWidth * 8);
        Assert.Null(Opt.Conv2DUInt8.TryPack(p with { FilterInputDepth = 4 }, filter, []));
        Assert.Null(Opt.Conv2DUInt8.TryPack(p with { InputOffset = 1 }, filter, []));
        Assert.Null(Opt.Conv2DUInt8.TryPack(p with { WeightsOffset = -256 }, filter, []));
        Assert.Null(Opt.Conv2DUInt8.TryPack(p with { OutputMultiplier = int.MinValue }, filter, []));
    }

    [Theory]
    [MemberData(nameof(Depths))]
    public void PackedDepthwiseMatchesReference(int inDepth)
    {
        if (!Avx2.IsSupported) return;
        var r = new QuantRandom(63_000 + inDepth);
        for (int trial = 0; trial < 7; trial++)
        {
            int dm = trial < 2 ? 1 : r.Next(1, inDepth > 20 ? 2 : 4);
            int outDepth = inDepth * dm;
            var (m, s) = Multiplier(r, trial == 6 ? -30 : -14, trial == 6 ? 3 : -6);
            var p = r.ConvGeometry(inDepth, outDepth, depthwise: true, depthMultiplier: dm) with
            {
                InputOffset = -ZeroPoint(r, trial), WeightsOffset = -ZeroPoint(r, (trial + 2) % 5), OutputOffset = r.Next(0, 255),
                OutputMultiplier = m, OutputShift = s, ActivationMin = r.Next(0, 60), ActivationMax = r.Next(190, 255),
            };
            int[] bias = trial == 5 ? [] : r.Int32(outDepth, trial == 6 ? int.MaxValue - 1 : 1 << 20);
            CheckDepthwise(p, r.UInt8(p.Batches * p.InputHeight * p.InputWidth * inDepth), r.UInt8(p.FilterHeight * p.FilterWidth * outDepth), bias);
        }
    }

    [Fact]
    public void PackedDepthwiseMobileNetShapeAndExtremes()
    {
        if (!Avx2.IsSupported) return;
        var r = new QuantRandom(64);
        var (m, s) = Multiplier(r);
        // 3x3 stride 2 SAME over an odd image with 96 channels, then the extreme corners (255 everywhere, offsets -255)
        var p = new QuantizedConvParams
        {
            Batches = 1, InputHeight = 15, InputWidth = 13, InputDepth = 96, FilterHeight = 3, FilterWidth = 3, OutputHeight = 8, OutputWidth = 7,
            OutputDepth = 96, DepthMultiplier = 1, StrideHeight = 2, StrideWidth = 2, DilationHeight = 1, DilationWidth = 1, PadHeight = 1, PadWidth = 1,
            InputOffset = -128, WeightsOffset = -120, OutputOffset = 0, OutputMultiplier = m, OutputShift = s, ActivationMin = 0, ActivationMax = 255,
        };
        CheckDepthwise(p, r.UInt8(15 * 13 * 96), r.UInt8(9 * 96), r.Int32(96, 1 << 16));
        var input = new byte[15 * 13 * 96];
        var filter = new byte[9 * 96];
        input.AsSpan().Fill(255);
        filter.AsSpan().Fill(255);
        CheckDepthwise(p with { InputOffset = -255, WeightsOffset = 0 }, input, filter, []);
        CheckDepthwise(p with { InputOffset = 0, WeightsOffset = -255 }, input, filter, r.Int32(96, int.MaxValue - 1));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(15, 3)]
    [InlineData(16, 17)]
    [InlineData(31, 2)]
    [InlineData(32, 5)]
    [InlineData(33, 16)]
    [InlineData(63, 1)]
    [InlineData(64, 7)]
    [InlineData(65, 33)]
    [InlineData(1280, 10)]
    public void FullyConnectedMatchesReference(int depth, int outDepth)
    {
        var r = new QuantRandom(65_000 + depth * 100 + outDepth);
        for (int trial = 0; trial < 5; trial++)
        {
            var (m, s) = Multiplier(r);
            var p = new QuantizedFullyConnectedParams
            {
                Batches = r.Next(1, 3), AccumDepth = depth, OutputDepth = outDepth,
                InputOffset = -ZeroPoint(r, trial), WeightsOffset = -ZeroPoint(r, (trial + 3) % 5), OutputOffset = r.Next(0, 255),
                OutputMultiplier = m, OutputShift = s, ActivationMin = r.Next(0, 60), ActivationMax = r.Next(190, 255),
            };
            var input = r.UInt8(p.Batches * depth);
            var filter = r.UInt8(outDepth * depth);
            int[] bias = trial == 4 ? [] : r.Int32(outDepth, 1 << 20);
            var expected = new byte[p.Batches * outDepth];
            Ref.FullyConnectedUInt8.Run(p, input, filter, bias, expected);
            var actual = new byte[expected.Length];
            Opt.FullyConnectedUInt8.Run(p, input, filter, bias, actual);
            Assert.Equal(expected, actual);
        }
    }

    private static void CheckConv(QuantizedConvParams p, byte[] input, byte[] filter, int[] bias)
    {
        var expected = new byte[p.Batches * p.OutputHeight * p.OutputWidth * p.OutputDepth];
        Ref.Conv2DUInt8.Run(p, input, filter, bias, expected);
        var scratch = new byte[Opt.Conv2DUInt8.PackedScratchBytes(p)];
        var actual = new byte[expected.Length];
        var auto = Opt.Conv2DUInt8.TryPack(p, filter, bias);
        Assert.NotNull(auto);
        Opt.Conv2DUInt8.RunPacked(p, auto, input, actual, scratch);
        Assert.Equal(expected, actual);
        var packed = Opt.Conv2DUInt8.TryPackLayout(p, filter, bias, int16Layout: false)!;
        var packed16 = Opt.Conv2DUInt8.TryPackLayout(p, filter, bias, int16Layout: true)!;
        Array.Clear(actual);
        Opt.Conv2DUInt8.RunPacked(p, packed, input, actual, scratch);
        Assert.Equal(expected, actual);
        // Threads may split the channel blocks: the pieces compose to the same output, in both layouts.
        int pixels = p.OutputHeight * p.OutputWidth;
        foreach (var layout in new[] { packed, packed16 })
        {
            int split = layout.Blocks / 2;
            Array.Fill(actual, (byte)0x55);
            Opt.Conv2DUInt8.RunPacked(p, layout, input, actual, scratch, 0, pixels, 0, split);
            for (int i = 0; i < actual.Length; i++) // only the first blocks' channels are written
                Assert.Equal(i % p.OutputDepth < split * 16 ? expected[i] : (byte)0x55, actual[i]);
            Opt.Conv2DUInt8.RunPacked(p, layout, input, actual, scratch, 0, pixels, split, layout.Blocks);
            Assert.Equal(expected, actual);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => Opt.Conv2DUInt8.RunPacked(p, packed, input, actual, scratch, 0, pixels, 0, packed.Blocks + 1));
        foreach (bool wide in new[] { false, true })
        {
            Array.Clear(actual);
            Opt.Conv2DUInt8.RunPacked16(p, packed16, input, actual, scratch, wide);
            Assert.Equal(expected, actual);
            Array.Clear(actual);
            Opt.Conv2DUInt8.RunPackedWith<Avx2Dot4>(p, packed, input, actual, scratch, wide);
            Assert.Equal(expected, actual);
            if (AvxVnni.IsSupported)
            {
                Array.Clear(actual);
                Opt.Conv2DUInt8.RunPackedWith<VnniDot4>(p, packed, input, actual, scratch, wide);
                Assert.Equal(expected, actual);
            }
        }
    }

    private static void CheckDepthwise(QuantizedConvParams p, byte[] input, byte[] filter, int[] bias)
    {
        var expected = new byte[p.Batches * p.OutputHeight * p.OutputWidth * p.OutputDepth];
        Ref.DepthwiseConv2DUInt8.Run(p, input, filter, bias, expected);
        var packed = Opt.DepthwiseConv2DUInt8.TryPack(p, filter, bias);
        Assert.NotNull(packed);
        var scratch = new byte[Opt.DepthwiseConv2DUInt8.PackedScratchBytes(packed)];
        var actual = new byte[expected.Length];
        Opt.DepthwiseConv2DUInt8.RunPacked(p, packed, input, actual, scratch);
        Assert.Equal(expected, actual);
    }
}
