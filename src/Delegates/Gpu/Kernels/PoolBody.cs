using System.Runtime.CompilerServices;
using ILGPU;

namespace ManagedLite.Delegates.Gpu.Kernels;

/// <summary>
/// AVERAGE_POOL_2D (IsMax = 0: mean of the in-bounds taps, 0 for an empty window) and MAX_POOL_2D (IsMax = 1:
/// maximum from float.MinValue), one output element per item, then clamp; NHWC.
/// </summary>
internal struct PoolBody : IElementBody
{
    public ArrayView<float> Input;  // [N, H, W, C]
    public ArrayView<float> Output; // [N, OH, OW, C]
    public int InputHeight, InputWidth, Channels, OutputHeight, OutputWidth;
    public int FilterHeight, FilterWidth, StrideH, StrideW, PadTop, PadLeft;
    public int IsMax;
    public float Min, Max;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Run(int i)
    {
        int c = i % Channels;
        int t = i / Channels;
        int ox = t % OutputWidth;
        t /= OutputWidth;
        int oy = t % OutputHeight;
        int b = t / OutputHeight;
        int y0 = oy * StrideH - PadTop, x0 = ox * StrideW - PadLeft;
        int yStart = y0 < 0 ? -y0 : 0, xStart = x0 < 0 ? -x0 : 0;
        int yEnd = InputHeight - y0 < FilterHeight ? InputHeight - y0 : FilterHeight;
        int xEnd = InputWidth - x0 < FilterWidth ? InputWidth - x0 : FilterWidth;
        float acc = IsMax != 0 ? float.MinValue : 0f;
        int count = 0;
        for (int ky = yStart; ky < yEnd; ky++)
        {
            int row = (b * InputHeight + y0 + ky) * InputWidth + x0;
            for (int kx = xStart; kx < xEnd; kx++)
            {
                float v = Input[(row + kx) * Channels + c];
                if (IsMax != 0) acc = Math.Max(acc, v);
                else acc += v;
                count++;
            }
        }
        if (IsMax == 0) acc = count == 0 ? 0f : acc / count;
        Output[i] = Math.Min(Math.Max(acc, Min), Max);
    }
}
