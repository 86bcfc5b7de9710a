using System.Runtime.CompilerServices;
using ILGPU;

namespace ManagedLite.Delegates.Gpu.Kernels;

/// <summary>
/// Second half of a transposed convolution: the GEMM wrote, per input pixel, every tap's contribution to every output
/// channel (col [N, H, W, KH * KW * OC]); each output element gathers the taps that land on it, input pixels in
/// increasing order (as the reference scatters them), then bias (before the taps for MediaPipe's op) and clamp.
/// </summary>
internal struct Col2ImBody : IElementBody
{
    public ArrayView<float> Col;    // [N, H, W, KH * KW * OC]
    public ArrayView<float> Bias;   // [OC]
    public ArrayView<float> Output; // [N, OH, OW, OC]
    public int InputHeight, InputWidth, Channels, OutputHeight, OutputWidth;
    public int FilterHeight, FilterWidth, StrideH, StrideW, PadTop, PadLeft;
    public int HasBias, BiasFirst;
    public float Min, Max;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Run(int i)
    {
        int oc = i % Channels;
        int t = i / Channels;
        int ox = t % OutputWidth;
        t /= OutputWidth;
        int oy = t % OutputHeight;
        int b = t / OutputHeight;
        int taps = FilterHeight * FilterWidth * Channels;
        float acc = HasBias != 0 && BiasFirst != 0 ? Bias[oc] : 0f;
        for (int ky = FilterHeight - 1; ky >= 0; ky--)
        {
            int sy = oy + PadTop - ky;
            if (sy < 0) continue;
            int iy = sy / StrideH;
            if (iy * StrideH != sy || iy >= InputHeight) continue;
            for (int kx = FilterWidth - 1; kx >= 0; kx--)
            {
                int sx = ox + PadLeft - kx;
                if (sx < 0) continue;
                int ix = sx / StrideW;
                if (ix * StrideW != sx || ix >= InputWidth) continue;
                acc += Col[((b * InputHeight + iy) * InputWidth + ix) * taps + (ky * FilterWidth + kx) * Channels + oc];
            }
        }
        if (HasBias != 0 && BiasFirst == 0) acc += Bias[oc];
        Output[i] = Math.Min(Math.Max(acc, Min), Max);
    }
}
