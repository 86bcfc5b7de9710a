using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ManagedLite.Kernels.Optimized.Quantized.Gemm;
using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;
using Xunit;
using Opt = ManagedLite.Kernels.Optimized.Quantized;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Tests.Quantization;

/// <summary>
/// The packed int8 GEMM convolution and the vector requantization against the scalar reference, bit-exact, on seeded
/// random shapes: channel counts around the 16-channel block and the 4-byte K step, odd spatial sizes, strides,
/// dilations, paddings, extreme zero points and wrapping biases; both packed layouts (int8 for the VNNI / emulated dot
/// products, int16 for the vpmaddwd GEMM), every dot-product flavour and tile height the CPU runs.
/// </summary>
public class OptimizedInt8GemmTests
{
    public static TheoryData<int> Depths => [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65];

    [Fact]
    public void VectorRequantizeMatchesScalar()
    {
        if (!Avx2.IsSupported) return;
        var rng = new Random(77);
        int[] specials = [0, 1, -1, 2, -2, int.MaxValue, int.MinValue, int.MinValue + 1, 1 << 30, -(1 << 30), (1 << 30) + 1, -(1 << 30) - 1, 12345, -12345];
        var x = new int[8];
        var m = new int[8];
        var s = new int[8];
        for (int trial = 0; trial < 20000; trial++)
        {
            for (int i = 0; i < 8; i++)
            {
                x[i] = trial % 3 == 0 ? specials[rng.Next(specials.Length)] : rng.Next(int.MinValue, int.MaxValue);
                if (trial % 5 == 0) x[i] >>= rng.Next(0, 31);
                m[i] = trial % 7 == 0 ? specials[rng.Next(specials.Length)] : rng.Next(0, int.MaxValue);
                if (m[i] == int.MinValue) m[i] = int.MaxValue;
                s[i] = rng.Next(-31, 32);
            }
            var t = Int8RequantTable.TryCreate(m, s, 8, 16)!;
            int offset = rng.Next(-128, 128), min = rng.Next(int.MinValue, 0), max = rng.Next(0, int.MaxValue);
            Vector256<int> r = VectorRequantize.Requantize(Vector256.Create(x), Vector256.Create(t.Multiplier, 0), Vector256.Create(t.LeftShift, 0),
                Vector256.Create(t.RightShift, 0), Vector256.Create(t.Mask, 0), Vector256.Create(t.Half, 0), Vector256.Create(offset),
                Vector256.Create(min), Vector256.Create(max));
            for (int i = 0; i < 8; i++)
                Assert.Equal(QuantizedMath.Requantize(x[i], m[i], s[i], offset, min, max), r.GetElement(i));
        }
    }

    [Fact]
    public void RequantTableRejectsUnsupportedParameters()
    {
        Assert.Null(Int8RequantTable.TryCreate([int.MinValue], [0], 1, 16));
        Assert.Null(Int8RequantTable.TryCreate([1 << 30], [-32], 1, 16));
        Assert.NotNull(Int8RequantTable.TryCreate([1 << 30], [-31], 1, 16));
    }

    [Theory]
    [MemberData(nameof(Depths))]
    public void PackedConv2DMatchesReference(int inDepth)
    {
        if (!Avx2.IsSupported) return;
        var r = new QuantRandom(40_000 + inDepth);
        int[] outDepths = [1, 2, 7, 15, 16, 17, 31, 32, 33, 63, 64, 65];
        for (int trial = 0; trial < 6; trial++)
        {
            int outDepth = trial == 0 ? inDepth : outDepths[r.Next(0, outDepths.Length - 1)];
            var (m, s) = r.PerChannel(outDepth, trial == 3 ? -30 : -14, trial == 3 ? 3 : -6);
            int inputOffset = trial switch { 1 => -127, 2 => 128, _ => r.Next(-127, 128) };
            var p = r.ConvGeometry(inDepth, outDepth) with
            {
                InputOffset = inputOffset, OutputOffset = r.Next(-128, 127), PerChannelMultiplier = m, PerChannelShift = s,
                ActivationMin = r.Next(-128, -60), ActivationMax = r.Next(60, 127),
            };
            if (trial == 4) p = p with { InputHeight = 9, InputWidth = 11, OutputHeight = (9 + 2 * p.PadHeight - ((p.FilterHeight - 1) * p.DilationHeight + 1)) / p.StrideHeight + 1,
                                         OutputWidth = (11 + 2 * p.PadWidth - ((p.FilterWidth - 1) * p.DilationWidth + 1)) / p.StrideWidth + 1 };
            var input = r.Int8(p.Batches * p.InputHeight * p.InputWidth * inDepth);
            var filter = r.Int8(outDepth * p.FilterHeight * p.FilterWidth * inDepth);
            int[] bias = trial == 5 ? [] : r.Int32(outDepth, trial == 3 ? int.MaxValue - 1 : 1 << 20);
            CheckAllFlavours(p, input, filter, bias);
        }
    }

    [Fact]
    public void PackedConv2DExtremeValuesAndTallImage()
    {
        if (!Avx2.IsSupported) return;
        var r = new QuantRandom(99);
        var (m, s) = r.PerChannel(33);
        // 1x1 pointwise over a 13x17 image: many full and partial row tiles
        var p = new QuantizedConvParams
        {
            Batches = 2, InputHeight = 13, InputWidth = 17, InputDepth = 40, FilterHeight = 1, FilterWidth = 1,
            OutputHeight = 13, OutputWidth = 17, OutputDepth = 33, StrideHeight = 1, StrideWidth = 1, DilationHeight = 1, DilationWidth = 1,
            InputOffset = 128, OutputOffset = -128, PerChannelMultiplier = m, PerChannelShift = s, ActivationMin = -128, ActivationMax = 127,
        };
        var input = new sbyte[2 * 13 * 17 * 40];
        var filter = new sbyte[33 * 40];
        input.AsSpan().Fill(127);
        filter.AsSpan().Fill(-128);
        CheckAllFlavours(p, input, filter, r.Int32(33, int.MaxValue - 1));
        input.AsSpan().Fill(-128);
        CheckAllFlavours(p with { InputOffset = -127 }, input, filter, []);
        // 3x3 stride 2 SAME-like with a long K (3 * 3 * 300 = 2700) and small tiles
        (m, s) = r.PerChannel(20);
        p = new QuantizedConvParams
        {
            Batches = 1, InputHeight = 7, InputWidth = 9, InputDepth = 300, FilterHeight = 3, FilterWidth = 3,
            OutputHeight = 4, OutputWidth = 5, OutputDepth = 20, StrideHeight = 2, StrideWidth = 2, DilationHeight = 1, DilationWidth = 1,
            PadHeight = 1, PadWidth = 1, InputOffset = 3, OutputOffset = 2, PerChannelMultiplier = m, PerChannelShift = s, ActivationMin = 0, ActivationMax = 127,
        };
        CheckAllFlavours(p, r.Int8(7 * 9 * 300), r.Int8(20 * 9 * 300), r.Int32(20, 1 << 24));
    }

    [Fact]
    public void PackRejectsGroupedAndOutOfRangeOffsets()
    {
        var r = new QuantRandom(5);
        var (m, s) = r.PerChannel(4);
        var p = r.ConvGeometry(8, 4) with { PerChannelMultiplier = m, PerChannelShift = s, ActivationMin = -128, ActivationMax = 127 };
        var filter = r.Int8(4 * p.FilterHeight * p.FilterWidth * 8);
        Assert.Null(Opt.Conv2DInt8.TryPack(p with { FilterInputDepth = 4 }, filter, []));
        Assert.Null(Opt.Conv2DInt8.TryPack(p with { InputOffset = 129 }, filter, []));
        Assert.Null(Opt.Conv2DInt8.TryPack(p with { InputOffset = -128 }, filter, []));
    }

    private static void CheckAllFlavours(QuantizedConvParams p, sbyte[] input, sbyte[] filter, int[] bias)
    {
        var expected = new sbyte[p.Batches * p.OutputHeight * p.OutputWidth * p.OutputDepth];
        Ref.Conv2DInt8.Run(p, input, filter, bias, expected);
        var scratch = new byte[Opt.Conv2DInt8.PackedScratchBytes(p)];
        var actual = new sbyte[expected.Length];
        var auto = Opt.Conv2DInt8.TryPack(p, filter, bias);
        Assert.NotNull(auto);
        Opt.Conv2DInt8.RunPacked(p, auto, input, actual, scratch);
        Assert.Equal(expected, actual);
        var packed = Opt.Conv2DInt8.TryPackLayout(p, filter, bias, int16Layout: false)!;
        var packed16 = Opt.Conv2DInt8.TryPackLayout(p, filter, bias, int16Layout: true)!;
        Array.Clear(actual);
        Opt.Conv2DInt8.RunPacked(p, packed, input, actual, scratch);
        Assert.Equal(expected, actual);
        // Threads may split the channel blocks: the pieces compose to the same output, in both layouts.
        int pixels = p.OutputHeight * p.OutputWidth;
        foreach (var layout in new[] { packed, packed16 })
        {
            int split = layout.Blocks / 2;
            Array.Fill(actual, (sbyte)0x55);
            Opt.Conv2DInt8.RunPacked(p, layout, input, actual, scratch, 0, pixels, 0, split);
            for (int i = 0; i < actual.Length; i++) // only the first blocks' channels are written
                Assert.Equal(i % p.OutputDepth < split * 16 ? expected[i] : (sbyte)0x55, actual[i]);
            Opt.Conv2DInt8.RunPacked(p, layout, input, actual, scratch, 0, pixels, split, layout.Blocks);
            Assert.Equal(expected, actual);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => Opt.Conv2DInt8.RunPacked(p, packed, input, actual, scratch, 0, pixels, 0, packed.Blocks + 1));
        foreach (bool wide in new[] { false, true })
        {
            Array.Clear(actual);
            Opt.Conv2DInt8.RunPacked16With(p, packed16, input, actual, scratch, wide);
            Assert.Equal(expected, actual);
            Array.Clear(actual);
            Opt.Conv2DInt8.RunPackedWith<Avx2Dot4>(p, packed, input, actual, scratch, wide);
            Assert.Equal(expected, actual);
            if (AvxVnni.IsSupported)
            {
                Array.Clear(actual);
                Opt.Conv2DInt8.RunPackedWith<VnniDot4>(p, packed, input, actual, scratch, wide);
                Assert.Equal(expected, actual);
            }
        }
    }
}
