using ManagedLite.Kernels.Params;
using Xunit;
using Opt = ManagedLite.Kernels.Optimized.Quantized;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Tests.Quantization.Ops;

/// <summary>
/// The packed AVX2 8-bit TRANSPOSE_CONV equals the reference kernels byte for byte on random shapes: input depth 1..19
/// (odd and even: the padded last pair), output depth 1..21 (around the 8-channel blocks) and
/// sometimes 22..41 (the 4-block group), filters 1x1..4x4 incl. non-square, strides 1..3, paddings that crop, batches 1-2, with and without bias,
/// int8 per-channel and uint8 per-tensor with a non-zero filter zero point, activation ranges that clamp.
/// </summary>
public class TransposeConv8Tests
{
    private static QuantizedConvParams RandomParams(Random rng, bool perChannel)
    {
        int inD = rng.Next(1, 20), outD = rng.Next(4) == 0 ? rng.Next(22, 42) : rng.Next(1, 22);
        int fH = rng.Next(1, 5), fW = rng.Next(1, 5);
        int sH = rng.Next(1, 4), sW = rng.Next(1, 4);
        int inH = rng.Next(1, 7), inW = rng.Next(1, 7);
        int padH = rng.Next(0, fH), padW = rng.Next(0, fW);
        int outH = Math.Max(1, (inH - 1) * sH + fH - padH - rng.Next(0, 3));
        int outW = Math.Max(1, (inW - 1) * sW + fW - padW - rng.Next(0, 3));
        int[]? m = null, s = null;
        if (perChannel)
        {
            m = new int[outD];
            s = new int[outD];
            for (int c = 0; c < outD; c++) { m[c] = rng.Next(1 << 30, int.MaxValue); s[c] = rng.Next(-13, 2); }
        }
        bool signed = perChannel;
        return new QuantizedConvParams
        {
            Batches = rng.Next(1, 3), InputHeight = inH, InputWidth = inW, InputDepth = inD,
            FilterHeight = fH, FilterWidth = fW, OutputHeight = outH, OutputWidth = outW, OutputDepth = outD,
            StrideHeight = sH, StrideWidth = sW, DilationHeight = 1, DilationWidth = 1, PadHeight = padH, PadWidth = padW,
            InputOffset = signed ? -rng.Next(-128, 128) : -rng.Next(0, 256),
            OutputOffset = signed ? rng.Next(-20, 21) : rng.Next(100, 156),
            WeightsOffset = signed ? 0 : -rng.Next(1, 256),
            OutputMultiplier = perChannel ? 0 : rng.Next(1 << 30, int.MaxValue),
            OutputShift = perChannel ? 0 : rng.Next(-13, 2),
            PerChannelMultiplier = m, PerChannelShift = s,
            ActivationMin = signed ? rng.Next(-128, -60) : rng.Next(0, 60),
            ActivationMax = signed ? rng.Next(60, 128) : rng.Next(190, 256),
        };
    }

    private static (int[] Acc, int[] Pairs, int[] RefScratch) Scratches(in QuantizedConvParams p) =>
        (new int[Opt.TransposeConv8.AccumulatorLength(p)], new int[Opt.TransposeConv8.PairRowLength(p)],
         new int[p.Batches * p.OutputHeight * p.OutputWidth * p.OutputDepth]);

    [Fact]
    public void Int8PerChannelMatchesReference()
    {
        if (!Opt.TransposeConv8.IsSupported) return;
        var rng = new Random(11);
        for (int trial = 0; trial < 300; trial++)
        {
            var p = RandomParams(rng, perChannel: true);
            var input = RandomSBytes(rng, p.Batches * p.InputHeight * p.InputWidth * p.InputDepth);
            var filter = RandomSBytes(rng, p.OutputDepth * p.FilterHeight * p.FilterWidth * p.InputDepth);
            int[] bias = trial % 4 == 0 ? [] : Enumerable.Range(0, p.OutputDepth).Select(_ => rng.Next(-20000, 20000)).ToArray();
            var (acc, pairs, refScratch) = Scratches(p);
            int outLen = p.Batches * p.OutputHeight * p.OutputWidth * p.OutputDepth;
            var want = new sbyte[outLen];
            var got = new sbyte[outLen];
            Ref.TransposeConvInt8.Run(p, input, filter, bias, want, refScratch);
            var packed = Opt.TransposeConv8.PackInt8(p, filter);
            Opt.TransposeConv8.RunInt8(p, input, packed, new Opt.TransposeConv8.Requantization(p, perChannel: true), bias, got, acc, pairs);
            Assert.True(want.AsSpan().SequenceEqual(got), $"trial {trial}: {Describe(p)}");
            // Again with dirty scratches: the kernel must reset them.
            Array.Fill(acc, 12345);
            Array.Fill(pairs, -1);
            Array.Clear(got);
            Opt.TransposeConv8.RunInt8(p, input, packed, new Opt.TransposeConv8.Requantization(p, perChannel: true), bias, got, acc, pairs);
            Assert.True(want.AsSpan().SequenceEqual(got), $"trial {trial} (dirty scratch): {Describe(p)}");
        }
    }

    [Fact]
    public void UInt8PerTensorMatchesReference()
    {
        if (!Opt.TransposeConv8.IsSupported) return;
        var rng = new Random(12);
        for (int trial = 0; trial < 300; trial++)
        {
            var p = RandomParams(rng, perChannel: false);
            var input = RandomBytes(rng, p.Batches * p.InputHeight * p.InputWidth * p.InputDepth);
            var filter = RandomBytes(rng, p.OutputDepth * p.FilterHeight * p.FilterWidth * p.InputDepth);
            int[] bias = trial % 4 == 0 ? [] : Enumerable.Range(0, p.OutputDepth).Select(_ => rng.Next(-20000, 20000)).ToArray();
            var (acc, pairs, refScratch) = Scratches(p);
            int outLen = p.Batches * p.OutputHeight * p.OutputWidth * p.OutputDepth;
            var want = new byte[outLen];
            var got = new byte[outLen];
            Ref.TransposeConvUInt8.Run(p, input, filter, bias, want, refScratch);
            Array.Fill(acc, -7);
            Opt.TransposeConv8.RunUInt8(p, input, Opt.TransposeConv8.PackUInt8(p, filter), new Opt.TransposeConv8.Requantization(p, perChannel: false),
                bias, got, acc, pairs);
            Assert.True(want.AsSpan().SequenceEqual(got), $"trial {trial}: {Describe(p)}");
        }
    }

    [Fact]
    public void ExtremeValuesMatchReference()
    {
        if (!Opt.TransposeConv8.IsSupported) return;
        // Largest |products|: input 0 with zero point 255 (x' = -255), filter 0 with zero point 255 (w' = -255).
        var rng = new Random(13);
        var p = RandomParams(rng, perChannel: false) with { InputDepth = 19, OutputDepth = 21, InputOffset = -255, WeightsOffset = -255 };
        var input = new byte[p.Batches * p.InputHeight * p.InputWidth * p.InputDepth];
        var filter = new byte[p.OutputDepth * p.FilterHeight * p.FilterWidth * p.InputDepth];
        var (acc, pairs, refScratch) = Scratches(p);
        var want = new byte[p.Batches * p.OutputHeight * p.OutputWidth * p.OutputDepth];
        var got = new byte[want.Length];
        Ref.TransposeConvUInt8.Run(p, input, filter, default, want, refScratch);
        Opt.TransposeConv8.RunUInt8(p, input, Opt.TransposeConv8.PackUInt8(p, filter), new Opt.TransposeConv8.Requantization(p, perChannel: false),
            default, got, acc, pairs);
        Assert.Equal(want, got);
    }

    private static sbyte[] RandomSBytes(Random rng, int n)
    {
        var b = new byte[n];
        rng.NextBytes(b);
        return b.Select(v => (sbyte)v).ToArray();
    }

    private static byte[] RandomBytes(Random rng, int n)
    {
        var b = new byte[n];
        rng.NextBytes(b);
        return b;
    }

    private static string Describe(in QuantizedConvParams p) =>
        $"N={p.Batches} in={p.InputHeight}x{p.InputWidth}x{p.InputDepth} f={p.FilterHeight}x{p.FilterWidth} s={p.StrideHeight}x{p.StrideWidth} " +
        $"pad={p.PadHeight},{p.PadWidth} out={p.OutputHeight}x{p.OutputWidth}x{p.OutputDepth}";
}
