using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// CONV_2D, legacy uint8 per-tensor quantization (TFLite reference_ops::Conv for uint8): asymmetric filter
/// (WeightsOffset = -filter zero point), one OutputMultiplier/OutputShift, int32 bias.
/// </summary>
public static class Conv2DUInt8
{
    /// <summary>
    /// acc = sum (filter + WeightsOffset) * (input + InputOffset) over in-image taps, + bias,
    /// MultiplyByQuantizedMultiplier(acc, OutputMultiplier, OutputShift), + OutputOffset, clamp.
    /// </summary>
    public static void Run(in QuantizedConvParams p, ReadOnlySpan<byte> input, ReadOnlySpan<byte> filter,
        ReadOnlySpan<int> bias, Span<byte> output)
    {
        QuantizedChecks.Conv(p, input.Length, filter.Length, bias.Length, output.Length, perChannel: false);
        int inH = p.InputHeight, inW = p.InputWidth, inD = p.InputDepth;
        int fH = p.FilterHeight, fW = p.FilterWidth, fD = p.EffectiveFilterInputDepth;
        int outH = p.OutputHeight, outW = p.OutputWidth, outD = p.OutputDepth;
        int filtersPerGroup = outD / Math.Max(inD / fD, 1);
        int inputOffset = p.InputOffset, filterOffset = p.WeightsOffset;

        for (int b = 0; b < p.Batches; b++)
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
                                acc = unchecked(acc + (filter[fBase + ic] + filterOffset) * (input[inBase + ic] + inputOffset));
                        }
                    }
                    if (!bias.IsEmpty) acc = unchecked(acc + bias[oc]);
                    int v = QuantizedMath.Requantize(acc, p.OutputMultiplier, p.OutputShift, p.OutputOffset,
                        p.ActivationMin, p.ActivationMax);
                    output[((b * outH + oy) * outW + ox) * outD + oc] = (byte)v;
                }
            }
        }
    }
}
