using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// DEPTHWISE_CONV_2D, int16 activations (zero point 0), per-channel int8 filter, int64 bias and int64
/// accumulator with the int64 MultiplyByQuantizedMultiplier (TFLite reference_integer_ops::DepthwiseConvPerChannel, 16x8).
/// </summary>
public static class DepthwiseConv2DInt16x8
{
    /// <summary>acc (int64) = sum filter * input + bias; int64 requantization per channel; clamp.</summary>
    public static void Run(in QuantizedConvParams p, ReadOnlySpan<short> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<long> bias, Span<short> output)
    {
        QuantizedChecks.Conv(p, input.Length, filter.Length, bias.Length, output.Length, perChannel: true, depthwise: true);
        int[] multipliers = p.PerChannelMultiplier!;
        int[] shifts = p.PerChannelShift!;
        int inH = p.InputHeight, inW = p.InputWidth, inD = p.InputDepth;
        int fH = p.FilterHeight, fW = p.FilterWidth;
        int outH = p.OutputHeight, outW = p.OutputWidth, outD = p.OutputDepth;
        int dm = p.DepthMultiplier;

        for (int b = 0; b < p.Batches; b++)
        for (int oy = 0; oy < outH; oy++)
        for (int ox = 0; ox < outW; ox++)
        for (int ic = 0; ic < inD; ic++)
        for (int m = 0; m < dm; m++)
        {
            int oc = m + ic * dm;
            int inXOrigin = ox * p.StrideWidth - p.PadWidth;
            int inYOrigin = oy * p.StrideHeight - p.PadHeight;
            long acc = 0;
            for (int fy = 0; fy < fH; fy++)
            {
                int iy = inYOrigin + p.DilationHeight * fy;
                if (iy < 0 || iy >= inH) continue;
                for (int fx = 0; fx < fW; fx++)
                {
                    int ix = inXOrigin + p.DilationWidth * fx;
                    if (ix < 0 || ix >= inW) continue;
                    acc += (long)filter[(fy * fW + fx) * outD + oc] * input[((b * inH + iy) * inW + ix) * inD + ic];
                }
            }
            if (!bias.IsEmpty) acc += bias[oc];
            int v = QuantizedMath.Requantize(acc, multipliers[oc], shifts[oc], p.ActivationMin, p.ActivationMax);
            output[((b * outH + oy) * outW + ox) * outD + oc] = (short)v;
        }
    }
}
