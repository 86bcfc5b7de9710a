using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// DEPTHWISE_CONV_2D, int8 activations, per-channel int8 filter [1, FilterHeight, FilterWidth, OutputDepth],
/// int32 bias (TFLite reference_integer_ops::DepthwiseConvPerChannel). Output channel oc = ic * DepthMultiplier + m.
/// </summary>
public static class DepthwiseConv2DInt8
{
    /// <summary>acc = sum filter[fy,fx,oc] * (input[iy,ix,ic] + InputOffset) + bias[oc]; requantize per channel; clamp.</summary>
    public static void Run(in QuantizedConvParams p, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output)
    {
        QuantizedChecks.Conv(p, input.Length, filter.Length, bias.Length, output.Length, perChannel: true, depthwise: true);
        int[] multipliers = p.PerChannelMultiplier!;
        int[] shifts = p.PerChannelShift!;
        int inH = p.InputHeight, inW = p.InputWidth, inD = p.InputDepth;
        int fH = p.FilterHeight, fW = p.FilterWidth;
        int outH = p.OutputHeight, outW = p.OutputWidth, outD = p.OutputDepth;
        int dm = p.DepthMultiplier;
        int inputOffset = p.InputOffset;

        for (int b = 0; b < p.Batches; b++)
        for (int oy = 0; oy < outH; oy++)
        for (int ox = 0; ox < outW; ox++)
        for (int ic = 0; ic < inD; ic++)
        for (int m = 0; m < dm; m++)
        {
            int oc = m + ic * dm;
            int inXOrigin = ox * p.StrideWidth - p.PadWidth;
            int inYOrigin = oy * p.StrideHeight - p.PadHeight;
            int acc = 0;
            for (int fy = 0; fy < fH; fy++)
            {
                int iy = inYOrigin + p.DilationHeight * fy;
                if (iy < 0 || iy >= inH) continue;
                for (int fx = 0; fx < fW; fx++)
                {
                    int ix = inXOrigin + p.DilationWidth * fx;
                    if (ix < 0 || ix >= inW) continue;
                    int inputVal = input[((b * inH + iy) * inW + ix) * inD + ic];
                    int filterVal = filter[(fy * fW + fx) * outD + oc];
                    acc = unchecked(acc + filterVal * (inputVal + inputOffset));
                }
            }
            if (!bias.IsEmpty) acc = unchecked(acc + bias[oc]);
            int v = QuantizedMath.Requantize(acc, multipliers[oc], shifts[oc], p.OutputOffset, p.ActivationMin, p.ActivationMax);
            output[((b * outH + oy) * outW + ox) * outD + oc] = (sbyte)v;
        }
    }
}
