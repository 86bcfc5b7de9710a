namespace ManagedLite.Kernels.Reference;

/// <summary>Float CONV_2D as TFLite's reference kernel: out-of-bounds taps are skipped, bias added last, then clamped.</summary>
public static class Conv2D
{
    public static void Run(in ConvParams p,
                           ReadOnlySpan<float> input,   // [N, H, W, IC]
                           ReadOnlySpan<float> filter,  // [OC, KH, KW, FIC]
                           ReadOnlySpan<float> bias,    // [OC] or empty
                           Span<float> output)          // [N, OH, OW, OC]
    {
        p.Check(input.Length, filter.Length, bias.Length, output.Length);
        int inH = p.InputHeight, inW = p.InputWidth, inC = p.InputChannels;
        int kh = p.FilterHeight, kw = p.FilterWidth, fic = p.FilterInputChannels;
        int outH = p.OutputHeight, outW = p.OutputWidth, outC = p.OutputChannels;
        int outPerGroup = outC / p.Groups;
        int o = 0;
        for (int b = 0; b < p.Batches; b++)
        for (int oy = 0; oy < outH; oy++)
        for (int ox = 0; ox < outW; ox++)
        for (int oc = 0; oc < outC; oc++, o++)
        {
            int group = oc / outPerGroup;
            int inY0 = oy * p.StrideHeight - p.PadTop;
            int inX0 = ox * p.StrideWidth - p.PadLeft;
            float total = 0f;
            for (int ky = 0; ky < kh; ky++)
            {
                int iy = inY0 + p.DilationHeight * ky;
                if (iy < 0 || iy >= inH) continue;
                for (int kx = 0; kx < kw; kx++)
                {
                    int ix = inX0 + p.DilationWidth * kx;
                    if (ix < 0 || ix >= inW) continue;
                    int inBase = ((b * inH + iy) * inW + ix) * inC + group * fic;
                    int fBase = ((oc * kh + ky) * kw + kx) * fic;
                    for (int ic = 0; ic < fic; ic++)
                        total += input[inBase + ic] * filter[fBase + ic];
                }
            }
            if (!bias.IsEmpty) total += bias[oc];
            output[o] = Math.Min(Math.Max(total, p.ActivationMin), p.ActivationMax);
        }
    }
}
