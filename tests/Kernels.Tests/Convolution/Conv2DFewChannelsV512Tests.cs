using ManagedLite.Kernels.Optimized.Gemm;
using Xunit;
using static ManagedLite.Kernels.Tests.Convolution.ConvTestUtil;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Kernels.Tests.Convolution;

/// <summary>
/// f32-conv-fewc-4x32-v512 (CONV_2D with 1 to 4 input channels, no im2col) against the reference kernel and bit for bit
/// against the im2col + 8x32 GEMM path it replaces: random geometry (filters 1x1 strided to 5x5, strides 1 to 3, SAME,
/// VALID and asymmetric padding), output channels around the 32-wide panel, rows not a multiple of four, row and
/// channel-panel ranges, with and without a residual epilogue. Skips where the machine has no AVX-512F.
/// </summary>
public class Conv2DFewChannelsV512Tests
{
    private static readonly F32GemmMicrokernel Uk = F32GemmMicrokernels.Gemm8x32FmaV512;

    private static ConvParams RandomParams(Random rng, int ic, int oc)
    {
        int kh = rng.Next(1, 6), kw = rng.Next(1, 6), sh = rng.Next(1, 4), sw = rng.Next(1, 4);
        if (kh == 1 && kw == 1 && sh == 1 && sw == 1) sw = 2; // pointwise takes the plain GEMM
        int h = rng.Next(kh, kh + 14), w = rng.Next(kw, kw + 30);
        int padTop = rng.Next(0, kh), padLeft = rng.Next(0, kw), padBottom = rng.Next(0, kh), padRight = rng.Next(0, kw);
        int oh = (h + padTop + padBottom - kh) / sh + 1, ow = (w + padLeft + padRight - kw) / sw + 1;
        return new ConvParams
        {
            Batches = rng.Next(1, 3), InputHeight = h, InputWidth = w, InputChannels = ic, FilterInputChannels = ic,
            FilterHeight = kh, FilterWidth = kw, OutputChannels = oc, OutputHeight = oh, OutputWidth = ow,
            StrideHeight = sh, StrideWidth = sw, PadTop = padTop, PadLeft = padLeft,
            ActivationMin = rng.Next(2) == 0 ? 0f : float.NegativeInfinity, ActivationMax = rng.Next(2) == 0 ? 6f : float.PositiveInfinity,
        };
    }

    private static float[] RunIm2Col(in ConvParams p, float[] input, float[] filter, float[] bias)
    {
        var got = new float[p.OutputLength];
        bool saved = Opt.Conv2D.UseFewChannels;
        try
        {
            Opt.Conv2D.UseFewChannels = false;
            Opt.Conv2D.Run(p, Uk, input, filter, bias, got);
        }
        finally { Opt.Conv2D.UseFewChannels = saved; }
        return got;
    }

    [SkippableTheory]
    [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(4)]
    public void MatchesReferenceAndTheIm2ColPathBitForBit(int ic)
    {
        Skip.IfNot(Uk.IsSupported, "no AVX-512F on this machine: f32-conv-fewc-4x32-v512 does not run here");
        var rng = new Random(8800 + ic);
        foreach (int oc in new[] { 3, 8, 16, 24, 31, 32, 33, 64, 65 })
        {
            var p = RandomParams(rng, ic, oc);
            Assert.True(Opt.Conv2DFewChannelsV512.Covers(p, Uk), $"{p}");
            var input = Random(rng, p.InputLength, 2f);
            var filter = Random(rng, p.FilterLength);
            var bias = rng.Next(4) == 0 ? [] : Random(rng, p.OutputChannels);
            var want = new float[p.OutputLength];
            Ref.Conv2D.Run(p, input, filter, bias, want);
            var abs = new float[p.OutputLength];
            Ref.Conv2D.Run(p with { ActivationMin = float.NegativeInfinity, ActivationMax = float.PositiveInfinity }, Abs(input), Abs(filter), Abs(bias), abs);
            var got = new float[p.OutputLength];
            Opt.Conv2D.Run(p, Uk, input, filter, bias, got);
            AssertClose(want, got, abs, $"fewc {p}");
            AssertExact(RunIm2Col(p, input, filter, bias), got, $"fewc vs im2col {p}");
            var dflt = new float[p.OutputLength];
            Opt.Conv2D.Run(p, input, filter, bias, dflt); // the default selection takes 8x32 for these
            AssertExact(got, dflt, $"fewc default selection {p}");
        }
    }

    [SkippableFact]
    public void RowAndChannelRangesWithResidualComposeToTheWholeOutput()
    {
        Skip.IfNot(Uk.IsSupported, "no AVX-512F on this machine: f32-conv-fewc-4x32-v512 does not run here");
        var rng = new Random(8900);
        var p = RandomParams(rng, 3, 75) with { Batches = 2 };
        var input = Random(rng, p.InputLength);
        var filter = Random(rng, p.FilterLength);
        var bias = Random(rng, p.OutputChannels);
        var residual = Random(rng, p.OutputLength);
        var packed = new float[Opt.Conv2D.PackedWeightsLength(p, Uk)];
        Opt.Conv2D.PackWeights(p, Uk, filter, bias, packed);
        var scratch = new float[Opt.Conv2D.ScratchLength(p, Uk)];
        int total = p.Batches * p.OutputHeight * p.OutputWidth;
        var whole = new float[p.OutputLength];
        Opt.Conv2D.RunRows(p, Uk, input, packed, whole, scratch, 0, total, residual, 0f, 6f);
        var parts = new float[p.OutputLength];
        Array.Fill(parts, float.NaN);
        int mid = total / 2 + 1;
        Opt.Conv2D.RunTile(p, Uk, input, packed, parts, scratch, 0, mid, 0, 32, residual, 0f, 6f);
        Opt.Conv2D.RunTile(p, Uk, input, packed, parts, scratch, 0, mid, 32, 75, residual, 0f, 6f);
        Opt.Conv2D.RunTile(p, Uk, input, packed, parts, scratch, mid, total, 0, 75, residual, 0f, 6f);
        AssertExact(whole, parts, "fewc ranges");
        // Against the im2col path with the same residual epilogue.
        bool saved = Opt.Conv2D.UseFewChannels;
        var im2col = new float[p.OutputLength];
        try
        {
            Opt.Conv2D.UseFewChannels = false;
            Opt.Conv2D.RunRows(p, Uk, input, packed, im2col, scratch, 0, total, residual, 0f, 6f);
        }
        finally { Opt.Conv2D.UseFewChannels = saved; }
        AssertExact(im2col, whole, "fewc vs im2col with residual");
    }

    [Fact]
    public void CoversOnlyFewChannelsWithoutDilation()
    {
        var p = new ConvParams
        {
            InputHeight = 8, InputWidth = 8, InputChannels = 5, FilterInputChannels = 5, FilterHeight = 3, FilterWidth = 3,
            OutputChannels = 8, OutputHeight = 6, OutputWidth = 6,
        };
        Assert.False(Opt.Conv2DFewChannelsV512.Covers(p, Uk));
        Assert.False(Opt.Conv2DFewChannelsV512.Covers(p with { InputChannels = 3, FilterInputChannels = 3, DilationWidth = 2, OutputWidth = 4 }, Uk));
        Assert.False(Opt.Conv2DFewChannelsV512.Covers(p with { InputChannels = 3, FilterInputChannels = 3 }, F32GemmMicrokernels.Gemm8x16FmaV512));
    }
}
