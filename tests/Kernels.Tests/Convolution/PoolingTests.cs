using Xunit;
using static ManagedLite.Kernels.Tests.Convolution.ConvTestUtil;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Kernels.Tests.Convolution;

public class PoolingTests
{
    // TFLite pooling_test.cc: 1x2x4x1 input, 2x2 filter, stride 2, VALID.
    private static readonly PoolParams Simple = new()
    {
        InputHeight = 2, InputWidth = 4, Channels = 1, FilterHeight = 2, FilterWidth = 2, OutputHeight = 1, OutputWidth = 2,
        StrideHeight = 2, StrideWidth = 2,
    };
    private static readonly float[] SimpleInput = [0, 6, 2, 4, 3, 2, 10, 7];

    [Fact]
    public void ReferenceAverageAndMaxMatchTfliteSimpleTests()
    {
        var o = new float[2];
        Ref.Pooling.AveragePool(Simple, SimpleInput, o);
        Assert.Equal([2.75f, 5.75f], o);
        Ref.Pooling.MaxPool(Simple, SimpleInput, o);
        Assert.Equal([6f, 10f], o);
        Ref.Pooling.MaxPool(Simple with { ActivationMin = -1, ActivationMax = 1 }, SimpleInput, o);
        Assert.Equal([1f, 1f], o);
    }

    [Fact]
    public void ReferenceAverageCountsOnlyInBoundsElements()
    {
        // 3x3 input 1..9, 2x2 filter, stride 2, SAME: total padding 1 goes at the bottom/right.
        var p = new PoolParams
        {
            InputHeight = 3, InputWidth = 3, Channels = 1, FilterHeight = 2, FilterWidth = 2, OutputHeight = 2, OutputWidth = 2,
            StrideHeight = 2, StrideWidth = 2,
        };
        var o = new float[4];
        Ref.Pooling.AveragePool(p, [1, 2, 3, 4, 5, 6, 7, 8, 9], o);
        Assert.Equal([3f, 4.5f, 7.5f, 9f], o);
    }

    public static TheoryData<int> ChannelCounts()
    {
        var d = new TheoryData<int>();
        foreach (int c in Channels) d.Add(c);
        return d;
    }

    /// <summary>The optimized pools sum each window in the reference's order, so they must match bit for bit.</summary>
    [Theory]
    [MemberData(nameof(ChannelCounts))]
    public void OptimizedMatchesReferenceExactly(int channels)
    {
        var rng = new Random(500 + channels);
        for (int rep = 0; rep < 4; rep++)
        {
            int fh = rng.Next(1, 4), fw = rng.Next(1, 4), sh = rng.Next(1, 3), sw = rng.Next(1, 3);
            bool same = rng.Next(2) == 0;
            int h = rng.Next(fh, 12), w = rng.Next(fw, 12);
            int oh = OutSize(same, h, fh, sh, 1), ow = OutSize(same, w, fw, sw, 1);
            var p = new PoolParams
            {
                Batches = rng.Next(1, 3), InputHeight = h, InputWidth = w, Channels = channels, FilterHeight = fh, FilterWidth = fw,
                OutputHeight = oh, OutputWidth = ow, StrideHeight = sh, StrideWidth = sw,
                PadTop = same ? Pad(sh, 1, h, fh, oh) : 0, PadLeft = same ? Pad(sw, 1, w, fw, ow) : 0,
                ActivationMin = rng.Next(2) == 0 ? -0.5f : float.NegativeInfinity, ActivationMax = rng.Next(2) == 0 ? 0.5f : float.PositiveInfinity,
            };
            var input = Random(rng, (long)p.Batches * h * w * channels);
            int outLen = p.Batches * oh * ow * channels;
            var want = new float[outLen];
            var got = new float[outLen];
            Ref.Pooling.AveragePool(p, input, want);
            Opt.Pooling.AveragePool(p, input, got);
            AssertExact(want, got, $"avg {p}");
            Ref.Pooling.MaxPool(p, input, want);
            Opt.Pooling.MaxPool(p, input, got);
            AssertExact(want, got, $"max {p}");
        }
    }
}
