using Xunit;
using static ManagedLite.Kernels.Tests.Convolution.ConvTestUtil;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Kernels.Tests.Convolution;

public class DepthwiseConv2DTests
{
    private static float[] RunRef(in DepthwiseParams p, float[] input, float[] filter, float[] bias)
    {
        var o = new float[p.OutputLength];
        Ref.DepthwiseConv2D.Run(p, input, filter, bias, o);
        return o;
    }

    [Fact]
    public void ReferenceMatchesTfliteSimpleTest()
    {
        // TFLite depthwise_conv_test.cc SimpleTest: 1x3x2x2 input, 2x2 filter, depth multiplier 2, VALID.
        var p = new DepthwiseParams
        {
            InputHeight = 3, InputWidth = 2, InputChannels = 2, DepthMultiplier = 2, FilterHeight = 2, FilterWidth = 2,
            OutputHeight = 2, OutputWidth = 1,
        };
        float[] input = [1, 2, 7, 8, 3, 4, 9, 10, 5, 6, 11, 12];
        float[] filter = [1, 2, 3, 4, -9, 10, -11, 12, 5, 6, 7, 8, 13, -14, 15, -16];
        float[] bias = [1, 2, 3, 4];
        Assert.Equal([71, -34, 99, -20, 91, -26, 127, -4], RunRef(p, input, filter, bias));
        var o = new float[8];
        Opt.DepthwiseConv2D.Run(p, input, filter, bias, o); // multiplier 2: falls back to the reference
        Assert.Equal([71, -34, 99, -20, 91, -26, 127, -4], o);
    }

    [Fact]
    public void ReferenceSamePaddingAndClamp()
    {
        // 3x3 input 1..9 on one channel, ones filter, SAME, clamp to [0, 30].
        var p = new DepthwiseParams
        {
            InputHeight = 3, InputWidth = 3, InputChannels = 1, FilterHeight = 3, FilterWidth = 3,
            OutputHeight = 3, OutputWidth = 3, PadTop = 1, PadLeft = 1, ActivationMin = 0, ActivationMax = 30,
        };
        Assert.Equal([12, 21, 16, 27, 30, 30, 24, 30, 28], RunRef(p, [1, 2, 3, 4, 5, 6, 7, 8, 9], Enumerable.Repeat(1f, 9).ToArray(), []));
    }

    public static TheoryData<int> ChannelCounts()
    {
        var d = new TheoryData<int>();
        foreach (int c in Channels) d.Add(c);
        return d;
    }

    [Theory]
    [MemberData(nameof(ChannelCounts))]
    public void OptimizedMatchesReference(int channels)
    {
        var rng = new Random(300 + channels);
        for (int rep = 0; rep < 6; rep++)
        {
            int kh = rng.Next(1, 6), kw = rng.Next(1, 6), sh = rng.Next(1, 3), sw = rng.Next(1, 3);
            int dh = rng.Next(1, 3), dw = rng.Next(1, 3);
            bool same = rng.Next(2) == 0;
            int h = rng.Next(1, 12), w = rng.Next(1, 12);
            if (!same) { h = Math.Max(h, (kh - 1) * dh + 1); w = Math.Max(w, (kw - 1) * dw + 1); }
            int oh = OutSize(same, h, kh, sh, dh), ow = OutSize(same, w, kw, sw, dw);
            int m = rep == 5 ? 2 : 1; // one case per channel count exercises the multiplier fallback
            var p = new DepthwiseParams
            {
                Batches = rng.Next(1, 3), InputHeight = h, InputWidth = w, InputChannels = channels, DepthMultiplier = m,
                FilterHeight = kh, FilterWidth = kw, OutputHeight = oh, OutputWidth = ow, StrideHeight = sh, StrideWidth = sw,
                DilationHeight = dh, DilationWidth = dw, PadTop = same ? Pad(sh, dh, h, kh, oh) : 0, PadLeft = same ? Pad(sw, dw, w, kw, ow) : 0,
                ActivationMin = rng.Next(2) == 0 ? -1f : float.NegativeInfinity, ActivationMax = rng.Next(2) == 0 ? 1f : float.PositiveInfinity,
            };
            var input = Random(rng, p.InputLength, 2f);
            var filter = Random(rng, p.FilterLength);
            var bias = rng.Next(4) == 0 ? [] : Random(rng, p.OutputChannels);
            var want = RunRef(p, input, filter, bias);
            var abs = RunRef(p with { ActivationMin = float.NegativeInfinity, ActivationMax = float.PositiveInfinity }, Abs(input), Abs(filter), Abs(bias));
            var got = new float[p.OutputLength];
            Opt.DepthwiseConv2D.Run(p, input, filter, bias, got);
            AssertClose(want, got, abs, $"depthwise {p}");
        }
    }

    /// <summary>
    /// Images wide enough that the interior path (all taps in bounds, four pixels per weight load) runs next to the
    /// border path: 3x3 and 5x5, stride 1 and 2, SAME and VALID and explicit asymmetric padding, channels around 8 and 16.
    /// </summary>
    [Theory]
    [InlineData(3, 1)] [InlineData(3, 2)] [InlineData(5, 1)] [InlineData(5, 2)]
    public void InteriorPathMatchesReference(int k, int stride)
    {
        var rng = new Random(7000 + 10 * k + stride);
        foreach (int channels in new[] { 1, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33 })
        {
            int h = rng.Next(k, 24), w = rng.Next(k + 4, 30);
            int padTop = rng.Next(0, k), padLeft = rng.Next(0, k), padBottom = rng.Next(0, k), padRight = rng.Next(0, k);
            int oh = (h + padTop + padBottom - k) / stride + 1, ow = (w + padLeft + padRight - k) / stride + 1;
            var p = new DepthwiseParams
            {
                Batches = rng.Next(1, 3), InputHeight = h, InputWidth = w, InputChannels = channels,
                FilterHeight = k, FilterWidth = k, OutputHeight = oh, OutputWidth = ow, StrideHeight = stride, StrideWidth = stride,
                PadTop = padTop, PadLeft = padLeft,
                ActivationMin = rng.Next(2) == 0 ? 0f : float.NegativeInfinity, ActivationMax = rng.Next(2) == 0 ? 6f : float.PositiveInfinity,
            };
            var input = Random(rng, p.InputLength, 2f);
            var filter = Random(rng, p.FilterLength);
            var bias = rng.Next(3) == 0 ? [] : Random(rng, p.OutputChannels);
            var want = RunRef(p, input, filter, bias);
            var abs = RunRef(p with { ActivationMin = float.NegativeInfinity, ActivationMax = float.PositiveInfinity }, Abs(input), Abs(filter), Abs(bias));
            var got = new float[p.OutputLength];
            Opt.DepthwiseConv2D.Run(p, input, filter, bias, got);
            AssertClose(want, got, abs, $"depthwise {p}");
        }
    }

    /// <summary>
    /// Channels past the last whole vector are computed by one more vector overlapping the previous one: every channel
    /// still gets the same arithmetic (bias, then one fused chain in tap order), so a layer's outputs are bit-identical to
    /// the same channels of a wider layer whose extra channels hold other data, at every count around the vector width.
    /// </summary>
    [Theory]
    [InlineData(3, 1)] [InlineData(3, 2)] [InlineData(5, 1)]
    public void TailChannelsGetTheSameBitsAsInAWiderLayer(int k, int stride)
    {
        var rng = new Random(9100 + 10 * k + stride);
        int vl = System.Numerics.Vector<float>.Count;
        foreach (int c in new[] { vl + 1, vl + 3, 2 * vl - 1, 2 * vl + 1, 3 * vl + 4, 4 * vl + 5 })
        {
            int wide = c + vl + 3;
            int h = rng.Next(k, 14), w = rng.Next(k + 6, 20);
            int oh = (h + stride - 1) / stride, ow = (w + stride - 1) / stride;
            var narrow = new DepthwiseParams
            {
                InputHeight = h, InputWidth = w, InputChannels = c, FilterHeight = k, FilterWidth = k, OutputHeight = oh, OutputWidth = ow,
                StrideHeight = stride, StrideWidth = stride, PadTop = Math.Max(0, (oh - 1) * stride + k - h) / 2,
                PadLeft = Math.Max(0, (ow - 1) * stride + k - w) / 2, ActivationMin = -1f, ActivationMax = 1f,
            };
            var widened = narrow with { InputChannels = wide };
            var inputWide = Random(rng, widened.InputLength, 2f);
            var filterWide = Random(rng, widened.FilterLength);
            var biasWide = Random(rng, wide);
            var input = new float[narrow.InputLength];
            var filter = new float[narrow.FilterLength];
            for (long i = 0; i < narrow.InputLength; i++) input[i] = inputWide[i / c * wide + i % c];
            for (long i = 0; i < narrow.FilterLength; i++) filter[i] = filterWide[i / c * wide + i % c];
            var gotNarrow = new float[narrow.OutputLength];
            var gotWide = new float[widened.OutputLength];
            Opt.DepthwiseConv2D.RunRows(narrow, input, filter, biasWide.AsSpan(0, c), gotNarrow, 0, oh);
            Opt.DepthwiseConv2D.RunRows(widened, inputWide, filterWide, biasWide, gotWide, 0, oh);
            for (long i = 0; i < narrow.OutputLength; i++)
                Assert.True(BitConverter.SingleToInt32Bits(gotNarrow[i]) == BitConverter.SingleToInt32Bits(gotWide[i / c * wide + i % c]),
                    $"{c} channels (vs {wide}), k {k} stride {stride}: output {i} (channel {i % c}) {gotNarrow[i]} vs {gotWide[i / c * wide + i % c]}");
        }
    }

    [Fact]
    public void RowRangesComposeToTheWholeOutput()
    {
        var rng = new Random(5);
        var p = new DepthwiseParams
        {
            Batches = 2, InputHeight = 5, InputWidth = 4, InputChannels = 19, FilterHeight = 3, FilterWidth = 3,
            OutputHeight = 5, OutputWidth = 4, PadTop = 1, PadLeft = 1,
        };
        var input = Random(rng, p.InputLength);
        var filter = Random(rng, p.FilterLength);
        var bias = Random(rng, p.OutputChannels);
        var whole = new float[p.OutputLength];
        // One RunRows over every row, not Run: where IsCovered is false (no vector hardware) Run is the reference
        // kernel, which rounds differently (by design: the runtime splits rows only where IsCovered holds).
        Opt.DepthwiseConv2D.RunRows(p, input, filter, bias, whole, 0, p.Batches * p.OutputHeight);
        if (Opt.DepthwiseConv2D.IsCovered(p))
        {
            var run = new float[p.OutputLength];
            Opt.DepthwiseConv2D.Run(p, input, filter, bias, run);
            AssertExact(run, whole, "depthwise Run against all rows");
        }
        var parts = new float[p.OutputLength];
        Opt.DepthwiseConv2D.RunRows(p, input, filter, bias, parts, 0, 3);
        Opt.DepthwiseConv2D.RunRows(p, input, filter, bias, parts, 3, 10);
        AssertExact(whole, parts, "depthwise rows");
    }
}
