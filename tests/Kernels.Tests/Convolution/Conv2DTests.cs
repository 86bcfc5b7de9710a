using ManagedLite.Kernels.Optimized.Gemm;
using Xunit;
using static ManagedLite.Kernels.Tests.Convolution.ConvTestUtil;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Kernels.Tests.Convolution;

public class Conv2DTests
{
    private static float[] RunRef(in ConvParams p, float[] input, float[] filter, float[] bias)
    {
        var o = new float[p.OutputLength];
        Ref.Conv2D.Run(p, input, filter, bias, o);
        return o;
    }

    // TFLite conv_test.cc SimpleTestFloat32: 2 batches of 2x4x1, three 2x2 filters, stride 2, VALID.
    private static readonly ConvParams Simple = new()
    {
        Batches = 2, InputHeight = 2, InputWidth = 4, InputChannels = 1, FilterHeight = 2, FilterWidth = 2,
        FilterInputChannels = 1, OutputChannels = 3, OutputHeight = 1, OutputWidth = 2, StrideHeight = 2, StrideWidth = 2,
    };
    private static readonly float[] SimpleInput = [1, 1, 1, 1, 2, 2, 2, 2, 1, 2, 3, 4, 1, 2, 3, 4];
    private static readonly float[] SimpleFilter = [1, 2, 3, 4, -1, 1, -1, 1, -1, -1, 1, 1];
    private static readonly float[] SimpleBias = [1, 2, 3];

    [Fact]
    public void ReferenceMatchesTfliteSimpleTest()
    {
        Assert.Equal([18, 2, 5, 18, 2, 5, 17, 4, 3, 37, 4, 3], RunRef(Simple, SimpleInput, SimpleFilter, SimpleBias));
    }

    [Fact]
    public void ReferenceAppliesRelu6Clamp()
    {
        var p = Simple with { ActivationMin = 0, ActivationMax = 6 };
        Assert.Equal([6, 2, 5, 6, 2, 5, 6, 4, 3, 6, 4, 3], RunRef(p, SimpleInput, SimpleFilter, SimpleBias));
    }

    [Fact]
    public void ReferenceSamePaddingSkipsOutOfBoundsTaps()
    {
        // 3x3 input 1..9, 3x3 ones filter, SAME stride 1 (pad 1): each output is the sum of its in-bounds neighbourhood.
        var p = new ConvParams
        {
            InputHeight = 3, InputWidth = 3, InputChannels = 1, FilterHeight = 3, FilterWidth = 3, FilterInputChannels = 1,
            OutputChannels = 1, OutputHeight = 3, OutputWidth = 3, PadTop = 1, PadLeft = 1,
        };
        float[] input = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        Assert.Equal([12, 21, 16, 27, 45, 33, 24, 39, 28], RunRef(p, input, Enumerable.Repeat(1f, 9).ToArray(), []));
    }

    [Fact]
    public void ReferenceDilationSamplesSpacedTaps()
    {
        // 5x5 input v = 5y + x, 3x3 ones filter, dilation 2, VALID: sum of v at y, x in {0, 2, 4} = 108.
        var p = new ConvParams
        {
            InputHeight = 5, InputWidth = 5, InputChannels = 1, FilterHeight = 3, FilterWidth = 3, FilterInputChannels = 1,
            OutputChannels = 1, OutputHeight = 1, OutputWidth = 1, DilationHeight = 2, DilationWidth = 2,
        };
        var input = Enumerable.Range(0, 25).Select(i => (float)i).ToArray();
        Assert.Equal([108f], RunRef(p, input, Enumerable.Repeat(1f, 9).ToArray(), []));
    }

    [Fact]
    public void ReferenceGroupedConvolutionReadsItsGroupOfChannels()
    {
        var p = new ConvParams
        {
            InputHeight = 1, InputWidth = 1, InputChannels = 4, FilterHeight = 1, FilterWidth = 1, FilterInputChannels = 2,
            OutputChannels = 2, OutputHeight = 1, OutputWidth = 1,
        };
        Assert.Equal([3f, 7f], RunRef(p, [1, 2, 3, 4], [1, 1, 1, 1], []));
        // The optimized entry falls back to the reference for groups.
        var o = new float[2];
        Opt.Conv2D.Run(p, [1, 2, 3, 4], [1, 1, 1, 1], [], o);
        Assert.Equal([3f, 7f], o);
    }

    [Fact]
    public void ShortSpansAreRejected()
    {
        Assert.Throws<ArgumentException>(() => Ref.Conv2D.Run(Simple, SimpleInput.AsSpan(1), SimpleFilter, SimpleBias, new float[12]));
        Assert.Throws<ArgumentException>(() => Opt.Conv2D.Run(Simple, SimpleInput, SimpleFilter, SimpleBias, new float[11]));
    }

    public static TheoryData<int> Seeds()
    {
        var d = new TheoryData<int>();
        for (int i = 0; i < Channels.Length; i++) d.Add(i);
        return d;
    }

    /// <summary>Random geometry per seed; input channels and output channels sweep <see cref="ConvTestUtil.Channels"/>.</summary>
    private static ConvParams RandomParams(Random rng, int ic, int oc, bool pointwise)
    {
        int kh = pointwise ? 1 : rng.Next(1, 4), kw = pointwise ? 1 : rng.Next(1, 4);
        int sh = pointwise ? 1 : rng.Next(1, 3), sw = pointwise ? 1 : rng.Next(1, 3);
        int dh = pointwise ? 1 : rng.Next(1, 3), dw = pointwise ? 1 : rng.Next(1, 3);
        bool same = pointwise || rng.Next(2) == 0;
        int h = rng.Next(1, 10), w = rng.Next(1, 10);
        if (!same) { h = Math.Max(h, (kh - 1) * dh + 1); w = Math.Max(w, (kw - 1) * dw + 1); }
        int oh = OutSize(same, h, kh, sh, dh), ow = OutSize(same, w, kw, sw, dw);
        float lo = rng.Next(3) == 0 ? 0f : float.NegativeInfinity, hi = rng.Next(3) == 0 ? 6f : float.PositiveInfinity;
        return new ConvParams
        {
            Batches = rng.Next(1, 3), InputHeight = h, InputWidth = w, InputChannels = ic, FilterHeight = kh, FilterWidth = kw,
            FilterInputChannels = ic, OutputChannels = oc, OutputHeight = oh, OutputWidth = ow, StrideHeight = sh, StrideWidth = sw,
            DilationHeight = dh, DilationWidth = dw, PadTop = same ? Pad(sh, dh, h, kh, oh) : 0, PadLeft = same ? Pad(sw, dw, w, kw, ow) : 0,
            ActivationMin = lo, ActivationMax = hi,
        };
    }

    private static void CompareAllKernels(ConvParams p, Random rng, string what)
    {
        var input = Random(rng, p.InputLength, 2f);
        var filter = Random(rng, p.FilterLength);
        var bias = rng.Next(4) == 0 ? [] : Random(rng, p.OutputChannels);
        var want = RunRef(p, input, filter, bias);
        var abs = RunRef(p with { ActivationMin = float.NegativeInfinity, ActivationMax = float.PositiveInfinity }, Abs(input), Abs(filter), Abs(bias));
        foreach (var uk in SupportedKernels())
        {
            var got = new float[p.OutputLength];
            Opt.Conv2D.Run(p, uk, input, filter, bias, got);
            AssertClose(want, got, abs, $"{what} {uk.Id} {p}");
        }
        var dflt = new float[p.OutputLength];
        Opt.Conv2D.Run(p, input, filter, bias, dflt);
        AssertClose(want, dflt, abs, $"{what} default {p}");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void OptimizedMatchesReferenceSweepingInputChannels(int seed)
    {
        var rng = new Random(100 + seed);
        int ic = Channels[seed];
        for (int rep = 0; rep < 3; rep++)
            CompareAllKernels(RandomParams(rng, ic, Channels[rng.Next(Channels.Length)], pointwise: false), rng, "general ic");
        CompareAllKernels(RandomParams(rng, ic, Channels[rng.Next(Channels.Length)], pointwise: true), rng, "pointwise ic");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void OptimizedMatchesReferenceSweepingOutputChannels(int seed)
    {
        var rng = new Random(200 + seed);
        int oc = Channels[seed];
        for (int rep = 0; rep < 3; rep++)
            CompareAllKernels(RandomParams(rng, Channels[rng.Next(Channels.Length)], oc, pointwise: false), rng, "general oc");
        CompareAllKernels(RandomParams(rng, Channels[rng.Next(Channels.Length)], oc, pointwise: true), rng, "pointwise oc");
    }

    [Fact]
    public void OptimizedMatchesReferenceOnMediaPipeStem()
    {
        // 1x33x31x3 -> 24, 3x3 stride 2 SAME (odd sizes, im2col depth 27 over several tiles).
        var rng = new Random(7);
        int oh = OutSize(true, 33, 3, 2, 1), ow = OutSize(true, 31, 3, 2, 1);
        var p = new ConvParams
        {
            InputHeight = 33, InputWidth = 31, InputChannels = 3, FilterHeight = 3, FilterWidth = 3, FilterInputChannels = 3,
            OutputChannels = 24, OutputHeight = oh, OutputWidth = ow, StrideHeight = 2, StrideWidth = 2,
            PadTop = Pad(2, 1, 33, 3, oh), PadLeft = Pad(2, 1, 31, 3, ow), ActivationMin = 0, ActivationMax = 6,
        };
        CompareAllKernels(p, rng, "stem");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(17)]
    public void OptimizedMatchesReferenceOnImagesSpanningSeveralTiles(int ic)
    {
        // Output rows longer than and split across im2col tiles, so interior runs start and stop mid-row; odd sizes,
        // strides up to 3 and filters up to 5 put the interior run bounds (and empty interiors) everywhere.
        var rng = new Random(300 + ic);
        for (int rep = 0; rep < 4; rep++)
        {
            int kh = rng.Next(1, 6), kw = rng.Next(1, 6), sh = rng.Next(1, 4), sw = rng.Next(1, 4);
            int dh = rng.Next(3) == 0 ? 2 : 1, dw = rng.Next(3) == 0 ? 2 : 1;
            bool same = rng.Next(2) == 0;
            int h = rng.Next(20, 61), w = rng.Next(kw * dw, 300 / Math.Max(1, ic) + 8);
            if (!same) { h = Math.Max(h, (kh - 1) * dh + 1); w = Math.Max(w, (kw - 1) * dw + 1); }
            int oh = OutSize(same, h, kh, sh, dh), ow = OutSize(same, w, kw, sw, dw);
            int oc = Channels[rng.Next(Channels.Length)];
            var p = new ConvParams
            {
                Batches = rng.Next(1, 3), InputHeight = h, InputWidth = w, InputChannels = ic, FilterHeight = kh, FilterWidth = kw,
                FilterInputChannels = ic, OutputChannels = oc, OutputHeight = oh, OutputWidth = ow, StrideHeight = sh, StrideWidth = sw,
                DilationHeight = dh, DilationWidth = dw, PadTop = same ? Pad(sh, dh, h, kh, oh) : 0, PadLeft = same ? Pad(sw, dw, w, kw, ow) : 0,
            };
            CompareAllKernels(p, rng, "tiles");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ChannelRangesComposeToTheWholeOutput(bool pointwise)
    {
        // Threads split few-pixel, many-channel convolutions by channel panels: the pieces must give the same bits,
        // with and without a residual epilogue, for every microkernel (NR 8, 16, 32).
        var rng = new Random(pointwise ? 11 : 12);
        var p = RandomParams(rng, 13, 75, pointwise) with { Batches = 1 };
        var input = Random(rng, p.InputLength);
        var filter = Random(rng, p.FilterLength);
        var bias = Random(rng, p.OutputChannels);
        var residual = Random(rng, p.OutputLength);
        int total = p.Batches * p.OutputHeight * p.OutputWidth;
        foreach (var uk in SupportedKernels())
        {
            if (Opt.Conv2D.IsDirectDot(p, uk)) continue;
            var packed = new float[Opt.Conv2D.PackedWeightsLength(p, uk)];
            Opt.Conv2D.PackWeights(p, uk, filter, bias, packed);
            var scratch = new float[Opt.Conv2D.ScratchLength(p, uk)];
            foreach (bool withResidual in new[] { false, true })
            {
                ReadOnlySpan<float> res = withResidual ? residual : default;
                var whole = new float[p.OutputLength];
                Opt.Conv2D.RunRows(p, uk, input, packed, whole, scratch, 0, total, res, 0f, 6f);
                var parts = new float[p.OutputLength];
                Array.Fill(parts, float.NaN);
                int split = uk.NR * Math.Max(1, p.OutputChannels / uk.NR / 2);
                Opt.Conv2D.RunTile(p, uk, input, packed, parts, scratch, 0, total, 0, split, res, 0f, 6f);
                Opt.Conv2D.RunTile(p, uk, input, packed, parts, scratch, 0, total, split, p.OutputChannels, res, 0f, 6f);
                AssertExact(whole, parts, $"{uk.Id} residual {withResidual}");
            }
            if (uk.NR > 1) // not a whole panel
                Assert.Throws<ArgumentOutOfRangeException>(() =>
                Opt.Conv2D.RunTile(p, uk, input, packed, new float[p.OutputLength], scratch, 0, total, 1, p.OutputChannels, default, 0f, 0f));
        }
    }

    [Fact]
    public void RowRangesComposeToTheWholeOutput()
    {
        var rng = new Random(9);
        var p = RandomParams(rng, 5, 19, pointwise: false) with { Batches = 2, InputHeight = 7, InputWidth = 6, OutputHeight = 7, OutputWidth = 6, StrideHeight = 1, StrideWidth = 1, DilationHeight = 1, DilationWidth = 1, PadTop = (3 - 1) / 2, PadLeft = (3 - 1) / 2, FilterHeight = 3, FilterWidth = 3 };
        var input = Random(rng, p.InputLength);
        var filter = Random(rng, p.FilterLength);
        var bias = Random(rng, p.OutputChannels);
        foreach (var uk in SupportedKernels())
        {
            var packed = new float[Opt.Conv2D.PackedWeightsLength(p, uk)];
            Opt.Conv2D.PackWeights(p, uk, filter, bias, packed);
            var scratch = new float[Opt.Conv2D.ScratchLength(p, uk)];
            var whole = new float[p.OutputLength];
            Opt.Conv2D.RunPacked(p, uk, input, packed, whole, scratch);
            var parts = new float[p.OutputLength];
            int total = p.Batches * p.OutputHeight * p.OutputWidth;
            Opt.Conv2D.RunRows(p, uk, input, packed, parts, scratch, 0, 13);
            Opt.Conv2D.RunRows(p, uk, input, packed, parts, scratch, 13, total);
            AssertExact(whole, parts, uk.Id);
        }
    }
}
