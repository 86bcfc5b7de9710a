namespace ManagedLite.Kernels.Reference;

/// <summary>
/// Float DEPTHWISE_CONV_2D as TFLite's reference kernel: output channel ic * M + m reads input channel ic
/// and filter channel ic * M + m; out-of-bounds taps skipped; bias added last, then clamped.
/// </summary>
public static class DepthwiseConv2D
{
    public static void Run(in DepthwiseParams p,
                           ReadOnlySpan<float> input,   // [N, H, W, IC]
                           ReadOnlySpan<float> filter,  // [1, KH, KW, IC * M]
                           ReadOnlySpan<float> bias,    // [IC * M] or empty
                           Span<float> output)          // [N, OH, OW, IC * M]
    {
        p.Check(input.Length, filter.Length, bias.Length, output.Length);
        int inH = p.InputHeight, inW = p.InputWidth, inC = p.InputChannels, m = p.DepthMultiplier;
        int kh = p.FilterHeight, kw = p.FilterWidth, outC = p.OutputChannels;
        for (int b = 0; b < p.Batches; b++)
        for (int oy = 0; oy < p.OutputHeight; oy++)
        for (int ox = 0; ox < p.OutputWidth; ox++)
        for (int ic = 0; ic < inC; ic++)
        for (int mi = 0; mi < m; mi++)
        {
            int oc = ic * m + mi;
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
                    total += input[((b * inH + iy) * inW + ix) * inC + ic] * filter[(ky * kw + kx) * outC + oc];
                }
            }
            if (!bias.IsEmpty) total += bias[oc];
            output[((b * p.OutputHeight + oy) * p.OutputWidth + ox) * outC + oc] =
                Math.Min(Math.Max(total, p.ActivationMin), p.ActivationMax);
        }
    }
}
