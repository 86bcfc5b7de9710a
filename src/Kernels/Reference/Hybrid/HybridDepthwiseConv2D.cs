using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Hybrid;

/// <summary>
/// Dynamic-range DEPTHWISE_CONV_2D (TFLite depthwise_conv.cc EvalHybridPerChannel,
/// reference_integer_ops::DepthwiseConvHybridPerChannel): float input [N, H, W, IC], constant int8 filter
/// [1, KH, KW, IC * M] with per-channel scales (one scale is broadcast), float bias, float output. Each batch image
/// is quantized asymmetrically (scale s, zero point z); per output channel acc = sum over in-image taps of
/// filter * (q - z); then <c>out = clamp((float)acc * (filterScale[oc] * s) + bias)</c>.
/// </summary>
public static class HybridDepthwiseConv2D
{
    /// <summary><paramref name="quantizedImage"/>: scratch of at least H * W * IC values.</summary>
    public static void Run(in DepthwiseParams p, ReadOnlySpan<float> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<float> filterScales, ReadOnlySpan<float> bias, Span<float> output, Span<sbyte> quantizedImage)
    {
        p.Check(input.Length, filter.Length, bias.Length, output.Length);
        int ic = p.InputChannels, m = p.DepthMultiplier, oc = p.OutputChannels;
        int imageSize = p.InputHeight * p.InputWidth * ic;
        if (quantizedImage.Length < imageSize) throw new ArgumentException($"hybrid depthwise: quantized image scratch has {quantizedImage.Length} elements, expected {imageSize}");
        if (filterScales.Length != 1 && filterScales.Length != oc)
            throw new ArgumentException($"hybrid depthwise: expected 1 or {oc} filter scales, got {filterScales.Length}");
        var q = quantizedImage[..imageSize];
        int outPerBatch = p.OutputHeight * p.OutputWidth * oc;
        for (int b = 0; b < p.Batches; b++)
        {
            float s = HybridQuantization.Asymmetric(input.Slice(b * imageSize, imageSize), q, out int zeroPoint);
            var o = output.Slice(b * outPerBatch, outPerBatch);
            for (int oy = 0; oy < p.OutputHeight; oy++)
            for (int ox = 0; ox < p.OutputWidth; ox++)
            {
                int inY0 = oy * p.StrideHeight - p.PadTop, inX0 = ox * p.StrideWidth - p.PadLeft;
                for (int c = 0; c < ic; c++)
                for (int k = 0; k < m; k++)
                {
                    int ch = c * m + k;
                    int acc = 0;
                    for (int fy = 0; fy < p.FilterHeight; fy++)
                    {
                        int iy = inY0 + fy * p.DilationHeight;
                        if (iy < 0 || iy >= p.InputHeight) continue;
                        for (int fx = 0; fx < p.FilterWidth; fx++)
                        {
                            int ix = inX0 + fx * p.DilationWidth;
                            if (ix < 0 || ix >= p.InputWidth) continue;
                            int x = q[(iy * p.InputWidth + ix) * ic + c];
                            int w = filter[(fy * p.FilterWidth + fx) * oc + ch];
                            acc = unchecked(acc + w * (x - zeroPoint));
                        }
                    }
                    float v = acc;
                    v *= filterScales[filterScales.Length == 1 ? 0 : ch] * s;
                    if (!bias.IsEmpty) v += bias[ch];
                    o[(oy * p.OutputWidth + ox) * oc + ch] = Math.Min(Math.Max(v, p.ActivationMin), p.ActivationMax);
                }
            }
        }
    }
}
