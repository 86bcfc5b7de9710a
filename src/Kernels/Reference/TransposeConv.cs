namespace ManagedLite.Kernels.Reference;

/// <summary>
/// Float transposed convolution as TFLite's reference TRANSPOSE_CONV (and MediaPipe's Convolution2DTransposeBias
/// when <see cref="TransposeConvParams.BiasFirst"/>): every input pixel scatters input * filter into the output
/// pixels it touches; taps falling outside the output are dropped.
/// </summary>
public static class TransposeConv
{
    public static void Run(in TransposeConvParams p,
                           ReadOnlySpan<float> input,   // [N, H, W, IC]
                           ReadOnlySpan<float> filter,  // [OC, KH, KW, IC]
                           ReadOnlySpan<float> bias,    // [OC] or empty
                           Span<float> output)          // [N, OH, OW, OC]
    {
        p.Check(input.Length, filter.Length, bias.Length, output.Length);
        int inH = p.InputHeight, inW = p.InputWidth, inC = p.InputChannels;
        int kh = p.FilterHeight, kw = p.FilterWidth;
        int outH = p.OutputHeight, outW = p.OutputWidth, outC = p.OutputChannels;
        int outLen = checked((int)p.OutputLength);
        for (int i = 0; i < outLen; i++)
            output[i] = p.BiasFirst && !bias.IsEmpty ? bias[i % outC] : 0f;

        for (int b = 0; b < p.Batches; b++)
        for (int iy = 0; iy < inH; iy++)
        for (int ix = 0; ix < inW; ix++)
        for (int ic = 0; ic < inC; ic++)
        {
            int oy0 = iy * p.StrideHeight - p.PadTop;
            int ox0 = ix * p.StrideWidth - p.PadLeft;
            float v = input[((b * inH + iy) * inW + ix) * inC + ic];
            for (int ky = 0; ky < kh; ky++)
            for (int kx = 0; kx < kw; kx++)
            {
                int oy = oy0 + ky, ox = ox0 + kx;
                if (oy < 0 || oy >= outH || ox < 0 || ox >= outW) continue;
                int oBase = ((b * outH + oy) * outW + ox) * outC;
                for (int oc = 0; oc < outC; oc++)
                    output[oBase + oc] += v * filter[((oc * kh + ky) * kw + kx) * inC + ic];
            }
        }

        for (int i = 0; i < outLen; i++)
        {
            float v = output[i];
            if (!p.BiasFirst && !bias.IsEmpty) v += bias[i % outC];
            output[i] = Math.Min(Math.Max(v, p.ActivationMin), p.ActivationMax);
        }
    }
}
