using Xunit;
using static ManagedLite.Kernels.Tests.Convolution.ConvTestUtil;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Kernels.Tests.Convolution;

public class TransposeConvTests
{
    private static float[] RunRef(in TransposeConvParams p, float[] input, float[] filter, float[] bias)
    {
        var o = new float[p.OutputLength];
        Ref.TransposeConv.Run(p, input, filter, bias, o);
        return o;
    }

    [Fact]
    public void ReferenceMatchesTfliteSimpleTest()
    {
        // TFLite transpose_conv_test.cc SimpleTest: output 1x4x4x1, filter 1..9 (3x3), input 1..16, SAME, stride 1 (pad 1).
        var p = new TransposeConvParams
        {
            InputHeight = 4, InputWidth = 4, InputChannels = 1, FilterHeight = 3, FilterWidth = 3, OutputChannels = 1,
            OutputHeight = 4, OutputWidth = 4, PadTop = 1, PadLeft = 1,
        };
        var input = Enumerable.Range(1, 16).Select(i => (float)i).ToArray();
        var filter = Enumerable.Range(1, 9).Select(i => (float)i).ToArray();
        Assert.Equal([29, 62, 83, 75, 99, 192, 237, 198, 207, 372, 417, 330, 263, 446, 485, 365], RunRef(p, input, filter, []));
    }

    [Fact]
    public void ReferenceStride2PlacesScaledFilterBlocks()
    {
        // Input 2x2 [1,2,3,4], filter 2x2 [1,2,3,4], stride 2, VALID: non-overlapping 2x2 blocks input * filter, plus bias 1.
        var p = new TransposeConvParams
        {
            InputHeight = 2, InputWidth = 2, InputChannels = 1, FilterHeight = 2, FilterWidth = 2, OutputChannels = 1,
            OutputHeight = 4, OutputWidth = 4, StrideHeight = 2, StrideWidth = 2,
        };
        float[] expected = [2, 3, 3, 5, 4, 5, 7, 9, 4, 7, 5, 9, 10, 13, 13, 17];
        Assert.Equal(expected, RunRef(p, [1, 2, 3, 4], [1, 2, 3, 4], [1]));
        Assert.Equal(expected, RunRef(p with { BiasFirst = true }, [1, 2, 3, 4], [1, 2, 3, 4], [1]));
        Assert.Equal(expected.Select(v => Math.Min(v, 6f)).ToArray(), RunRef(p with { ActivationMax = 6 }, [1, 2, 3, 4], [1, 2, 3, 4], [1]));
    }

    [Theory]
    [InlineData(1, 4, 4, 2, 8, 1)]   // SAME: total padding max(0, 4 - 3 % 2 - 1) = 2, out 2*3 + 4 - 2
    [InlineData(1, 4, 3, 2, 8, 0)]   // SAME: total padding 1 (leading 0), out 6 + 3 - 1
    [InlineData(1, 5, 2, 2, 9, 0)]   // SAME, odd input: total padding 1, out 8 + 2 - 1
    [InlineData(1, 4, 2, 2, 8, 0)]   // SAME, even input: no padding, out 2 * in
    [InlineData(2, 4, 4, 2, 10, 0)]  // VALID: 2*3 + 4
    [InlineData(0, 3, 3, 1, 5, 0)]   // unknown padding: no padding, like VALID
    public void MediaPipeGeometryFollowsTransposeConvBiasPrepare(int padding, int inSize, int filter, int stride, int expectedOut, int expectedPad)
    {
        Assert.Equal((expectedOut, expectedPad), TransposeConvParams.MediaPipeGeometry(padding, inSize, filter, stride));
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
        var rng = new Random(600 + channels);
        for (int rep = 0; rep < 4; rep++)
        {
            bool sweepOut = rep % 2 == 0;
            int ic = sweepOut ? Channels[rng.Next(Channels.Length)] : channels;
            int oc = sweepOut ? channels : Channels[rng.Next(Channels.Length)];
            int kh = rng.Next(1, 5), kw = rng.Next(1, 5), sh = rng.Next(1, 3), sw = rng.Next(1, 3);
            int h = rng.Next(1, 7), w = rng.Next(1, 7);
            bool same = rng.Next(2) == 0;
            // Builtin geometry: output size chosen, padding from the conv that maps output -> input.
            int oh = same ? h * sh : (h - 1) * sh + kh, ow = same ? w * sw : (w - 1) * sw + kw;
            var p = new TransposeConvParams
            {
                Batches = rng.Next(1, 3), InputHeight = h, InputWidth = w, InputChannels = ic, FilterHeight = kh, FilterWidth = kw,
                OutputChannels = oc, OutputHeight = oh, OutputWidth = ow, StrideHeight = sh, StrideWidth = sw,
                PadTop = same ? Pad(sh, 1, oh, kh, OutSize(true, oh, kh, sh, 1)) : 0,
                PadLeft = same ? Pad(sw, 1, ow, kw, OutSize(true, ow, kw, sw, 1)) : 0,
                BiasFirst = rng.Next(2) == 0,
                ActivationMin = rng.Next(3) == 0 ? 0f : float.NegativeInfinity,
            };
            var input = Random(rng, p.InputLength, 2f);
            var filter = Random(rng, p.FilterLength);
            var bias = rng.Next(4) == 0 ? [] : Random(rng, oc);
            var want = RunRef(p, input, filter, bias);
            var abs = RunRef(p with { ActivationMin = float.NegativeInfinity }, Abs(input), Abs(filter), Abs(bias));
            foreach (var uk in SupportedKernels())
            {
                var got = new float[p.OutputLength];
                Array.Fill(got, float.NaN);
                Opt.TransposeConv.Run(p, uk, input, filter, bias, got);
                AssertClose(want, got, abs, $"transpose {uk.Id} {p}");
            }
            var dflt = new float[p.OutputLength];
            Opt.TransposeConv.Run(p, input, filter, bias, dflt);
            AssertClose(want, dflt, abs, $"transpose default {p}");
        }
    }
}
