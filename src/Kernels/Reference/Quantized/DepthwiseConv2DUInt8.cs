using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// DEPTHWISE_CONV_2D, legacy uint8 per-tensor (TFLite reference_ops::DepthwiseConv, uint8, output rounding
/// kAwayFromZero = the standard MultiplyByQuantizedMultiplier in the default build).
/// </summary>
public static class DepthwiseConv2DUInt8
{
    /// <summary>acc = sum (filter + WeightsOffset) * (input + InputOffset) + bias; per-tensor requantization; clamp.</summary>
    public static void Run(in QuantizedConvParams p, ReadOnlySpan<byte> input, ReadOnlySpan<byte> filter,
        ReadOnlySpan<int> bias, Span<byte> output)
    {
        QuantizedChecks.Conv(p, input.Length, filter.Length, bias.Length, output.Length, perChannel: false, depthwise: true);
        int inH = p.InputHeight, inW = p.InputWidth, inD = p.InputDepth;
        int fH = p.FilterHeight, fW = p.FilterWidth;
        int outH = p.OutputHeight, outW = p.OutputWidth, outD = p.OutputDepth;
        int dm = p.DepthMultiplier;
        int inputOffset = p.InputOffset, filterOffset = p.WeightsOffset;

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
                    acc = unchecked(acc + (filterVal + filterOffset) * (inputVal + inputOffset));
                }
            }
            if (!bias.IsEmpty) acc = unchecked(acc + bias[oc]);
            int v = QuantizedMath.Requantize(acc, p.OutputMultiplier, p.OutputShift, p.OutputOffset, p.ActivationMin, p.ActivationMax);
            output[((b * outH + oy) * outW + ox) * outD + oc] = (byte)v;
        }
    }
}
