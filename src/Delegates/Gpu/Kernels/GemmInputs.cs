using System.Runtime.CompilerServices;
using ILGPU;

namespace ManagedLite.Delegates.Gpu.Kernels;

/// <summary>
/// The left operand A[M, K] of <see cref="GemmKernel"/>, computed from an activation tensor on the fly (implicit
/// im2col): row m is an output pixel, column k a filter tap (ky, kx, input channel).
/// </summary>
internal interface IGemmInput
{
    float Load(int m, int k);
}

/// <summary>A plain row-major [M, K] matrix: 1x1 convolutions with stride 1 and no padding, FULLY_CONNECTED.</summary>
internal struct MatrixInput : IGemmInput
{
    public ArrayView<float> Data; // [M, K]
    public int K;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly float Load(int m, int k) => Data[m * K + k];
}

/// <summary>Geometry of a convolution over an NHWC input.</summary>
internal struct ConvGeometry
{
    public int InputHeight, InputWidth, InputChannels;
    public int OutputHeight, OutputWidth;
    public int FilterWidth;
    public int StrideH, StrideW, DilationH, DilationW;
    public int PadTop, PadLeft;
}

/// <summary>
/// CONV_2D: A[m, k] = input[b, oy * sh - pad_top + ky * dh, ox * sw - pad_left + kx * dw, ic], 0 outside the image;
/// m = (b, oy, ox), k = (ky, kx, ic) as in the OHWI filter.
/// </summary>
internal struct Im2ColInput : IGemmInput
{
    public ArrayView<float> Data; // [N, H, W, IC]
    public ConvGeometry G;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly float Load(int m, int k)
    {
        int ox = m % G.OutputWidth;
        int t = m / G.OutputWidth;
        int oy = t % G.OutputHeight;
        int b = t / G.OutputHeight;
        int ic = k % G.InputChannels;
        int tap = k / G.InputChannels;
        int kx = tap % G.FilterWidth;
        int ky = tap / G.FilterWidth;
        int iy = oy * G.StrideH - G.PadTop + ky * G.DilationH;
        int ix = ox * G.StrideW - G.PadLeft + kx * G.DilationW;
        if (iy < 0 || iy >= G.InputHeight || ix < 0 || ix >= G.InputWidth) return 0f;
        return Data[((b * G.InputHeight + iy) * G.InputWidth + ix) * G.InputChannels + ic];
    }
}
