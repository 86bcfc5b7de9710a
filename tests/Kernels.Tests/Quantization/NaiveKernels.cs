using ManagedLite.Kernels.Params;

namespace ManagedLite.Kernels.Tests.Quantization;

/// <summary>
/// Straightforward oracles written from the TFLite formulas, on int arrays, with the Int128 requantization of
/// <see cref="NaiveQuant"/>. Accumulators are long; kernels whose TFLite accumulator is int32 wrap it at the end.
/// </summary>
internal static class NaiveKernels
{
    public enum Requant { Int32PerChannel, Int32PerTensor, Int64PerChannel }

    private static int Finish(long acc, in QuantizedConvParams p, int oc, Requant rq) => rq switch
    {
        Requant.Int32PerChannel => NaiveQuant.Clamp(unchecked(NaiveQuant.Mbqm(unchecked((int)acc), p.PerChannelMultiplier![oc], p.PerChannelShift![oc]) + p.OutputOffset), p.ActivationMin, p.ActivationMax),
        Requant.Int32PerTensor => NaiveQuant.Clamp(unchecked(NaiveQuant.Mbqm(unchecked((int)acc), p.OutputMultiplier, p.OutputShift) + p.OutputOffset), p.ActivationMin, p.ActivationMax),
        _ => NaiveQuant.Clamp(NaiveQuant.Mbqm64(acc, p.PerChannelMultiplier![oc], p.PerChannelShift![oc]), p.ActivationMin, p.ActivationMax),
    };

    public static int[] Conv(in QuantizedConvParams p, int[] input, int[] filter, long[]? bias, Requant rq)
    {
        int fD = p.FilterInputDepth == 0 ? p.InputDepth : p.FilterInputDepth;
        int groups = p.InputDepth / fD, perGroup = p.OutputDepth / groups;
        var output = new int[p.Batches * p.OutputHeight * p.OutputWidth * p.OutputDepth];
        for (int b = 0; b < p.Batches; b++)
        for (int oy = 0; oy < p.OutputHeight; oy++)
        for (int ox = 0; ox < p.OutputWidth; ox++)
        for (int oc = 0; oc < p.OutputDepth; oc++)
        {
            long acc = 0;
            for (int fy = 0; fy < p.FilterHeight; fy++)
            for (int fx = 0; fx < p.FilterWidth; fx++)
            for (int ic = 0; ic < fD; ic++)
            {
                int iy = oy * p.StrideHeight - p.PadHeight + fy * p.DilationHeight;
                int ix = ox * p.StrideWidth - p.PadWidth + fx * p.DilationWidth;
                bool inside = iy >= 0 && iy < p.InputHeight && ix >= 0 && ix < p.InputWidth;
                if (!inside) continue;
                int channel = (oc / perGroup) * fD + ic;
                long x = input[((b * p.InputHeight + iy) * p.InputWidth + ix) * p.InputDepth + channel] + p.InputOffset;
                long w = filter[((oc * p.FilterHeight + fy) * p.FilterWidth + fx) * fD + ic] + p.WeightsOffset;
                acc += x * w;
            }
            if (bias is not null) acc += bias[oc];
            output[((b * p.OutputHeight + oy) * p.OutputWidth + ox) * p.OutputDepth + oc] = Finish(acc, p, oc, rq);
        }
        return output;
    }

    public static int[] Depthwise(in QuantizedConvParams p, int[] input, int[] filter, long[]? bias, Requant rq)
    {
        var output = new int[p.Batches * p.OutputHeight * p.OutputWidth * p.OutputDepth];
        for (int b = 0; b < p.Batches; b++)
        for (int oy = 0; oy < p.OutputHeight; oy++)
        for (int ox = 0; ox < p.OutputWidth; ox++)
        for (int oc = 0; oc < p.OutputDepth; oc++)
        {
            int ic = oc / p.DepthMultiplier;
            long acc = 0;
            for (int fy = 0; fy < p.FilterHeight; fy++)
            for (int fx = 0; fx < p.FilterWidth; fx++)
            {
                int iy = oy * p.StrideHeight - p.PadHeight + fy * p.DilationHeight;
                int ix = ox * p.StrideWidth - p.PadWidth + fx * p.DilationWidth;
                if (iy < 0 || iy >= p.InputHeight || ix < 0 || ix >= p.InputWidth) continue;
                long x = input[((b * p.InputHeight + iy) * p.InputWidth + ix) * p.InputDepth + ic] + p.InputOffset;
                long w = filter[(fy * p.FilterWidth + fx) * p.OutputDepth + oc] + p.WeightsOffset;
                acc += x * w;
            }
            if (bias is not null) acc += bias[oc];
            output[((b * p.OutputHeight + oy) * p.OutputWidth + ox) * p.OutputDepth + oc] = Finish(acc, p, oc, rq);
        }
        return output;
    }

    /// <summary>Transposed convolution in gather form: out[oy, ox] collects every (iy, fy) with iy * s - pad + fy = oy.</summary>
    public static int[] TransposeConv(in QuantizedConvParams p, int[] input, int[] filter, long[]? bias, Requant rq)
    {
        var output = new int[p.Batches * p.OutputHeight * p.OutputWidth * p.OutputDepth];
        for (int b = 0; b < p.Batches; b++)
        for (int oy = 0; oy < p.OutputHeight; oy++)
        for (int ox = 0; ox < p.OutputWidth; ox++)
        for (int oc = 0; oc < p.OutputDepth; oc++)
        {
            long acc = 0;
            for (int fy = 0; fy < p.FilterHeight; fy++)
            for (int fx = 0; fx < p.FilterWidth; fx++)
            {
                int ny = oy + p.PadHeight - fy, nx = ox + p.PadWidth - fx;
                if (ny < 0 || nx < 0 || ny % p.StrideHeight != 0 || nx % p.StrideWidth != 0) continue;
                int iy = ny / p.StrideHeight, ix = nx / p.StrideWidth;
                if (iy >= p.InputHeight || ix >= p.InputWidth) continue;
                for (int ic = 0; ic < p.InputDepth; ic++)
                {
                    long x = input[((b * p.InputHeight + iy) * p.InputWidth + ix) * p.InputDepth + ic] + p.InputOffset;
                    acc += x * filter[((oc * p.FilterHeight + fy) * p.FilterWidth + fx) * p.InputDepth + ic];
                }
            }
            if (bias is not null) acc += bias[oc];
            output[((b * p.OutputHeight + oy) * p.OutputWidth + ox) * p.OutputDepth + oc] = Finish(acc, p, oc, rq);
        }
        return output;
    }

    /// <param name="singleRounding">int16x8 as native TFLite requantizes it: floor((acc * m + 2^(30 - s)) / 2^(31 - s)) on the exact product.</param>
    public static int[] FullyConnected(in QuantizedFullyConnectedParams p, int[] input, int[] filter, long[]? bias, bool perChannel, bool int64,
        bool singleRounding = false)
    {
        var output = new int[p.Batches * p.OutputDepth];
        for (int b = 0; b < p.Batches; b++)
        for (int oc = 0; oc < p.OutputDepth; oc++)
        {
            long acc = 0;
            for (int d = 0; d < p.AccumDepth; d++)
                acc += (long)(filter[oc * p.AccumDepth + d] + (perChannel ? 0 : p.WeightsOffset)) * (input[b * p.AccumDepth + d] + p.InputOffset);
            if (bias is not null) acc += bias[oc];
            int m = perChannel ? p.PerChannelMultiplier![oc] : p.OutputMultiplier;
            int s = perChannel ? p.PerChannelShift![oc] : p.OutputShift;
            if (singleRounding)
            {
                int total = 31 - s;
                Int128 rounded = ((Int128)acc * m + ((Int128)1 << (total - 1))) >> total;
                output[b * p.OutputDepth + oc] = (int)Int128.Clamp(rounded, p.ActivationMin, p.ActivationMax);
                continue;
            }
            int v = int64 ? NaiveQuant.Mbqm64(acc, m, s) : unchecked(NaiveQuant.Mbqm(unchecked((int)acc), m, s) + p.OutputOffset);
            output[b * p.OutputDepth + oc] = NaiveQuant.Clamp(v, p.ActivationMin, p.ActivationMax);
        }
        return output;
    }

    public static int[] Pool(in QuantizedPoolParams p, int[] input, bool average, int typeMin)
    {
        var output = new int[p.Batches * p.OutputHeight * p.OutputWidth * p.Depth];
        for (int b = 0; b < p.Batches; b++)
        for (int oy = 0; oy < p.OutputHeight; oy++)
        for (int ox = 0; ox < p.OutputWidth; ox++)
        for (int c = 0; c < p.Depth; c++)
        {
            long sum = 0;
            int count = 0, max = typeMin;
            for (int fy = 0; fy < p.FilterHeight; fy++)
            for (int fx = 0; fx < p.FilterWidth; fx++)
            {
                int iy = oy * p.StrideHeight - p.PadHeight + fy, ix = ox * p.StrideWidth - p.PadWidth + fx;
                if (iy < 0 || iy >= p.InputHeight || ix < 0 || ix >= p.InputWidth) continue;
                int v = input[((b * p.InputHeight + iy) * p.InputWidth + ix) * p.Depth + c];
                sum += v;
                count++;
                max = Math.Max(max, v);
            }
            int r = average ? (int)Math.Round(sum / (double)count, MidpointRounding.AwayFromZero) : max;
            output[((b * p.OutputHeight + oy) * p.OutputWidth + ox) * p.Depth + c] = NaiveQuant.Clamp(r, p.ActivationMin, p.ActivationMax);
        }
        return output;
    }
}
