using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using ManagedLite.Kernels.Optimized.Quantized;
using ManagedLite.Kernels.Optimized.Quantized.Gemm;
using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Optimized.Hybrid;

/// <summary>
/// Dynamic-range DEPTHWISE_CONV_2D on the int8 depthwise machinery, bit-exact with
/// <see cref="Reference.Hybrid.HybridDepthwiseConv2D"/>. The filter is packed once with the layout of
/// <see cref="DepthwiseConv2DInt8.TryPack"/> (no requantization table). Per batch the image is quantized asymmetrically
/// (scale s, zero point z) exactly as the reference, then widened by <see cref="DepthwiseConv2DInt8"/>'s padded int16
/// image with the offset -z: in-image taps hold q - z in [-255, 255], padding holds 0, so out-of-image taps add nothing
/// (the reference skips them) and every pair of taps is one exact vpmaddwd. The int32 sums are the reference's (wrapping
/// addition is associative), and <see cref="HybridEpilogue.Depthwise"/> finishes them with the reference's float
/// expression. Any depth multiplier, stride, dilation and padding; rows of a batch may be split across threads.
/// </summary>
public static class HybridDepthwiseConv2D
{
    /// <summary>Unpacked entry point (no packed filter at hand): the reference.</summary>
    public static void Run(in DepthwiseParams p, ReadOnlySpan<float> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<float> filterScales, ReadOnlySpan<float> bias, Span<float> output, Span<sbyte> quantizedImage) =>
        Reference.Hybrid.HybridDepthwiseConv2D.Run(p, input, filter, filterScales, bias, output, quantizedImage);

    /// <summary>The int8 kernels' geometry record for these parameters, with the per-invoke input offset.</summary>
    private static QuantizedConvParams Geometry(in DepthwiseParams p, int inputOffset) => new()
    {
        Batches = p.Batches, InputHeight = p.InputHeight, InputWidth = p.InputWidth, InputDepth = p.InputChannels,
        FilterHeight = p.FilterHeight, FilterWidth = p.FilterWidth, OutputHeight = p.OutputHeight, OutputWidth = p.OutputWidth,
        OutputDepth = p.OutputChannels, DepthMultiplier = p.DepthMultiplier,
        StrideHeight = p.StrideHeight, StrideWidth = p.StrideWidth, DilationHeight = p.DilationHeight, DilationWidth = p.DilationWidth,
        PadHeight = p.PadTop, PadWidth = p.PadLeft, InputOffset = inputOffset,
    };

    /// <summary>Packs a constant filter [1, KH, KW, IC * M] once; null where the packed path does not apply (no AVX2, empty geometry).</summary>
    public static Int8DepthwisePackedWeights? TryPack(in DepthwiseParams p, ReadOnlySpan<sbyte> filter)
    {
        if (!Avx2.IsSupported) return null;
        if (filter.Length != p.FilterLength) throw new ArgumentException($"hybrid depthwise: filter has {filter.Length} elements, expected {p.FilterLength}");
        var values = new short[filter.Length];
        for (int i = 0; i < values.Length; i++) values[i] = filter[i];
        return DepthwiseConv2DInt8.TryPackCore(Geometry(p, 0), values, default, null, null);
    }

    /// <summary>Bytes of the quantized image at the start of the scratch (rounded up to 64; used only where the reference quantizer runs).</summary>
    private static int ImageBytes(in DepthwiseParams p) => checked((p.InputHeight * p.InputWidth * p.InputChannels + 63) & ~63);

    /// <summary>Scratch bytes of <see cref="RunPacked"/>: the quantized image of one batch, then the padded int16 image.</summary>
    public static int PackedScratchBytes(in DepthwiseParams p, Int8DepthwisePackedWeights packed) =>
        checked(ImageBytes(p) + DepthwiseConv2DInt8.PackedScratchBytes(packed));

    /// <summary>
    /// All batches on the calling thread; <paramref name="scratch"/> holds <see cref="PackedScratchBytes"/> bytes. No allocation.
    /// </summary>
    public static void RunPacked(in DepthwiseParams p, Int8DepthwisePackedWeights packed, ReadOnlySpan<float> input,
        ReadOnlySpan<float> filterScales, ReadOnlySpan<float> bias, Span<float> output, Span<byte> scratch)
    {
        for (int b = 0; b < p.Batches; b++)
        {
            float s = PrepareBatch(p, packed, input, b, scratch);
            PackedRows(p, packed, scratch, filterScales, s, bias, output, b, 0, p.OutputHeight);
        }
    }

    /// <summary>
    /// First half of a batch: quantizes batch <paramref name="b"/> (asymmetric, as the reference) and widens it into the
    /// padded int16 image in <paramref name="scratch"/>; returns the input scale s. <see cref="PackedRows"/> then reads the
    /// scratch, from any number of threads at once.
    /// </summary>
    public static float PrepareBatch(in DepthwiseParams p, Int8DepthwisePackedWeights packed, ReadOnlySpan<float> input, int b, Span<byte> scratch)
    {
        p.Check(input.Length, (int)Math.Min(p.FilterLength, int.MaxValue), 0, (int)Math.Min(p.OutputLength, int.MaxValue));
        if (scratch.Length < PackedScratchBytes(p, packed))
            throw new ArgumentException($"hybrid depthwise: scratch has {scratch.Length} bytes, needs {PackedScratchBytes(p, packed)}");
        if (b < 0 || b >= p.Batches) throw new ArgumentOutOfRangeException(nameof(b), $"batch {b} is outside the {p.Batches} batches");
        int image = p.InputHeight * p.InputWidth * p.InputChannels;
        var x = input.Slice(b * image, image);
        if (packed.PaddedChannels != Int8RequantTable.Pad16(p.OutputChannels) || packed.Pairs != (p.FilterHeight * p.FilterWidth + 1) / 2)
            throw new ArgumentException("hybrid depthwise: packed filter does not match the convolution parameters");
        if (HybridQuantizationVector.TryAsymmetricParameters(x, out float scale, out float scaleInv, out int zp))
        {
            FillPadded(p, packed, x, scaleInv, zp, MemoryMarshal.Cast<byte, short>(scratch[ImageBytes(p)..]));
            return scale;
        }
        // NaN, infinities or a tiny image: the reference quantizer, then the int8 kernels' widening
        var q = MemoryMarshal.Cast<byte, sbyte>(scratch[..image]);
        float s = HybridQuantization.Asymmetric(x, q, out int zeroPoint);
        var g = Geometry(p, -zeroPoint) with { Batches = 1 };
        DepthwiseConv2DInt8.WidenBatch<S16Gemm.SignedWiden>(g, packed, scratch[..image], 0, scratch[ImageBytes(p)..]);
        return s;
    }

    /// <summary>
    /// The padded int16 image of <see cref="DepthwiseConv2DInt8"/> ([PaddedHeight, PaddedWidth, PaddedChannels], input
    /// channel ic at ic * M .. ic * M + M - 1, 0 for padding and the channel tail) written straight from the float image:
    /// each value is quantized and offset (q - z) in one pass, skipping the int8 image.
    /// </summary>
    private static void FillPadded(in DepthwiseParams p, Int8DepthwisePackedWeights packed, ReadOnlySpan<float> x, float scaleInv, int zeroPoint, Span<short> dst)
    {
        int inH = p.InputHeight, inW = p.InputWidth, inD = p.InputChannels, dm = p.DepthMultiplier;
        int hp = packed.PaddedHeight, wp = packed.PaddedWidth, cp = packed.PaddedChannels;
        int xStart = Math.Clamp(p.PadLeft, 0, wp), xEnd = Math.Clamp(p.PadLeft + inW, xStart, wp);
        int count = xEnd - xStart;
        Span<short> one = stackalloc short[1];
        for (int py = 0; py < hp; py++)
        {
            var row = dst.Slice(py * wp * cp, wp * cp);
            int iy = py - p.PadTop;
            if (iy < 0 || iy >= inH)
            {
                row.Clear();
                continue;
            }
            row[..(xStart * cp)].Clear();
            row[(xEnd * cp)..].Clear();
            var src = x.Slice((iy * inW + (xStart - p.PadLeft)) * inD, count * inD);
            if (dm == 1 && cp == inD)
            {
                HybridQuantizationVector.QuantizeOffsetInt16(src, row.Slice(xStart * cp, count * inD), scaleInv, zeroPoint);
                continue;
            }
            for (int i = 0; i < count; i++)
            {
                var d = row.Slice((xStart + i) * cp, cp);
                var s = src.Slice(i * inD, inD);
                if (dm == 1) HybridQuantizationVector.QuantizeOffsetInt16(s, d, scaleInv, zeroPoint);
                else
                {
                    for (int ic = 0; ic < inD; ic++)
                    {
                        HybridQuantizationVector.QuantizeOffsetInt16(s.Slice(ic, 1), one, scaleInv, zeroPoint);
                        d.Slice(ic * dm, dm).Fill(one[0]);
                    }
                }
                d[(inD * dm)..].Clear();
            }
        }
    }

    /// <summary>
    /// Output rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>) of batch <paramref name="b"/> after
    /// <see cref="PrepareBatch"/> (which returned <paramref name="inputScale"/>); disjoint ranges may run concurrently.
    /// </summary>
    public static unsafe void PackedRows(in DepthwiseParams p, Int8DepthwisePackedWeights packed, ReadOnlySpan<byte> scratch,
        ReadOnlySpan<float> filterScales, float inputScale, ReadOnlySpan<float> bias, Span<float> output, int b, int rowStart, int rowEnd)
    {
        int oc = p.OutputChannels;
        if (filterScales.Length != 1 && filterScales.Length != oc)
            throw new ArgumentException($"hybrid depthwise: expected 1 or {oc} filter scales, got {filterScales.Length}");
        if (!bias.IsEmpty && bias.Length < oc) throw new ArgumentException($"hybrid depthwise: bias has {bias.Length} elements, expected {oc}");
        if (output.Length < p.OutputLength) throw new ArgumentException($"hybrid depthwise: output has {output.Length} elements, expected {p.OutputLength}");
        if (scratch.Length < PackedScratchBytes(p, packed))
            throw new ArgumentException($"hybrid depthwise: scratch has {scratch.Length} bytes, needs {PackedScratchBytes(p, packed)}");
        var epilogues = new Epilogues(filterScales, inputScale, bias, p.ActivationMin, p.ActivationMax);
        fixed (float* outPtr = output)
            DepthwiseConv2DInt8.RunRowsCore<float, HybridEpilogue, Epilogues>(Geometry(p, 0), packed, scratch[ImageBytes(p)..], outPtr, epilogues, b, rowStart, rowEnd);
    }

    /// <summary>The float epilogue of each block of 16 channels.</summary>
    private readonly ref struct Epilogues(ReadOnlySpan<float> scales, float s, ReadOnlySpan<float> bias, float min, float max)
        : DepthwiseConv2DInt8.IBlockEpilogues<HybridEpilogue>
    {
        private readonly ReadOnlySpan<float> _scales = scales, _bias = bias;

        public HybridEpilogue ForBlock(int firstChannel) => HybridEpilogue.Depthwise(_scales, s, _bias, firstChannel, min, max);
    }
}
