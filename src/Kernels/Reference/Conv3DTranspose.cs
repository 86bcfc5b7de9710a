using ManagedLite.Kernels.Params;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// Float CONV_3D_TRANSPOSE as TFLite's reference kernel (reference/conv3d_transpose.h): every input element is
/// scattered through the filter into the output (taps outside the output dropped), then bias and clamp.
/// </summary>
public static class Conv3DTranspose
{
    public static void Run(in Conv3DParams p,
                           ReadOnlySpan<float> input,   // [N, D, H, W, IC]
                           ReadOnlySpan<float> filter,  // [FD, FH, FW, OC, IC]
                           ReadOnlySpan<float> bias,    // [OC] or empty
                           Span<float> output)          // [N, OD, OH, OW, OC]
    {
        p.Check(input.Length, filter.Length, bias.Length, output.Length);
        int ic = p.InputChannels, oc = p.OutputChannels;
        int outD = p.OutputDepth, outH = p.OutputHeight, outW = p.OutputWidth;
        var outputAll = output[..checked((int)p.OutputLength)];
        outputAll.Clear();
        int i = 0;
        for (int b = 0; b < p.Batches; b++)
        for (int d = 0; d < p.InputDepth; d++)
        for (int y = 0; y < p.InputHeight; y++)
        for (int x = 0; x < p.InputWidth; x++)
        for (int c = 0; c < ic; c++)
        {
            float v = input[i++];
            int od0 = d * p.StrideDepth - p.PadDepth;
            int oy0 = y * p.StrideHeight - p.PadHeight;
            int ox0 = x * p.StrideWidth - p.PadWidth;
            for (int fd = 0; fd < p.FilterDepth; fd++)
            {
                int od = od0 + p.DilationDepth * fd;
                if ((uint)od >= (uint)outD) continue;
                for (int fy = 0; fy < p.FilterHeight; fy++)
                {
                    int oy = oy0 + p.DilationHeight * fy;
                    if ((uint)oy >= (uint)outH) continue;
                    for (int fx = 0; fx < p.FilterWidth; fx++)
                    {
                        int ox = ox0 + p.DilationWidth * fx;
                        if ((uint)ox >= (uint)outW) continue;
                        int oBase = (((b * outD + od) * outH + oy) * outW + ox) * oc;
                        int fBase = ((fd * p.FilterHeight + fy) * p.FilterWidth + fx) * oc * ic + c;
                        for (int k = 0; k < oc; k++) output[oBase + k] += v * filter[fBase + k * ic];
                    }
                }
            }
        }
        for (int o = 0; o < outputAll.Length; o++)
        {
            float v = outputAll[o] + (bias.IsEmpty ? 0f : bias[o % oc]);
            outputAll[o] = Math.Min(Math.Max(v, p.ActivationMin), p.ActivationMax);
        }
    }
}
