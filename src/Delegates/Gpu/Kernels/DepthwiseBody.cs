using System.Runtime.CompilerServices;
using ILGPU;

namespace ManagedLite.Delegates.Gpu.Kernels;

/// <summary>
/// DEPTHWISE_CONV_2D, one output element per item: output channel c = ic * M + m reads input channel c / M over the
/// KH x KW window (taps outside the image skipped), then bias and clamp. Channels are innermost, so neighbouring
/// threads read neighbouring input and filter elements. Filter [1, KH, KW, OC].
/// </summary>
internal struct DepthwiseBody<TW> : IElementBody where TW : struct, IWeightView
{
    public ArrayView<float> Input;  // [N, H, W, IC]
    public TW Filter;               // [1, KH, KW, OC]
    public ArrayView<float> Bias;   // [OC]
    public ArrayView<float> Output; // [N, OH, OW, OC]
    public int InputHeight, InputWidth, InputChannels, Multiplier;
    public int OutputHeight, OutputWidth, OutputChannels;
    public int FilterHeight, FilterWidth;
    public int StrideH, StrideW, DilationH, DilationW, PadTop, PadLeft;
    public int HasBias;
    public float Min, Max;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Run(int i)
    {
        int oc = i % OutputChannels;
        int t = i / OutputChannels;
        int ox = t % OutputWidth;
        t /= OutputWidth;
        int oy = t % OutputHeight;
        int b = t / OutputHeight;
        int ic = oc / Multiplier;
        int y0 = oy * StrideH - PadTop, x0 = ox * StrideW - PadLeft;
        float total = 0f;
        for (int ky = 0; ky < FilterHeight; ky++)
        {
            int iy = y0 + DilationH * ky;
            if (iy < 0 || iy >= InputHeight) continue;
            int row = (b * InputHeight + iy) * InputWidth;
            for (int kx = 0; kx < FilterWidth; kx++)
            {
                int ix = x0 + DilationW * kx;
                if (ix < 0 || ix >= InputWidth) continue;
                total += Input[(row + ix) * InputChannels + ic] * Filter.Load((ky * FilterWidth + kx) * OutputChannels + oc);
            }
        }
        if (HasBias != 0) total += Bias[oc];
        Output[i] = Math.Min(Math.Max(total, Min), Max);
    }
}
