using Xunit;
using static ManagedLite.Kernels.Tests.Convolution.ConvTestUtil;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Kernels.Tests.Convolution;

/// <summary>
/// Float MAX_POOL_2D: the separable path (ring of horizontal maxima) and the direct one both bit-identical with the
/// reference, NaN payloads, infinities and signed zeros included, on SAME/VALID padding, strides 1-2, filters up to 6
/// (SPPF's 5x5 stride 1) and channel counts around the vector widths; also split into row ranges as the op runs them.
/// </summary>
public class MaxPoolSeparableTests
{
    private static readonly int[] Sizes = [1, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65];

    /// <summary>Random values with NaNs of several payloads and signs, +-inf, +-0, float.MinValue and its neighbours.</summary>
    private static float[] Special(Random rng, long n)
    {
        float[] specials =
        [
            float.NaN, BitConverter.Int32BitsToSingle(0x7FC00123), BitConverter.Int32BitsToSingle(unchecked((int)0xFFC00456)),
            BitConverter.Int32BitsToSingle(0x7F800001), float.PositiveInfinity, float.NegativeInfinity, 0f, -0f,
            float.MinValue, -float.MaxValue * 0.999f,
        ];
        var a = Random(rng, n);
        for (long i = 0; i < n; i++)
        {
            int k = rng.Next(40);
            if (k < specials.Length) a[i] = specials[k];
        }
        return a;
    }

    private static void Check(in PoolParams p, float[] input, string what)
    {
        int outLen = p.Batches * p.OutputHeight * p.OutputWidth * p.Channels;
        var want = new float[outLen];
        Ref.Pooling.MaxPool(p, input, want);

        var got = new float[outLen];
        Opt.Pooling.MaxPool(p, input, got);
        AssertExact(want, got, $"max {what}");

        var direct = new float[outLen];
        Opt.Pooling.PoolRows(p, input, direct, average: false, 0, p.Batches * p.OutputHeight);
        AssertExact(want, direct, $"max direct {what}");

        // Three row ranges, each with its own ring, as the op's tasks run them.
        int rows = p.Batches * p.OutputHeight;
        var split = new float[outLen];
        var ring = new float[Math.Max(1, Opt.Pooling.MaxPoolScratchLength(p))];
        int a = rows / 3, b = 2 * rows / 3;
        Opt.Pooling.PoolRows(p, input, split, average: false, 0, a, ring);
        Opt.Pooling.PoolRows(p, input, split, average: false, a, b, ring);
        Opt.Pooling.PoolRows(p, input, split, average: false, b, rows, ring);
        AssertExact(want, split, $"max split {what}");
    }

    private static PoolParams Geometry(Random rng, int channels, int fh, int fw, int sh, int sw, bool same, int h, int w)
    {
        int oh = OutSize(same, h, fh, sh, 1), ow = OutSize(same, w, fw, sw, 1);
        return new PoolParams
        {
            Batches = rng.Next(1, 3), InputHeight = h, InputWidth = w, Channels = channels, FilterHeight = fh, FilterWidth = fw,
            OutputHeight = oh, OutputWidth = ow, StrideHeight = sh, StrideWidth = sw,
            PadTop = same ? Pad(sh, 1, h, fh, oh) : 0, PadLeft = same ? Pad(sw, 1, w, fw, ow) : 0,
            ActivationMin = rng.Next(3) == 0 ? 0f : float.NegativeInfinity, ActivationMax = rng.Next(3) == 0 ? 6f : float.PositiveInfinity,
        };
    }

    public static TheoryData<int> ChannelSizes()
    {
        var d = new TheoryData<int>();
        foreach (int c in Sizes) d.Add(c);
        return d;
    }

    [Theory]
    [MemberData(nameof(ChannelSizes))]
    public void MatchesReferenceBitForBit(int channels)
    {
        var rng = new Random(7000 + channels);
        for (int rep = 0; rep < 12; rep++)
        {
            int fh = rng.Next(1, 7), fw = rng.Next(1, 7), sh = rng.Next(1, 3), sw = rng.Next(1, 3);
            if (rep < 4) { fh = fw = 5; sh = sw = 1; }
            bool same = rep % 2 == 0;
            int h = rng.Next(same ? 1 : fh, 14), w = rng.Next(same ? 1 : fw, 14);
            var p = Geometry(rng, channels, fh, fw, sh, sw, same, h, w);
            Check(p, Special(rng, (long)p.Batches * h * w * channels), p.ToString());
        }
    }

    /// <summary>SPPF's pool (5x5, stride 1, SAME) on spatial sizes around the vector and tile widths.</summary>
    [Fact]
    public void SppfGeometries()
    {
        var rng = new Random(7100);
        foreach (int hw in new[] { 1, 2, 4, 7, 8, 10, 15, 16, 17, 20 })
            foreach (int c in new[] { 8, 17, 128 })
            {
                var p = Geometry(rng, c, 5, 5, 1, 1, true, hw, Math.Max(1, hw - 1));
                var input = rng.Next(2) == 0 ? Random(rng, (long)p.Batches * p.InputHeight * p.InputWidth * c) : Special(rng, (long)p.Batches * p.InputHeight * p.InputWidth * c);
                Check(p, input, p.ToString());
            }
    }

    /// <summary>Several NaNs of different payloads in one window: the reference keeps the first in row-major window order.</summary>
    [Fact]
    public void FirstNaNPayloadWins()
    {
        var p = new PoolParams
        {
            InputHeight = 5, InputWidth = 5, Channels = 16, FilterHeight = 5, FilterWidth = 5, OutputHeight = 5, OutputWidth = 5,
            PadTop = 2, PadLeft = 2,
        };
        var input = new float[5 * 5 * 16];
        for (int i = 0; i < input.Length; i++) input[i] = i * 0.01f;
        // Column 0 row 3, then column 4 row 1: row-major order meets (1, 4) first, column-major (3, 0) first.
        input[(3 * 5 + 0) * 16 + 2] = BitConverter.Int32BitsToSingle(0x7FC00AAA);
        input[(1 * 5 + 4) * 16 + 2] = BitConverter.Int32BitsToSingle(0x7FC00BBB);
        Check(p, input, "two NaNs");
    }
}
