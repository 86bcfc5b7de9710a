using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// CONV_2D, int8 activations with per-channel symmetric int8 filters and int32 bias
/// (TFLite reference_integer_ops::ConvPerChannel, including grouped convolution).
/// </summary>
public static class Conv2DInt8
{
    /// <summary>
    /// acc = sum filter * (input + InputOffset) over the in-image taps (padding contributes nothing), + bias,
    /// MultiplyByQuantizedMultiplier with the channel's multiplier/shift, + OutputOffset, clamp.
    /// <paramref name="bias"/> may be empty (no bias).
    /// </summary>
    public static void Run(in QuantizedConvParams p, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output)
    {
        QuantizedChecks.Conv(p, input.Length, filter.Length, bias.Length, output.Length, perChannel: true);
        int[] multipliers = p.PerChannelMultiplier!;
        int[] shifts = p.PerChannelShift!;
        int inH = p.InputHeight, inW = p.InputWidth, inD = p.InputDepth;
        int fH = p.FilterHeight, fW = p.FilterWidth, fD = p.EffectiveFilterInputDepth;
        int outH = p.OutputHeight, outW = p.OutputWidth, outD = p.OutputDepth;
        int groups = fD == 0 ? 1 : inD / fD;
        int filtersPerGroup = outD / Math.Max(groups, 1);
        int inputOffset = p.InputOffset;

        for (int b = 0; b < p.Batches; b++)
        {
            for (int oy = 0; oy < outH; oy++)
            {
                int inYOrigin = oy * p.StrideHeight - p.PadHeight;
                for (int ox = 0; ox < outW; ox++)
                {
                    int inXOrigin = ox * p.StrideWidth - p.PadWidth;
                    for (int oc = 0; oc < outD; oc++)
                    {
                        int group = oc / filtersPerGroup;
                        int acc = 0;
                        for (int fy = 0; fy < fH; fy++)
                        {
                            int iy = inYOrigin + p.DilationHeight * fy;
                            if (iy < 0 || iy >= inH) continue;
                            for (int fx = 0; fx < fW; fx++)
                            {
                                int ix = inXOrigin + p.DilationWidth * fx;
                                if (ix < 0 || ix >= inW) continue;
                                int inBase = ((b * inH + iy) * inW + ix) * inD + group * fD;
                                int fBase = ((oc * fH + fy) * fW + fx) * fD;
                                for (int ic = 0; ic < fD; ic++)
                                    acc = unchecked(acc + filter[fBase + ic] * (input[inBase + ic] + inputOffset));
                            }
                        }
                        if (!bias.IsEmpty) acc = unchecked(acc + bias[oc]);
                        int v = QuantizedMath.Requantize(acc, multipliers[oc], shifts[oc], p.OutputOffset,
                            p.ActivationMin, p.ActivationMax);
                        output[((b * outH + oy) * outW + ox) * outD + oc] = (sbyte)v;
                    }
                }
            }
        }
    }
}
