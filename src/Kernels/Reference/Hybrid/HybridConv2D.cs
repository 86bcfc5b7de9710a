using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Hybrid;

/// <summary>
/// Dynamic-range CONV_2D (TFLite conv.cc EvalHybrid / EvalHybridPerChannel): float input [N, H, W, IC], constant
/// int8 filter [OC, KH, KW, IC / groups], float bias [OC], float output. Each batch image is quantized on the fly;
/// taps outside the image contribute nothing; the int32 accumulator is scaled back to float.
/// <list type="bullet">
/// <item>Per tensor (one filter scale, or all scales equal): symmetric input quantization (scale s), then
/// <c>out = clamp((float)acc * (s * filterScale) + bias)</c> (optimized_ops::HybridConv).</item>
/// <item>Per channel (scales differ): asymmetric input quantization (scale s, zero point z), acc over
/// <c>filter * (q - z)</c>, then <c>out = clamp((float)acc * filterScale[oc] * s + bias)</c>, multiplied left to
/// right (reference_ops::HybridConvPerChannel).</item>
/// </list>
/// Dilation is honoured in both (TFLite's hybrid per-channel path ignores it; they agree when it is 1).
/// </summary>
public static class HybridConv2D
{
    /// <summary><paramref name="quantizedImage"/>: scratch of at least H * W * IC values (one batch image).</summary>
    public static void RunPerTensor(in ConvParams p, ReadOnlySpan<float> input, ReadOnlySpan<sbyte> filter, float filterScale,
        ReadOnlySpan<float> bias, Span<float> output, Span<sbyte> quantizedImage)
    {
        Check(p, input.Length, filter.Length, bias.Length, output.Length, quantizedImage.Length, 1);
        int imageSize = p.InputHeight * p.InputWidth * p.InputChannels;
        var q = quantizedImage[..imageSize];
        int outPerBatch = p.OutputHeight * p.OutputWidth * p.OutputChannels;
        for (int b = 0; b < p.Batches; b++)
        {
            float s = HybridQuantization.Symmetric(input.Slice(b * imageSize, imageSize), q);
            float scale = s * filterScale;
            var o = output.Slice(b * outPerBatch, outPerBatch);
            int i = 0;
            for (int oy = 0; oy < p.OutputHeight; oy++)
            for (int ox = 0; ox < p.OutputWidth; ox++)
            for (int oc = 0; oc < p.OutputChannels; oc++, i++)
            {
                int acc = Accumulate(p, q, 0, filter, oy, ox, oc);
                float v = acc * scale;
                if (!bias.IsEmpty) v += bias[oc];
                o[i] = Math.Min(Math.Max(v, p.ActivationMin), p.ActivationMax);
            }
        }
    }

    /// <summary><paramref name="filterScales"/>: OC scales (one is broadcast). Scratch as <see cref="RunPerTensor"/>.</summary>
    public static void RunPerChannel(in ConvParams p, ReadOnlySpan<float> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<float> filterScales, ReadOnlySpan<float> bias, Span<float> output, Span<sbyte> quantizedImage)
    {
        Check(p, input.Length, filter.Length, bias.Length, output.Length, quantizedImage.Length, filterScales.Length);
        int imageSize = p.InputHeight * p.InputWidth * p.InputChannels;
        var q = quantizedImage[..imageSize];
        int outPerBatch = p.OutputHeight * p.OutputWidth * p.OutputChannels;
        for (int b = 0; b < p.Batches; b++)
        {
            float s = HybridQuantization.Asymmetric(input.Slice(b * imageSize, imageSize), q, out int zeroPoint);
            var o = output.Slice(b * outPerBatch, outPerBatch);
            int i = 0;
            for (int oy = 0; oy < p.OutputHeight; oy++)
            for (int ox = 0; ox < p.OutputWidth; ox++)
            for (int oc = 0; oc < p.OutputChannels; oc++, i++)
            {
                int acc = Accumulate(p, q, zeroPoint, filter, oy, ox, oc);
                float v = acc * filterScales[filterScales.Length == 1 ? 0 : oc] * s;
                if (!bias.IsEmpty) v += bias[oc];
                o[i] = Math.Min(Math.Max(v, p.ActivationMin), p.ActivationMax);
            }
        }
    }

    /// <summary>sum over in-image taps of filter * (q - zeroPoint), wrapping int32.</summary>
    private static int Accumulate(in ConvParams p, ReadOnlySpan<sbyte> q, int zeroPoint, ReadOnlySpan<sbyte> filter, int oy, int ox, int oc)
    {
        int fid = p.FilterInputChannels, ic = p.InputChannels;
        int filtersPerGroup = p.OutputChannels / (ic / fid);
        int channelBase = oc / filtersPerGroup * fid;
        int inY0 = oy * p.StrideHeight - p.PadTop, inX0 = ox * p.StrideWidth - p.PadLeft;
        int acc = 0;
        for (int fy = 0; fy < p.FilterHeight; fy++)
        {
            int iy = inY0 + fy * p.DilationHeight;
            if (iy < 0 || iy >= p.InputHeight) continue;
            for (int fx = 0; fx < p.FilterWidth; fx++)
            {
                int ix = inX0 + fx * p.DilationWidth;
                if (ix < 0 || ix >= p.InputWidth) continue;
                var x = q.Slice((iy * p.InputWidth + ix) * ic + channelBase, fid);
                var w = filter.Slice(((oc * p.FilterHeight + fy) * p.FilterWidth + fx) * fid, fid);
                for (int c = 0; c < fid; c++) acc = unchecked(acc + w[c] * (x[c] - zeroPoint));
            }
        }
        return acc;
    }

    internal static void Check(in ConvParams p, int inputLength, int filterLength, int biasLength, int outputLength, int scratchLength, int scalesLength)
    {
        p.Check(inputLength, filterLength, biasLength, outputLength);
        long image = (long)p.InputHeight * p.InputWidth * p.InputChannels;
        if (scratchLength < image) throw new ArgumentException($"hybrid conv: quantized image scratch has {scratchLength} elements, expected {image}");
        if (scalesLength != 1 && scalesLength != p.OutputChannels)
            throw new ArgumentException($"hybrid conv: expected 1 or {p.OutputChannels} filter scales, got {scalesLength}");
    }
}
