using ManagedLite.Kernels.Params;

namespace ManagedLite.Kernels.Reference;

/// <summary>Float CONV_3D as TFLite's reference kernel (reference/conv3d.h): taps outside the input are skipped.</summary>
public static class Conv3D
{
    public static void Run(in Conv3DParams p,
                           ReadOnlySpan<float> input,   // [N, D, H, W, IC]
                           ReadOnlySpan<float> filter,  // [FD, FH, FW, IC, OC]
                           ReadOnlySpan<float> bias,    // [OC] or empty
                           Span<float> output)          // [N, OD, OH, OW, OC]
    {
        p.Check(input.Length, filter.Length, bias.Length, output.Length);
        int ic = p.InputChannels, oc = p.OutputChannels;
        int inD = p.InputDepth, inH = p.InputHeight, inW = p.InputWidth;
        int o = 0;
        for (int b = 0; b < p.Batches; b++)
        for (int od = 0; od < p.OutputDepth; od++)
        {
            int d0 = od * p.StrideDepth - p.PadDepth;
            for (int oy = 0; oy < p.OutputHeight; oy++)
            {
                int y0 = oy * p.StrideHeight - p.PadHeight;
                for (int ox = 0; ox < p.OutputWidth; ox++)
                {
                    int x0 = ox * p.StrideWidth - p.PadWidth;
                    for (int c = 0; c < oc; c++)
                    {
                        float total = 0f;
                        for (int fd = 0; fd < p.FilterDepth; fd++)
                        {
                            int d = d0 + p.DilationDepth * fd;
                            for (int fy = 0; fy < p.FilterHeight; fy++)
                            {
                                int y = y0 + p.DilationHeight * fy;
                                for (int fx = 0; fx < p.FilterWidth; fx++)
                                {
                                    int x = x0 + p.DilationWidth * fx;
                                    if ((uint)x >= (uint)inW || (uint)y >= (uint)inH || (uint)d >= (uint)inD) continue;
                                    int inBase = (((b * inD + d) * inH + y) * inW + x) * ic;
                                    int fBase = ((fd * p.FilterHeight + fy) * p.FilterWidth + fx) * ic * oc + c;
                                    for (int i = 0; i < ic; i++) total += input[inBase + i] * filter[fBase + i * oc];
                                }
                            }
                        }
                        float v = total + (bias.IsEmpty ? 0f : bias[c]);
                        output[o++] = Math.Min(Math.Max(v, p.ActivationMin), p.ActivationMax);
                    }
                }
            }
        }
    }
}
