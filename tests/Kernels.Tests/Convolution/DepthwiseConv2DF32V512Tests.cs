using Xunit;
using static ManagedLite.Kernels.Tests.Convolution.ConvTestUtil;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Kernels.Tests.Convolution;

/// <summary>
/// f32-dwconv-v512 (packed weights, 16-channel blocks, pixel-outer or block-outer order) against the reference kernel,
/// and bit for bit against the Vector&lt;T&gt; kernel it replaces (same FMA order per output), on random shapes with
/// channel counts at and around the 16-lane block, filters up to 7x7 (and one with more taps than a chunk table holds
/// at full width), strides, dilations and asymmetric padding. Skips where the machine has no AVX-512F.
/// </summary>
public class DepthwiseConv2DF32V512Tests
{
    private static float[] Packed(in DepthwiseParams p, float[] filter, float[] bias)
    {
        var packed = new float[Opt.DepthwiseConv2DF32V512.PackedLength(p)];
        Opt.DepthwiseConv2DF32V512.Pack(p, filter, bias, packed);
        return packed;
    }

    private static DepthwiseParams RandomParams(Random rng, int channels, int k)
    {
        int stride = rng.Next(1, 3), dil = rng.Next(4) == 0 ? 2 : 1;
        int span = (k - 1) * dil + 1;
        int h = rng.Next(span, span + 12), w = rng.Next(span, span + 40);
        int padTop = rng.Next(0, k), padLeft = rng.Next(0, k), padBottom = rng.Next(0, k), padRight = rng.Next(0, k);
        int oh = (h + padTop + padBottom - span) / stride + 1, ow = (w + padLeft + padRight - span) / stride + 1;
        return new DepthwiseParams
        {
            Batches = rng.Next(1, 3), InputHeight = h, InputWidth = w, InputChannels = channels,
            FilterHeight = k, FilterWidth = rng.Next(2) == 0 ? k : Math.Max(1, k - 2), OutputHeight = oh, OutputWidth = ow,
            StrideHeight = stride, StrideWidth = stride, DilationHeight = dil, DilationWidth = dil, PadTop = padTop, PadLeft = padLeft,
            ActivationMin = rng.Next(2) == 0 ? 0f : float.NegativeInfinity, ActivationMax = rng.Next(2) == 0 ? 6f : float.PositiveInfinity,
        };
    }

    [SkippableTheory]
    [InlineData(1)] [InlineData(3)] [InlineData(5)] [InlineData(7)]
    public void MatchesReferenceAndTheVectorKernelBitForBit(int k)
    {
        Skip.IfNot(System.Runtime.Intrinsics.X86.Avx512F.IsSupported, "no AVX-512F on this machine: f32-dwconv-v512 does not run here");
        var rng = new Random(9100 + k);
        foreach (int channels in new[] { 1, 8, 15, 16, 17, 24, 31, 32, 33, 48, 63, 64, 65, 144, 257 })
        {
            var p = RandomParams(rng, channels, k);
            // Either loop order, whatever the working set.
            int savedThreshold = Opt.DepthwiseConv2DF32V512.PixelOuterMaxBytes;
            var input = Random(rng, p.InputLength, 2f);
            var filter = Random(rng, p.FilterLength);
            var bias = rng.Next(3) == 0 ? [] : Random(rng, p.OutputChannels);
            var want = new float[p.OutputLength];
            Ref.DepthwiseConv2D.Run(p, input, filter, bias, want);
            var abs = new float[p.OutputLength];
            Ref.DepthwiseConv2D.Run(p with { ActivationMin = float.NegativeInfinity, ActivationMax = float.PositiveInfinity }, Abs(input), Abs(filter), Abs(bias), abs);
            var vector = new float[p.OutputLength];
            Opt.DepthwiseConv2D.Run(p, input, filter, bias, vector);
            var packed = Packed(p, filter, bias);
            foreach (int threshold in new[] { 0, int.MaxValue })
            {
                var got = new float[p.OutputLength];
                try
                {
                    Opt.DepthwiseConv2DF32V512.PixelOuterMaxBytes = threshold;
                    Opt.DepthwiseConv2DF32V512.RunRows(p, input, packed, got, 0, p.Batches * p.OutputHeight);
                }
                finally { Opt.DepthwiseConv2DF32V512.PixelOuterMaxBytes = savedThreshold; }
                AssertClose(want, got, abs, $"f32-dwconv-v512 {p} threshold {threshold}");
                AssertExact(vector, got, $"f32-dwconv-v512 vs vector kernel {p} threshold {threshold}");
            }
        }
    }

    [SkippableFact]
    public void LargeFiltersAndRowRangesComposeToTheWholeOutput()
    {
        Skip.IfNot(System.Runtime.Intrinsics.X86.Avx512F.IsSupported, "no AVX-512F on this machine: f32-dwconv-v512 does not run here");
        var rng = new Random(9200);
        // 16x16 taps: the chunk table shrinks to 8 pixels; 40 wide so several chunks and border runs per row.
        var p = new DepthwiseParams
        {
            Batches = 2, InputHeight = 20, InputWidth = 40, InputChannels = 33, FilterHeight = 16, FilterWidth = 16,
            OutputHeight = 20, OutputWidth = 40, PadTop = 7, PadLeft = 8,
        };
        var input = Random(rng, p.InputLength);
        var filter = Random(rng, p.FilterLength);
        var bias = Random(rng, p.OutputChannels);
        var vector = new float[p.OutputLength];
        Opt.DepthwiseConv2D.Run(p, input, filter, bias, vector);
        var packed = Packed(p, filter, bias);
        var parts = new float[p.OutputLength];
        Opt.DepthwiseConv2DF32V512.RunRows(p, input, packed, parts, 0, 7);
        Opt.DepthwiseConv2DF32V512.RunRows(p, input, packed, parts, 7, 40);
        AssertExact(vector, parts, "f32-dwconv-v512 rows");
    }

    [Fact]
    public void RejectsWhatItDoesNotCover()
    {
        var p = new DepthwiseParams { InputHeight = 3, InputWidth = 3, InputChannels = 2, DepthMultiplier = 2, FilterHeight = 3, FilterWidth = 3, OutputHeight = 1, OutputWidth = 1 };
        Assert.False(Opt.DepthwiseConv2DF32V512.Covers(p));
        Assert.False(Opt.DepthwiseConv2DF32V512.Covers(p with { DepthMultiplier = 1, InputChannels = Opt.DepthwiseConv2D.MaxStackChannels + 1 }));
        Assert.False(Opt.DepthwiseConv2DF32V512.Covers(p with { DepthMultiplier = 1, FilterHeight = 17, FilterWidth = 16 }));
        Assert.Throws<ArgumentException>(() => Opt.DepthwiseConv2DF32V512.Pack(p, new float[36], [], new float[4096]));
        var q = p with { DepthMultiplier = 1, InputChannels = 4 };
        Assert.Throws<ArgumentException>(() => Opt.DepthwiseConv2DF32V512.Pack(q, new float[35], [], new float[4096]));
    }
}
