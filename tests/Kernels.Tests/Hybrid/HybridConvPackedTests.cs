using System.Runtime.Intrinsics;
using Xunit;
using Opt = ManagedLite.Kernels.Optimized.Hybrid;
using Ref = ManagedLite.Kernels.Reference.Hybrid;

namespace ManagedLite.Kernels.Tests.Hybrid;

/// <summary>
/// The packed dynamic-range CONV_2D (int16 GEMM) and DEPTHWISE_CONV_2D (int8 depthwise machinery) against the reference
/// kernels, bit for bit (exact float equality, signed zeros included), on seeded random geometry: channel counts at and
/// around every vector width, 1x1 / 3x3 / 5x5 filters, strides 1 and 2, SAME and VALID padding (borders), 1-2 batches,
/// per-tensor and per-channel scales, depth multipliers 1 and 2, with and without bias, with and without a clamp, input
/// ranges that put the zero point at both ends (-128 and 127), and split pixel / row ranges.
/// </summary>
public class HybridConvPackedTests
{
    private static readonly int[] Channels = [1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65];

    public static TheoryData<int, int> ChannelPairs()
    {
        var data = new TheoryData<int, int>();
        for (int i = 0; i < Channels.Length; i++) data.Add(Channels[i], Channels[(i * 7 + 4) % Channels.Length]);
        return data;
    }

    public static TheoryData<int, int> DepthwiseCases()
    {
        var data = new TheoryData<int, int>();
        foreach (int c in Channels)
        {
            data.Add(c, 1);
            if (c <= 33) data.Add(c, 2);
        }
        return data;
    }

    /// <summary>Random geometry: filter 1/3/5, stride 1/2, SAME or VALID (SAME padding as TFLite computes it).</summary>
    private static (int h, int w, int k, int stride, int outH, int outW, int padT, int padL) Geometry(Random rng)
    {
        int k = new[] { 1, 3, 5 }[rng.Next(3)];
        int stride = rng.Next(1, 3);
        bool same = rng.Next(2) == 0;
        int h = rng.Next(same ? 1 : k, k + 7), w = rng.Next(same ? 1 : k, k + 7);
        int outH, outW, padT = 0, padL = 0;
        if (same)
        {
            outH = (h + stride - 1) / stride;
            outW = (w + stride - 1) / stride;
            padT = Math.Max((outH - 1) * stride + k - h, 0) / 2;
            padL = Math.Max((outW - 1) * stride + k - w, 0) / 2;
        }
        else
        {
            outH = (h - k) / stride + 1;
            outW = (w - k) / stride + 1;
        }
        return (h, w, k, stride, outH, outW, padT, padL);
    }

    /// <summary>Input ranges: mixed signs, all non-negative (zero point -128), all non-positive (127), all zero.</summary>
    private static float[] RandomInput(Random rng, int n, int variant) => variant switch
    {
        0 => RandomFloats(rng, n, -1, 2),
        1 => RandomFloats(rng, n, 0, 3),
        2 => RandomFloats(rng, n, -3, 0),
        3 => new float[n],
        _ => RandomFloats(rng, n, -2, 2),
    };

    private static (float min, float max) Activation(int variant) => variant switch
    {
        0 => (float.NegativeInfinity, float.PositiveInfinity),
        1 => (0f, float.PositiveInfinity),
        _ => (-0.25f, 0.5f),
    };

    [SkippableTheory]
    [MemberData(nameof(ChannelPairs))]
    public void PackedConvIsBitExact(int inC, int outC)
    {
        Skip.IfNot(System.Runtime.Intrinsics.X86.Avx2.IsSupported, "no AVX2 on this machine: the packed hybrid convolution path does not run here (TryPack returns null)");
        var rng = new Random(inC * 1000 + outC);
        for (int trial = 0; trial < 6; trial++)
        {
            var (h, w, k, stride, outH, outW, padT, padL) = Geometry(rng);
            var (min, max) = Activation(trial % 3);
            bool perChannel = trial % 2 == 1;
            int n = 1 + trial % 2 * (trial / 3 % 2) + (trial == 0 ? 1 : 0);
            var p = new ConvParams
            {
                Batches = n, InputHeight = h, InputWidth = w, InputChannels = inC, FilterHeight = k, FilterWidth = k,
                FilterInputChannels = inC, OutputHeight = outH, OutputWidth = outW, OutputChannels = outC,
                StrideHeight = stride, StrideWidth = stride, PadTop = padT, PadLeft = padL, ActivationMin = min, ActivationMax = max,
            };
            var input = RandomInput(rng, n * h * w * inC, (trial + inC) % 5);
            var filter = RandomWeights(rng, outC * k * k * inC);
            var scales = RandomScales(rng, perChannel ? outC : 1);
            var bias = trial % 3 == 2 ? [] : RandomFloats(rng, outC, -0.5, 0.5);
            var expected = new float[n * outH * outW * outC];
            var scratchImage = new sbyte[h * w * inC];
            if (perChannel) Ref.HybridConv2D.RunPerChannel(p, input, filter, scales, bias, expected, scratchImage);
            else Ref.HybridConv2D.RunPerTensor(p, input, filter, scales[0], bias, expected, scratchImage);

            var packed = Opt.HybridConv2D.TryPack(p, filter);
            Assert.NotNull(packed);
            var q = new sbyte[input.Length];
            var inScales = new float[n];
            var zeroPoints = new int[n];
            Opt.HybridConv2D.QuantizeInput(p, input, q, inScales, zeroPoints, perChannel);
            var scratch = new byte[Opt.HybridConv2D.PackedScratchBytes(p)];
            int pixels = outH * outW;
            foreach (bool wide in new[] { true, false })
            {
                var got = new float[expected.Length];
                Opt.HybridConv2D.Compute(p, packed, System.Runtime.InteropServices.MemoryMarshal.AsBytes(q.AsSpan()), inScales, zeroPoints, scales, perChannel,
                    bias, got, scratch, 0, pixels, wide);
                AssertBits(expected, got, $"trial {trial} wide {wide} {p}");
            }
            // split into two ranges at an arbitrary pixel: identical bits
            var split = new float[expected.Length];
            int mid = rng.Next(0, pixels + 1);
            Opt.HybridConv2D.RunPackedRows(p, packed, q, inScales, zeroPoints, scales, perChannel, bias, split, scratch, 0, mid);
            Opt.HybridConv2D.RunPackedRows(p, packed, q, inScales, zeroPoints, scales, perChannel, bias, split, scratch, mid, pixels);
            AssertBits(expected, split, $"trial {trial} split at {mid} {p}");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(DepthwiseCases))]
    public void PackedDepthwiseIsBitExact(int inC, int multiplier)
    {
        Skip.IfNot(System.Runtime.Intrinsics.X86.Avx2.IsSupported, "no AVX2 on this machine: the packed hybrid depthwise path does not run here (TryPack returns null)");
        var rng = new Random(inC * 31 + multiplier);
        int outC = inC * multiplier;
        for (int trial = 0; trial < 6; trial++)
        {
            var (h, w, k, stride, outH, outW, padT, padL) = Geometry(rng);
            var (min, max) = Activation(trial % 3);
            int n = trial % 2 + 1;
            var p = new DepthwiseParams
            {
                Batches = n, InputHeight = h, InputWidth = w, InputChannels = inC, DepthMultiplier = multiplier,
                FilterHeight = k, FilterWidth = k, OutputHeight = outH, OutputWidth = outW, StrideHeight = stride, StrideWidth = stride,
                PadTop = padT, PadLeft = padL, ActivationMin = min, ActivationMax = max,
            };
            var input = RandomInput(rng, n * h * w * inC, (trial + inC) % 5);
            var filter = RandomWeights(rng, k * k * outC);
            var scales = RandomScales(rng, trial == 4 ? 1 : outC);
            var bias = trial % 3 == 2 ? [] : RandomFloats(rng, outC, -0.5, 0.5);
            var expected = new float[n * outH * outW * outC];
            Ref.HybridDepthwiseConv2D.Run(p, input, filter, scales, bias, expected, new sbyte[h * w * inC]);

            var packed = Opt.HybridDepthwiseConv2D.TryPack(p, filter);
            Assert.NotNull(packed);
            var scratch = new byte[Opt.HybridDepthwiseConv2D.PackedScratchBytes(p, packed)];
            var got = new float[expected.Length];
            Opt.HybridDepthwiseConv2D.RunPacked(p, packed, input, scales, bias, got, scratch);
            AssertBits(expected, got, $"trial {trial} {p}");

            var split = new float[expected.Length];
            for (int b = 0; b < n; b++)
            {
                float s = Opt.HybridDepthwiseConv2D.PrepareBatch(p, packed, input, b, scratch);
                int mid = rng.Next(0, outH + 1);
                Opt.HybridDepthwiseConv2D.PackedRows(p, packed, scratch, scales, s, bias, split, b, mid, outH);
                Opt.HybridDepthwiseConv2D.PackedRows(p, packed, scratch, scales, s, bias, split, b, 0, mid);
            }
            AssertBits(expected, split, $"trial {trial} split {p}");
        }
    }

    /// <summary>Dilation 2 through the packed depthwise path (its tap offsets carry the dilation).</summary>
    [SkippableFact]
    public void PackedDepthwiseDilatedIsBitExact()
    {
        Skip.IfNot(System.Runtime.Intrinsics.X86.Avx2.IsSupported, "no AVX2 on this machine: the packed hybrid depthwise path does not run here (TryPack returns null)");
        var rng = new Random(5);
        var p = new DepthwiseParams
        {
            Batches = 1, InputHeight = 7, InputWidth = 6, InputChannels = 17, DepthMultiplier = 1, FilterHeight = 3, FilterWidth = 3,
            OutputHeight = 7, OutputWidth = 6, DilationHeight = 2, DilationWidth = 2, PadTop = 2, PadLeft = 2,
        };
        var input = RandomFloats(rng, 7 * 6 * 17, -1, 2);
        var filter = RandomWeights(rng, 9 * 17);
        var scales = RandomScales(rng, 17);
        var bias = RandomFloats(rng, 17, -0.5, 0.5);
        var expected = new float[7 * 6 * 17];
        Ref.HybridDepthwiseConv2D.Run(p, input, filter, scales, bias, expected, new sbyte[input.Length]);
        var packed = Opt.HybridDepthwiseConv2D.TryPack(p, filter)!;
        var got = new float[expected.Length];
        Opt.HybridDepthwiseConv2D.RunPacked(p, packed, input, scales, bias, got, new byte[Opt.HybridDepthwiseConv2D.PackedScratchBytes(p, packed)]);
        AssertBits(expected, got, "dilated");
    }

    /// <summary>Dilation 2 and unequal strides through the packed conv path (its im2col carries both).</summary>
    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void PackedConvDilatedIsBitExact(bool perChannel)
    {
        Skip.IfNot(System.Runtime.Intrinsics.X86.Avx2.IsSupported, "no AVX2 on this machine: the packed hybrid convolution path does not run here (TryPack returns null)");
        var rng = new Random(perChannel ? 9 : 8);
        var p = new ConvParams
        {
            Batches = 2, InputHeight = 9, InputWidth = 8, InputChannels = 9, FilterHeight = 3, FilterWidth = 3, FilterInputChannels = 9,
            OutputHeight = 5, OutputWidth = 8, OutputChannels = 17, StrideHeight = 2, StrideWidth = 1, DilationHeight = 2, DilationWidth = 2,
            PadTop = 2, PadLeft = 2,
        };
        var input = RandomFloats(rng, 2 * 9 * 8 * 9, -1, 2);
        var filter = RandomWeights(rng, 17 * 9 * 9);
        var scales = RandomScales(rng, perChannel ? 17 : 1);
        var bias = RandomFloats(rng, 17, -0.5, 0.5);
        var expected = new float[2 * 5 * 8 * 17];
        if (perChannel) Ref.HybridConv2D.RunPerChannel(p, input, filter, scales, bias, expected, new sbyte[9 * 8 * 9]);
        else Ref.HybridConv2D.RunPerTensor(p, input, filter, scales[0], bias, expected, new sbyte[9 * 8 * 9]);
        var packed = Opt.HybridConv2D.TryPack(p, filter)!;
        var q = new sbyte[input.Length];
        var inScales = new float[2];
        var zeroPoints = new int[2];
        Opt.HybridConv2D.QuantizeInput(p, input, q, inScales, zeroPoints, perChannel);
        var got = new float[expected.Length];
        Opt.HybridConv2D.RunPackedRows(p, packed, q, inScales, zeroPoints, scales, perChannel, bias, got,
            new byte[Opt.HybridConv2D.PackedScratchBytes(p)], 0, 40);
        AssertBits(expected, got, "dilated conv");
    }

    /// <summary>Grouped convolution is not packed (the per-pixel path and the reference cover it).</summary>
    [Fact]
    public void GroupedConvIsNotPacked()
    {
        var p = new ConvParams
        {
            InputHeight = 3, InputWidth = 3, InputChannels = 8, FilterHeight = 1, FilterWidth = 1, FilterInputChannels = 4,
            OutputHeight = 3, OutputWidth = 3, OutputChannels = 4,
        };
        Assert.Null(Opt.HybridConv2D.TryPack(p, new sbyte[4 * 4]));
    }

    /// <summary>The epilogue's vector clamp must order NaN and signed zeros as Math.Max / Math.Min do.</summary>
    [Fact]
    public void VectorClampMatchesMath()
    {
        float[] values = [-0f, 0f, float.NaN, float.NegativeInfinity, float.PositiveInfinity, -1f, 1f, 1e-45f];
        foreach (float a in values)
        foreach (float b in values)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(Math.Max(a, b)), BitConverter.SingleToInt32Bits(Vector256.Max(Vector256.Create(a), Vector256.Create(b))[0]));
            Assert.Equal(BitConverter.SingleToInt32Bits(Math.Min(a, b)), BitConverter.SingleToInt32Bits(Vector256.Min(Vector256.Create(a), Vector256.Create(b))[0]));
        }
    }

    private static void AssertBits(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                Assert.Fail($"{what}: element {i} is {actual[i]:R}, reference {expected[i]:R}");
    }

    private static float[] RandomFloats(Random rng, int n, double min, double max)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float)(min + rng.NextDouble() * (max - min));
        return a;
    }

    private static sbyte[] RandomWeights(Random rng, int n)
    {
        var a = new sbyte[n];
        for (int i = 0; i < n; i++) a[i] = (sbyte)rng.Next(-128, 128);
        return a;
    }

    private static float[] RandomScales(Random rng, int n)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float)(0.001 + rng.NextDouble() * 0.02);
        return a;
    }
}
