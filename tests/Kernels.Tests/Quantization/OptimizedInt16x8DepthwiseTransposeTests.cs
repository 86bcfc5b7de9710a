using System.Runtime.Intrinsics.X86;
using ManagedLite.Kernels.Params;
using Xunit;
using Opt = ManagedLite.Kernels.Optimized.Quantized;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Tests.Quantization;

/// <summary>
/// The packed int16x8 DEPTHWISE_CONV_2D (tap pairs per vpmaddwd, exact int32 runs, int64 sums, vector int64
/// requantization) and TRANSPOSE_CONV (vpmaddwd GEMM per input pixel, int64 scatter) against the scalar reference
/// kernels, bit-exact: channel counts around the 16-channel block, depth multipliers 1 and 2, strides, dilations,
/// paddings, int64 and widened int32 biases, no bias, extreme values with filters long enough to need several exact
/// runs, and both the AVX-512 and the AVX2 (scalar output stage) paths.
/// </summary>
public class OptimizedInt16x8DepthwiseTransposeTests
{
    public static TheoryData<int, int> DepthwiseCases()
    {
        var data = new TheoryData<int, int>();
        foreach (int c in new[] { 1, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65 })
        {
            data.Add(c, 1);
            data.Add(c, 2);
        }
        return data;
    }

    private static short[] Depthwise(in QuantizedConvParams p, short[] input, sbyte[] filter, long[] bias, bool wide, int[]? rowCuts = null)
    {
        var packed = Opt.DepthwiseConv2DInt16x8.TryPack(p, filter, bias)!;
        Assert.NotNull(packed);
        var scratch = new byte[Opt.DepthwiseConv2DInt16x8.ScratchBytes(packed)];
        var output = new short[p.Batches * p.OutputHeight * p.OutputWidth * p.OutputDepth];
        output.AsSpan().Fill(12345);
        rowCuts ??= [0, p.OutputHeight];
        for (int b = 0; b < p.Batches; b++)
            for (int c = 0; c + 1 < rowCuts.Length; c++)
            {
                // Each range fills only the rows it reads, as the threads of the op do.
                Opt.DepthwiseConv2DInt16x8.FillRows(p, packed, input, b, scratch, rowCuts[c], rowCuts[c + 1]);
                Opt.DepthwiseConv2DInt16x8.RowsCore(p, packed, scratch, output, b, rowCuts[c], rowCuts[c + 1], wide);
            }
        return output;
    }

    private static void CheckDepthwise(in QuantizedConvParams p, short[] input, sbyte[] filter, long[] bias)
    {
        var expected = new short[p.Batches * p.OutputHeight * p.OutputWidth * p.OutputDepth];
        Ref.DepthwiseConv2DInt16x8.Run(p, input, filter, bias, expected);
        Assert.Equal(expected, Depthwise(p, input, filter, bias, wide: true));
        Assert.Equal(expected, Depthwise(p, input, filter, bias, wide: false));
    }

    [Theory]
    [MemberData(nameof(DepthwiseCases))]
    public void PackedDepthwiseMatchesReference(int inDepth, int depthMultiplier)
    {
        if (!Avx2.IsSupported) return;
        var r = new QuantRandom(71_000 + inDepth * 10 + depthMultiplier);
        int outDepth = inDepth * depthMultiplier;
        for (int trial = 0; trial < 6; trial++)
        {
            var (m, s) = r.PerChannel(outDepth, trial == 3 ? -30 : -20, trial == 3 ? 3 : -8);
            var p = r.ConvGeometry(inDepth, outDepth, depthwise: true, depthMultiplier: depthMultiplier) with
            {
                PerChannelMultiplier = m, PerChannelShift = s,
                ActivationMin = r.Next(short.MinValue, -1000), ActivationMax = r.Next(1000, short.MaxValue),
            };
            if (trial == 2) p = p with { InputWidth = 13, OutputWidth = (13 + 2 * p.PadWidth - ((p.FilterWidth - 1) * p.DilationWidth + 1)) / p.StrideWidth + 1 };
            var input = r.Int16(p.Batches * p.InputHeight * p.InputWidth * inDepth);
            var filter = r.Int8(p.FilterHeight * p.FilterWidth * outDepth);
            long[] bias = trial == 5 ? [] : r.Int64(outDepth, trial == 4 ? 1L << 50 : 1L << 26);
            CheckDepthwise(p, input, filter, bias);
        }
    }

    [Fact]
    public void DepthwiseExtremeValuesNeedSeveralExactRuns()
    {
        if (!Avx2.IsSupported) return;
        var r = new QuantRandom(17);
        // 23 x 23 = 529 taps of (-32768) x (-128): 265 pairs, past the 255 pairs one int32 run can sum exactly.
        foreach (int dm in new[] { 1, 2 })
        {
            int inD = 9, outD = inD * dm;
            var (m, s) = r.PerChannel(outD, -40, -30);
            var p = new QuantizedConvParams
            {
                Batches = 1, InputHeight = 25, InputWidth = 27, InputDepth = inD, FilterHeight = 23, FilterWidth = 23, DepthMultiplier = dm,
                OutputHeight = 3, OutputWidth = 5, OutputDepth = outD, StrideHeight = 1, StrideWidth = 1, DilationHeight = 1, DilationWidth = 1,
                PadHeight = 0, PadWidth = 0, PerChannelMultiplier = m, PerChannelShift = s, ActivationMin = short.MinValue, ActivationMax = short.MaxValue,
            };
            var input = new short[25 * 27 * inD];
            var filter = new sbyte[23 * 23 * outD];
            input.AsSpan().Fill(short.MinValue);
            filter.AsSpan().Fill(sbyte.MinValue);
            CheckDepthwise(p, input, filter, r.Int64(outD, 1L << 40));
            for (int i = 0; i < input.Length; i++) input[i] = (i % 3) == 0 ? short.MaxValue : short.MinValue;
            for (int i = 0; i < filter.Length; i++) filter[i] = (i % 5) == 0 ? sbyte.MaxValue : sbyte.MinValue;
            (m, s) = r.PerChannel(outD, -31, -28);
            CheckDepthwise(p with { PerChannelMultiplier = m, PerChannelShift = s }, input, filter, []);
        }
        // Small filter, saturating output, multiplier near 1 with left shifts.
        var (m2, s2) = r.PerChannel(33, -2, 5);
        var q = new QuantizedConvParams
        {
            Batches = 2, InputHeight = 6, InputWidth = 9, InputDepth = 33, FilterHeight = 3, FilterWidth = 3, DepthMultiplier = 1,
            OutputHeight = 6, OutputWidth = 9, OutputDepth = 33, StrideHeight = 1, StrideWidth = 1, DilationHeight = 1, DilationWidth = 1,
            PadHeight = 1, PadWidth = 1, PerChannelMultiplier = m2, PerChannelShift = s2, ActivationMin = -20000, ActivationMax = 30000,
        };
        var x = new short[2 * 6 * 9 * 33];
        x.AsSpan().Fill(short.MinValue);
        var f = new sbyte[9 * 33];
        f.AsSpan().Fill(sbyte.MinValue);
        CheckDepthwise(q, x, f, r.Int64(33, long.MaxValue / 4));
    }

    [Fact]
    public void DepthwiseRowRangesGiveTheWholeResult()
    {
        if (!Avx2.IsSupported) return;
        var r = new QuantRandom(18);
        var (m, s) = r.PerChannel(40, -20, -12);
        var p = new QuantizedConvParams
        {
            Batches = 2, InputHeight = 15, InputWidth = 11, InputDepth = 20, FilterHeight = 3, FilterWidth = 3, DepthMultiplier = 2,
            OutputHeight = 8, OutputWidth = 6, OutputDepth = 40, StrideHeight = 2, StrideWidth = 2, DilationHeight = 1, DilationWidth = 1,
            PadHeight = 1, PadWidth = 1, PerChannelMultiplier = m, PerChannelShift = s, ActivationMin = short.MinValue, ActivationMax = short.MaxValue,
        };
        var input = r.Int16(2 * 15 * 11 * 20);
        var filter = r.Int8(9 * 40);
        var bias = r.Int64(40, 1L << 30);
        var expected = new short[2 * 8 * 6 * 40];
        Ref.DepthwiseConv2DInt16x8.Run(p, input, filter, bias, expected);
        Assert.Equal(expected, Depthwise(p, input, filter, bias, wide: true, rowCuts: [0, 1, 4, 7, 8]));
        Assert.Equal(expected, Depthwise(p, input, filter, bias, wide: false, rowCuts: [0, 3, 8]));
    }

    [Fact]
    public void DepthwiseRejectsMismatchedBuffers()
    {
        if (!Avx2.IsSupported) return;
        var r = new QuantRandom(19);
        var (m, s) = r.PerChannel(16, -20, -12);
        var p = new QuantizedConvParams
        {
            Batches = 1, InputHeight = 4, InputWidth = 4, InputDepth = 16, FilterHeight = 3, FilterWidth = 3, DepthMultiplier = 1,
            OutputHeight = 2, OutputWidth = 2, OutputDepth = 16, StrideHeight = 1, StrideWidth = 1, DilationHeight = 1, DilationWidth = 1,
            PerChannelMultiplier = m, PerChannelShift = s, ActivationMin = short.MinValue, ActivationMax = short.MaxValue,
        };
        var packed = Opt.DepthwiseConv2DInt16x8.TryPack(p, r.Int8(9 * 16), [])!;
        var scratch = new byte[Opt.DepthwiseConv2DInt16x8.ScratchBytes(packed)];
        Assert.Throws<ArgumentException>(() => Opt.DepthwiseConv2DInt16x8.Run(p, packed, new short[256], new short[64], new byte[scratch.Length - 1]));
        Assert.Throws<ArgumentException>(() => Opt.DepthwiseConv2DInt16x8.Run(p with { FilterWidth = 2, OutputWidth = 3 }, packed, new short[256], new short[96], scratch));
        Assert.Throws<ArgumentOutOfRangeException>(() => Opt.DepthwiseConv2DInt16x8.Rows(p, packed, scratch, new short[64], 0, 0, 3));
        Assert.Throws<ArgumentException>(() => Opt.DepthwiseConv2DInt16x8.TryPack(p, r.Int8(9 * 16 - 1), []));
    }

    private static void CheckTranspose(in QuantizedConvParams p, short[] input, sbyte[] filter, long[] bias)
    {
        int outSize = p.Batches * p.OutputHeight * p.OutputWidth * p.OutputDepth;
        var expected = new short[outSize];
        Ref.TransposeConvInt16x8.Run(p, input, filter, bias, expected, new long[outSize]);
        var packed = Opt.TransposeConvInt16x8.TryPack(p, filter, bias)!;
        Assert.NotNull(packed);
        var scratch = new byte[Opt.TransposeConvInt16x8.ScratchBytes(p)];
        foreach (bool wide in new[] { true, false })
        {
            var actual = new short[outSize];
            actual.AsSpan().Fill(12345);
            scratch.AsSpan().Fill(0x5A); // the kernel clears what it accumulates into
            Opt.TransposeConvInt16x8.RunCore(p, packed, input, actual, scratch, wide);
            Assert.Equal(expected, actual);
        }
    }

    public static TheoryData<int> TransposeDepths => [1, 2, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65];

    [Theory]
    [MemberData(nameof(TransposeDepths))]
    public void PackedTransposeConvMatchesReference(int inDepth)
    {
        if (!Avx2.IsSupported) return;
        var r = new QuantRandom(81_000 + inDepth);
        int[] outDepths = [1, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65];
        for (int trial = 0; trial < 6; trial++)
        {
            int outDepth = trial == 0 ? inDepth : outDepths[r.Next(0, outDepths.Length - 1)];
            var (m, s) = r.PerChannel(outDepth, trial == 3 ? -30 : -20, trial == 3 ? 3 : -8);
            var p = r.ConvGeometry(inDepth, outDepth, transpose: true) with
            {
                PerChannelMultiplier = m, PerChannelShift = s,
                ActivationMin = r.Next(short.MinValue, -1000), ActivationMax = r.Next(1000, short.MaxValue),
            };
            if (trial == 2) p = p with { StrideHeight = 3, StrideWidth = 2, FilterHeight = 5, FilterWidth = 4, PadHeight = 1, PadWidth = 2,
                                         OutputHeight = (p.InputHeight - 1) * 3 + 5 - 2, OutputWidth = (p.InputWidth - 1) * 2 + 4 - 4 + 1 };
            var input = r.Int16(p.Batches * p.InputHeight * p.InputWidth * inDepth);
            var filter = r.Int8(outDepth * p.FilterHeight * p.FilterWidth * inDepth);
            long[] bias = trial == 5 ? [] : trial == 1 ? Array.ConvertAll(r.Int32(outDepth, int.MaxValue - 1), v => (long)v) : r.Int64(outDepth, trial == 4 ? 1L << 50 : 1L << 26);
            CheckTranspose(p, input, filter, bias);
        }
    }

    [Fact]
    public void TransposeConvExtremeValuesNeedSeveralExactRuns()
    {
        if (!Avx2.IsSupported) return;
        var r = new QuantRandom(27);
        // 600 input channels of (-32768) x (-128): 300 pairs, past one exact int32 run; sums far outside int32.
        var (m, s) = r.PerChannel(20, -40, -30);
        var p = new QuantizedConvParams
        {
            Batches = 2, InputHeight = 3, InputWidth = 4, InputDepth = 600, FilterHeight = 3, FilterWidth = 3,
            OutputHeight = 6, OutputWidth = 8, OutputDepth = 20, StrideHeight = 2, StrideWidth = 2, DilationHeight = 1, DilationWidth = 1,
            PadHeight = 0, PadWidth = 1, PerChannelMultiplier = m, PerChannelShift = s, ActivationMin = short.MinValue, ActivationMax = short.MaxValue,
        };
        var input = new short[2 * 3 * 4 * 600];
        var filter = new sbyte[20 * 9 * 600];
        input.AsSpan().Fill(short.MinValue);
        filter.AsSpan().Fill(sbyte.MinValue);
        CheckTranspose(p, input, filter, r.Int64(20, 1L << 40));
        for (int i = 0; i < input.Length; i++) input[i] = (i % 3) == 0 ? short.MaxValue : short.MinValue;
        for (int i = 0; i < filter.Length; i++) filter[i] = (i % 5) == 0 ? sbyte.MaxValue : sbyte.MinValue;
        (m, s) = r.PerChannel(20, -31, -28);
        CheckTranspose(p with { PerChannelMultiplier = m, PerChannelShift = s }, input, filter, []);
    }

    [Fact]
    public void TransposeConvRejectsMismatchedBuffers()
    {
        if (!Avx2.IsSupported) return;
        var r = new QuantRandom(28);
        var (m, s) = r.PerChannel(8, -20, -12);
        var p = new QuantizedConvParams
        {
            Batches = 1, InputHeight = 2, InputWidth = 2, InputDepth = 4, FilterHeight = 3, FilterWidth = 3,
            OutputHeight = 4, OutputWidth = 4, OutputDepth = 8, StrideHeight = 2, StrideWidth = 2, DilationHeight = 1, DilationWidth = 1,
            PadHeight = 0, PadWidth = 0, PerChannelMultiplier = m, PerChannelShift = s, ActivationMin = short.MinValue, ActivationMax = short.MaxValue,
        };
        var packed = Opt.TransposeConvInt16x8.TryPack(p, r.Int8(8 * 9 * 4), [])!;
        int bytes = Opt.TransposeConvInt16x8.ScratchBytes(p);
        Assert.Throws<ArgumentException>(() => Opt.TransposeConvInt16x8.Run(p, packed, new short[16], new short[128], new byte[bytes - 1]));
        Assert.Throws<ArgumentException>(() => Opt.TransposeConvInt16x8.Run(p with { InputDepth = 6 }, packed, new short[24], new short[128], new byte[bytes + 64]));
        Assert.Throws<ArgumentException>(() => Opt.TransposeConvInt16x8.Run(p, packed, new short[16], new short[127], new byte[bytes]));
        Assert.Throws<ArgumentException>(() => Opt.TransposeConvInt16x8.TryPack(p, r.Int8(8 * 9 * 4 - 1), []));
    }
}
