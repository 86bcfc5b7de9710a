using Xunit;
using ManagedLite.Kernels.Params;
using Opt = ManagedLite.Kernels.Optimized.Quantized;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Tests.Convolution;

/// <summary>Optimized int8 / uint8 / int16 AVERAGE_POOL_2D against the reference, bit for bit.</summary>
public class AveragePoolQuantizedTests
{
    private static readonly int[] Depths = [1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 63, 64, 65, 96];

    // (h, w, fh, fw, sh, sw, same)
    private static readonly (int H, int W, int Fh, int Fw, int Sh, int Sw, bool Same)[] Configs =
    [
        (7, 7, 3, 3, 1, 1, true),
        (8, 8, 2, 2, 2, 2, false),
        (9, 7, 3, 3, 2, 2, true),
        (5, 6, 5, 4, 1, 1, true),       // counts from 6 to 20 near the borders
        (6, 5, 1, 1, 1, 1, false),      // count 1
        (7, 7, 7, 7, 1, 1, false),      // global
        (4, 6, 4, 6, 2, 3, true),       // filter = input, SAME
        (3, 3, 5, 5, 1, 1, true),       // filter larger than the input
        (10, 3, 3, 1, 3, 1, false),
        (1, 9, 1, 3, 1, 2, true),
    ];

    private static QuantizedPoolParams Make(int n, int h, int w, int c, int fh, int fw, int sh, int sw, bool same, int min, int max)
    {
        int oh = same ? (h + sh - 1) / sh : (h - fh + sh) / sh;
        int ow = same ? (w + sw - 1) / sw : (w - fw + sw) / sw;
        int ph = same ? Math.Max(0, ((oh - 1) * sh + fh - h) / 2) : 0;
        int pw = same ? Math.Max(0, ((ow - 1) * sw + fw - w) / 2) : 0;
        return new QuantizedPoolParams
        {
            Batches = n, InputHeight = h, InputWidth = w, Depth = c, OutputHeight = oh, OutputWidth = ow,
            FilterHeight = fh, FilterWidth = fw, StrideHeight = sh, StrideWidth = sw, PadHeight = ph, PadWidth = pw,
            ActivationMin = min, ActivationMax = max,
        };
    }

    private static int Size(in QuantizedPoolParams p) => p.Batches * p.InputHeight * p.InputWidth * p.Depth;
    private static int OutSize(in QuantizedPoolParams p) => p.Batches * p.OutputHeight * p.OutputWidth * p.Depth;

    /// <summary>Activation ranges: none, relu-like from an extreme or middle zero point, relu6-like, a narrow one.</summary>
    private static (int Min, int Max)[] Ranges(int lo, int hi, Random rng)
    {
        int a = rng.Next(lo, hi + 1), b = rng.Next(lo, hi + 1);
        return [(lo, hi), (lo, hi - 1), (hi, hi), (lo, lo), ((lo + hi) / 2, hi), (lo + 1, (lo + hi) / 2 + 3), (Math.Min(a, b), Math.Max(a, b))];
    }

    private enum Fill { Random, Min, Max, MinMax }

    private static void FillData(Span<int> values, int lo, int hi, Fill fill, Random rng)
    {
        for (int i = 0; i < values.Length; i++)
            values[i] = fill switch
            {
                Fill.Min => lo,
                Fill.Max => hi,
                Fill.MinMax => rng.Next(2) == 0 ? lo : hi,
                _ => rng.Next(lo, hi + 1),
            };
    }

    private static void CheckInt8(in QuantizedPoolParams p, Random rng, Fill fill)
    {
        var v = new int[Size(p)];
        FillData(v, -128, 127, fill, rng);
        var input = v.Select(x => (sbyte)x).ToArray();
        var want = new sbyte[OutSize(p)];
        var got = new sbyte[want.Length];
        bool okWant = Ref.AveragePool2DQuantized.Run(p, input, want);
        bool okGot = Opt.AveragePool2DQuantized.Run(p, input, got);
        Assert.Equal(okWant, okGot);
        if (okWant) Assert.True(want.AsSpan().SequenceEqual(got), $"int8 {p} {fill}");
    }

    private static void CheckUInt8(in QuantizedPoolParams p, Random rng, Fill fill)
    {
        var v = new int[Size(p)];
        FillData(v, 0, 255, fill, rng);
        var input = v.Select(x => (byte)x).ToArray();
        var want = new byte[OutSize(p)];
        var got = new byte[want.Length];
        bool okWant = Ref.AveragePool2DQuantized.Run(p, input, want);
        bool okGot = Opt.AveragePool2DQuantized.Run(p, input, got);
        Assert.Equal(okWant, okGot);
        if (okWant) Assert.True(want.AsSpan().SequenceEqual(got), $"uint8 {p} {fill}");
    }

    private static void CheckInt16(in QuantizedPoolParams p, Random rng, Fill fill)
    {
        var v = new int[Size(p)];
        FillData(v, short.MinValue, short.MaxValue, fill, rng);
        var input = v.Select(x => (short)x).ToArray();
        var want = new short[OutSize(p)];
        var got = new short[want.Length];
        bool okWant = Ref.AveragePool2DQuantized.Run(p, input, want);
        bool okGot = Opt.AveragePool2DQuantized.Run(p, input, got);
        Assert.Equal(okWant, okGot);
        if (okWant) Assert.True(want.AsSpan().SequenceEqual(got), $"int16 {p} {fill}");
    }

    public static TheoryData<int> DepthData()
    {
        var d = new TheoryData<int>();
        foreach (int c in Depths) d.Add(c);
        return d;
    }

    [Theory]
    [MemberData(nameof(DepthData))]
    public void Int8_BitExact(int depth)
    {
        var rng = new Random(100 + depth);
        foreach (var (h, w, fh, fw, sh, sw, same) in Configs)
            foreach (var (min, max) in Ranges(-128, 127, rng))
            {
                var p = Make(rng.Next(1, 3), h, w, depth, fh, fw, sh, sw, same, min, max);
                CheckInt8(p, rng, Fill.Random);
            }
        foreach (var fill in new[] { Fill.Min, Fill.Max, Fill.MinMax })
            CheckInt8(Make(2, 9, 7, depth, 3, 3, 2, 2, true, -128, 127), rng, fill);
        for (int rep = 0; rep < 6; rep++) CheckInt8(RandomParams(rng, depth, -128, 127), rng, Fill.Random);
    }

    [Theory]
    [MemberData(nameof(DepthData))]
    public void UInt8_BitExact(int depth)
    {
        var rng = new Random(200 + depth);
        foreach (var (h, w, fh, fw, sh, sw, same) in Configs)
            foreach (var (min, max) in Ranges(0, 255, rng))
            {
                var p = Make(rng.Next(1, 3), h, w, depth, fh, fw, sh, sw, same, min, max);
                CheckUInt8(p, rng, Fill.Random);
            }
        foreach (var fill in new[] { Fill.Min, Fill.Max, Fill.MinMax })
            CheckUInt8(Make(2, 9, 7, depth, 3, 3, 2, 2, true, 0, 255), rng, fill);
        for (int rep = 0; rep < 6; rep++) CheckUInt8(RandomParams(rng, depth, 0, 255), rng, Fill.Random);
    }

    [Theory]
    [MemberData(nameof(DepthData))]
    public void Int16_BitExact(int depth)
    {
        var rng = new Random(300 + depth);
        foreach (var (h, w, fh, fw, sh, sw, same) in Configs)
            foreach (var (min, max) in Ranges(short.MinValue, short.MaxValue, rng))
            {
                var p = Make(rng.Next(1, 3), h, w, depth, fh, fw, sh, sw, same, min, max);
                CheckInt16(p, rng, Fill.Random);
            }
        foreach (var fill in new[] { Fill.Min, Fill.Max, Fill.MinMax })
            CheckInt16(Make(2, 9, 7, depth, 3, 3, 2, 2, true, short.MinValue, short.MaxValue), rng, fill);
    }

    private static QuantizedPoolParams RandomParams(Random rng, int depth, int lo, int hi)
    {
        int fh = rng.Next(1, 6), fw = rng.Next(1, 6), sh = rng.Next(1, 4), sw = rng.Next(1, 4);
        bool same = rng.Next(2) == 0;
        int h = rng.Next(same ? 1 : fh, 12), w = rng.Next(same ? 1 : fw, 12);
        int a = rng.Next(lo, hi + 1), b = rng.Next(lo, hi + 1);
        return Make(rng.Next(1, 4), h, w, depth, fh, fw, sh, sw, same, Math.Min(a, b), Math.Max(a, b));
    }

    /// <summary>
    /// Windows of more taps than a 16-bit lane holds (flushed every 256) and int16 windows past the float division's
    /// exact range (integer division per lane), with every element at an extreme.
    /// </summary>
    [Theory]
    [InlineData(17, 17, 1)]
    [InlineData(20, 20, 33)]
    [InlineData(16, 16, 64)]
    [InlineData(23, 19, 17)]
    [InlineData(12, 12, 16)]
    [InlineData(130, 130, 32)]   // 16 900 taps: past the 8-bit float limit (16 384)
    public void LargeWindows_BitExact(int h, int w, int depth)
    {
        var rng = new Random(h * 100 + depth);
        foreach (bool global in h * w > 1000 ? new[] { true } : new[] { true, false })
        {
            var p = global
                ? Make(1, h, w, depth, h, w, 1, 1, false, -128, 127)
                : Make(1, h, w, depth, h - 1, w - 2, 2, 3, true, -128, 127);
            foreach (var fill in new[] { Fill.Random, Fill.Min, Fill.Max, Fill.MinMax })
            {
                CheckInt8(p, rng, fill);
                CheckUInt8(p with { ActivationMin = 0, ActivationMax = 255 }, rng, fill);
                CheckInt16(p with { ActivationMin = short.MinValue, ActivationMax = short.MaxValue }, rng, fill);
            }
        }
    }

    /// <summary>Every tap count 1..filter area appears (SAME padding of a big filter on a small image).</summary>
    [Fact]
    public void AllCounts_BitExact()
    {
        var rng = new Random(7);
        for (int f = 1; f <= 12; f++)
            foreach (int depth in new[] { 1, 16, 33 })
            {
                // "Full" padding f - 1 of an f x f filter on an f x f input: output row y (of 2f - 1) sees min(y + 1, 2f - 1 - y)
                // input rows, so the windows' counts are all products of 1..f.
                var p = new QuantizedPoolParams
                {
                    Batches = 2, InputHeight = f, InputWidth = f, Depth = depth, OutputHeight = 2 * f - 1, OutputWidth = 2 * f - 1,
                    FilterHeight = f, FilterWidth = f, StrideHeight = 1, StrideWidth = 1, PadHeight = f - 1, PadWidth = f - 1,
                    ActivationMin = -128, ActivationMax = 127,
                };
                foreach (var fill in new[] { Fill.Random, Fill.MinMax, Fill.Max, Fill.Min })
                {
                    CheckInt8(p, rng, fill);
                    CheckUInt8(p with { ActivationMin = 0, ActivationMax = 255 }, rng, fill);
                    CheckInt16(p with { ActivationMin = short.MinValue, ActivationMax = short.MaxValue }, rng, fill);
                }
            }
    }

    /// <summary>
    /// The float division equals the reference's rounded integer division for every 8-bit sum of every count up to
    /// 1024 taps, and around each rounding boundary of every count up to the float limit (16 383 taps), and for every
    /// int16 sum boundary up to 127 taps.
    /// </summary>
    [Fact]
    public void FloatDivision_IsExact()
    {
        for (int c = 1; c <= 1024; c++)
            for (int acc = -128 * c; acc <= 255 * c; acc++)
                if (Opt.AveragePool2DQuantized.DivideFloat(acc, c) != Opt.AveragePool2DQuantized.Divide(acc, c))
                    Assert.Fail($"count {c} sum {acc}");
        for (int c = 1025; c < 16384; c++)
            for (int k = -129; k <= 256; k++)
                foreach (int center in new[] { k * c, k * c + c / 2, k * c - c / 2 })
                    for (int acc = center - 2; acc <= center + 2; acc++)
                    {
                        if (acc < -128 * c || acc > 255 * c) continue;
                        if (Opt.AveragePool2DQuantized.DivideFloat(acc, c) != Opt.AveragePool2DQuantized.Divide(acc, c))
                            Assert.Fail($"count {c} sum {acc}");
                    }
        for (int c = 1; c <= 127; c++)
            for (int k = -32769; k <= 32768; k++)
                foreach (int center in new[] { k * c, k * c + c / 2, k * c - c / 2 })
                    for (int acc = center - 1; acc <= center + 1; acc++)
                    {
                        if (acc < -32768 * c || acc > 32767 * c) continue;
                        if (Opt.AveragePool2DQuantized.DivideFloat(acc, c) != Opt.AveragePool2DQuantized.Divide(acc, c))
                            Assert.Fail($"int16 count {c} sum {acc}");
                    }
    }

    [Fact]
    public void RowRanges_GiveTheWholeBits()
    {
        var rng = new Random(9);
        var p = Make(2, 13, 11, 37, 3, 3, 2, 1, true, -100, 120);
        var input = new sbyte[Size(p)];
        for (int i = 0; i < input.Length; i++) input[i] = (sbyte)rng.Next(-128, 128);
        var want = new sbyte[OutSize(p)];
        Assert.True(Ref.AveragePool2DQuantized.Run(p, input, want));
        var got = new sbyte[want.Length];
        int rows = p.Batches * p.OutputHeight;
        int[] cuts = [0, 1, rows / 2, rows - 1, rows];
        for (int k = 0; k + 1 < cuts.Length; k++) Assert.True(Opt.AveragePool2DQuantized.RunRows(p, input, got, cuts[k], cuts[k + 1]));
        Assert.True(want.AsSpan().SequenceEqual(got));
    }

    [Fact]
    public void EmptyWindow_ReturnsFalse_AsReference()
    {
        // Padding 2 with a 1x1 filter: the corner window has no in-image tap.
        var p = new QuantizedPoolParams
        {
            Batches = 1, InputHeight = 2, InputWidth = 2, Depth = 32, OutputHeight = 3, OutputWidth = 3, FilterHeight = 1,
            FilterWidth = 1, StrideHeight = 1, StrideWidth = 1, PadHeight = 2, PadWidth = 2, ActivationMin = -128, ActivationMax = 127,
        };
        var input = new sbyte[Size(p)];
        var o = new sbyte[OutSize(p)];
        Assert.False(Ref.AveragePool2DQuantized.Run(p, input, o));
        Assert.False(Opt.AveragePool2DQuantized.Run(p, input, o));
        Assert.False(Opt.AveragePool2DQuantized.Run(p with { Depth = 3 }, new byte[12], new byte[27]));
        Assert.True(Opt.AveragePool2DQuantized.Run(p with { Depth = 0 }, Array.Empty<short>(), Array.Empty<short>()));
    }

    [Fact]
    public void BadArguments_ThrowSpecificExceptions()
    {
        var p = Make(1, 4, 4, 16, 2, 2, 2, 2, false, -128, 127);
        Assert.Throws<ArgumentException>(() => Opt.AveragePool2DQuantized.Run(p, new sbyte[Size(p) - 1], new sbyte[OutSize(p)]));
        Assert.Throws<ArgumentException>(() => Opt.AveragePool2DQuantized.Run(p, new byte[Size(p)], new byte[OutSize(p) - 1]));
        Assert.Throws<ArgumentException>(() => Opt.AveragePool2DQuantized.Run(p with { StrideHeight = 0 }, new short[Size(p)], new short[OutSize(p)]));
        Assert.Throws<ArgumentException>(() => Opt.AveragePool2DQuantized.Run(p with { ActivationMin = 5, ActivationMax = 4 }, new sbyte[Size(p)], new sbyte[OutSize(p)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Opt.AveragePool2DQuantized.RunRows(p, new sbyte[Size(p)], new sbyte[OutSize(p)], 0, 3));
    }
}
