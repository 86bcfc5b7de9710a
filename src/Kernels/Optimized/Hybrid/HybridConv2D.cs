using System.Buffers;
using ManagedLite.Kernels.Optimized.Quantized;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Optimized.Hybrid;

/// <summary>
/// Dynamic-range CONV_2D, same signatures and bit-exact results as <see cref="Reference.Hybrid.HybridConv2D"/>: per
/// output pixel the receptive field of the quantized image is gathered once into an int16 patch (q - zero point,
/// zero outside the image), each output channel is one SIMD dot product with its filter row (exact in int32), and
/// the float finishing is the reference's. Grouped convolution and CPUs without AVX2 use the reference.
/// With a constant filter the runtime uses the packed int16 GEMM path instead (<c>HybridConv2D.Packed.cs</c>:
/// <see cref="TryPack"/>, <see cref="QuantizeInput"/>, <see cref="RunPackedRows"/>); these entry points remain for
/// callers without packed weights.
/// </summary>
public static partial class HybridConv2D
{
    private const int StackPatchLimit = 4096;

    public static void RunPerTensor(in ConvParams p, ReadOnlySpan<float> input, ReadOnlySpan<sbyte> filter, float filterScale,
        ReadOnlySpan<float> bias, Span<float> output, Span<sbyte> quantizedImage)
    {
        if (!Int8DotProduct.IsAccelerated || p.FilterInputChannels != p.InputChannels)
        {
            Reference.Hybrid.HybridConv2D.RunPerTensor(p, input, filter, filterScale, bias, output, quantizedImage);
            return;
        }
        Reference.Hybrid.HybridConv2D.Check(p, input.Length, filter.Length, bias.Length, output.Length, quantizedImage.Length, 1);
        Span<float> one = stackalloc float[1];
        one[0] = filterScale;
        Drive(p, input, filter, one, bias, output, quantizedImage, perChannel: false);
    }

    public static void RunPerChannel(in ConvParams p, ReadOnlySpan<float> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<float> filterScales, ReadOnlySpan<float> bias, Span<float> output, Span<sbyte> quantizedImage)
    {
        if (!Int8DotProduct.IsAccelerated || p.FilterInputChannels != p.InputChannels)
        {
            Reference.Hybrid.HybridConv2D.RunPerChannel(p, input, filter, filterScales, bias, output, quantizedImage);
            return;
        }
        Reference.Hybrid.HybridConv2D.Check(p, input.Length, filter.Length, bias.Length, output.Length, quantizedImage.Length, filterScales.Length);
        Drive(p, input, filter, filterScales, bias, output, quantizedImage, perChannel: true);
    }

    private static void Drive(in ConvParams p, ReadOnlySpan<float> input, ReadOnlySpan<sbyte> filter, ReadOnlySpan<float> scales,
        ReadOnlySpan<float> bias, Span<float> output, Span<sbyte> quantizedImage, bool perChannel)
    {
        int k = p.FilterHeight * p.FilterWidth * p.InputChannels;
        short[]? rented = null;
        Span<short> patch = k <= StackPatchLimit ? stackalloc short[StackPatchLimit] : (rented = ArrayPool<short>.Shared.Rent(k));
        try
        {
            Compute(p, input, filter, scales, bias, output, quantizedImage, patch[..k], perChannel);
        }
        finally
        {
            if (rented is not null) ArrayPool<short>.Shared.Return(rented);
        }
    }

    private static void Compute(in ConvParams p, ReadOnlySpan<float> input, ReadOnlySpan<sbyte> filter, ReadOnlySpan<float> scales,
        ReadOnlySpan<float> bias, Span<float> output, Span<sbyte> quantizedImage, Span<short> patch, bool perChannel)
    {
        int inH = p.InputHeight, inW = p.InputWidth, inD = p.InputChannels, outD = p.OutputChannels;
        int imageSize = inH * inW * inD;
        int k = patch.Length;
        var q = quantizedImage[..imageSize];
        int o = 0;
        for (int b = 0; b < p.Batches; b++)
        {
            int zeroPoint = 0;
            float s = perChannel
                ? HybridQuantization.Asymmetric(input.Slice(b * imageSize, imageSize), q, out zeroPoint)
                : HybridQuantization.Symmetric(input.Slice(b * imageSize, imageSize), q);
            float tensorScale = perChannel ? 0f : s * scales[0];
            for (int oy = 0; oy < p.OutputHeight; oy++)
            {
                int inY0 = oy * p.StrideHeight - p.PadTop;
                for (int ox = 0; ox < p.OutputWidth; ox++)
                {
                    int inX0 = ox * p.StrideWidth - p.PadLeft;
                    // [KH, KW, IC] patch of q - zeroPoint, zero where the tap falls outside the image
                    int t = 0;
                    for (int fy = 0; fy < p.FilterHeight; fy++)
                    {
                        int iy = inY0 + fy * p.DilationHeight;
                        for (int fx = 0; fx < p.FilterWidth; fx++, t += inD)
                        {
                            int ix = inX0 + fx * p.DilationWidth;
                            var dst = patch.Slice(t, inD);
                            if (iy < 0 || iy >= inH || ix < 0 || ix >= inW) dst.Clear();
                            else Int8DotProduct.WidenWithOffset(q.Slice((iy * inW + ix) * inD, inD), -zeroPoint, dst);
                        }
                    }
                    ReadOnlySpan<short> a = patch;
                    for (int oc = 0; oc < outD; oc++, o++)
                    {
                        int acc = Int8DotProduct.Dot(a, filter.Slice(oc * k, k));
                        float v = perChannel ? acc * scales[scales.Length == 1 ? 0 : oc] * s : acc * tensorScale;
                        if (!bias.IsEmpty) v += bias[oc];
                        output[o] = Math.Min(Math.Max(v, p.ActivationMin), p.ActivationMax);
                    }
                }
            }
        }
    }
}
