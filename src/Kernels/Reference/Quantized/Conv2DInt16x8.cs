using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// CONV_2D, int16 activations (zero point 0) with per-channel int8 filters (TFLite
/// reference_integer_ops::ConvPerChannel&lt;AccumScalar&gt;): the accumulator is int64 whatever the bias type (the template
/// parameter is the bias's), requantized with the int64 MultiplyByQuantizedMultiplier (reduced 16-bit multiplier); an
/// int32 bias is added to that accumulator. Bit-exact with tflite_run for both bias types.
/// </summary>
public static class Conv2DInt16x8
{
    /// <summary>int64 bias (the usual 16x8 case); <paramref name="bias"/> may be empty.</summary>
    public static void Run(in QuantizedConvParams p, ReadOnlySpan<short> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<long> bias, Span<short> output)
    {
        QuantizedChecks.Conv(p, input.Length, filter.Length, bias.Length, output.Length, perChannel: true);
        int[] multipliers = p.PerChannelMultiplier!;
        int[] shifts = p.PerChannelShift!;
        int inH = p.InputHeight, inW = p.InputWidth, inD = p.InputDepth;
        int fH = p.FilterHeight, fW = p.FilterWidth, fD = p.EffectiveFilterInputDepth;
        int outH = p.OutputHeight, outW = p.OutputWidth, outD = p.OutputDepth;
        int filtersPerGroup = outD / Math.Max(inD / fD, 1);

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
                    long acc = 0;
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
                                acc += filter[fBase + ic] * input[inBase + ic];
                        }
                    }
                    if (!bias.IsEmpty) acc += bias[oc];
                    int v = QuantizedMath.Requantize(acc, multipliers[oc], shifts[oc], p.ActivationMin, p.ActivationMax);
                    output[((b * outH + oy) * outW + ox) * outD + oc] = (short)v;
                }
            }
        }
    }

    /// <summary>int32 bias: added to the same int64 accumulator, the same int64 requantization (what native TFLite does).</summary>
    public static void Run(in QuantizedConvParams p, ReadOnlySpan<short> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<short> output)
    {
        QuantizedChecks.Conv(p, input.Length, filter.Length, bias.Length, output.Length, perChannel: true);
        int[] multipliers = p.PerChannelMultiplier!;
        int[] shifts = p.PerChannelShift!;
        int inH = p.InputHeight, inW = p.InputWidth, inD = p.InputDepth;
        int fH = p.FilterHeight, fW = p.FilterWidth, fD = p.EffectiveFilterInputDepth;
        int outH = p.OutputHeight, outW = p.OutputWidth, outD = p.OutputDepth;
        int filtersPerGroup = outD / Math.Max(inD / fD, 1);

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
                    long acc = 0;
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
                                acc += filter[fBase + ic] * input[inBase + ic];
                        }
                    }
                    if (!bias.IsEmpty) acc += bias[oc];
                    int v = QuantizedMath.Requantize(acc, multipliers[oc], shifts[oc], p.ActivationMin, p.ActivationMax);
                    output[((b * outH + oy) * outW + ox) * outD + oc] = (short)v;
                }
            }
        }
    }
}
