using ILGPU;
using ManagedLite.Schema;

namespace ManagedLite.Delegates.Gpu.Ops;

/// <summary>Output sizes and paddings of convolutions and pools, with TFLite's formulas (ComputeOutSize, ComputePaddingWithOffset).</summary>
internal static class ConvGeometryMath
{
    public static int OutSize(Padding padding, int imageSize, int filterSize, int stride, int dilation = 1)
    {
        int effective = (filterSize - 1) * dilation + 1;
        if (stride <= 0) return 0;
        return padding switch
        {
            Padding.Same => (imageSize + stride - 1) / stride,
            Padding.Valid => (imageSize + stride - effective) / stride,
            _ => 0,
        };
    }

    public static int PadBefore(int stride, int dilation, int inSize, int filterSize, int outSize)
    {
        int effective = (filterSize - 1) * dilation + 1;
        int total = (outSize - 1) * stride + effective - inSize;
        return total > 0 ? total / 2 : 0;
    }
}
