using System.Buffers;
using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;
using ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>
/// CONV_2D int8 per-channel, same signature and bit-exact results as
/// <see cref="Reference.Quantized.Conv2DInt8"/>: per output pixel the receptive field is gathered once into an
/// int16 patch (input + offset, zeros outside the image), then each output channel is one SIMD int8 x int16 dot
/// product with its contiguous filter row, followed by the exact scalar requantization. Falls back to the reference
/// for grouped convolution, input offsets that do not fit int16, or CPUs without AVX2.
/// </summary>
public static partial class Conv2DInt8
{
    private const int StackPatchLimit = 4096;

    public static void Run(in QuantizedConvParams p, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output)
    {
        if (!Int8DotProduct.IsAccelerated || p.EffectiveFilterInputDepth != p.InputDepth || !Int8DotProduct.OffsetFits(p.InputOffset))
        {
            Reference.Quantized.Conv2DInt8.Run(p, input, filter, bias, output);
            return;
        }
        QuantizedChecks.Conv(p, input.Length, filter.Length, bias.Length, output.Length, perChannel: true);
        int k = p.FilterHeight * p.FilterWidth * p.InputDepth;
        short[]? rented = null;
        Span<short> patch = k <= StackPatchLimit ? stackalloc short[StackPatchLimit] : (rented = ArrayPool<short>.Shared.Rent(k));
        patch = patch[..k];
        try
        {
            Compute(p, input, filter, bias, output, patch);
        }
        finally
        {
            if (rented is not null) ArrayPool<short>.Shared.Return(rented);
        }
    }

    private static void Compute(in QuantizedConvParams p, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output, Span<short> patch)
    {
        int inH = p.InputHeight, inW = p.InputWidth, inD = p.InputDepth;
        int fH = p.FilterHeight, fW = p.FilterWidth, outD = p.OutputDepth;
        int k = patch.Length;
        int[] multipliers = p.PerChannelMultiplier!;
        int[] shifts = p.PerChannelShift!;
        bool hasBias = !bias.IsEmpty;
        int o = 0;
        for (int b = 0; b < p.Batches; b++)
        for (int oy = 0; oy < p.OutputHeight; oy++)
        {
            int inYOrigin = oy * p.StrideHeight - p.PadHeight;
            for (int ox = 0; ox < p.OutputWidth; ox++)
            {
                int inXOrigin = ox * p.StrideWidth - p.PadWidth;
                // [fH, fW, inD] patch of (input + offset), zero where the tap falls outside the image
                int t = 0;
                for (int fy = 0; fy < fH; fy++)
                {
                    int iy = inYOrigin + p.DilationHeight * fy;
                    for (int fx = 0; fx < fW; fx++, t += inD)
                    {
                        int ix = inXOrigin + p.DilationWidth * fx;
                        Span<short> dst = patch.Slice(t, inD);
                        if (iy < 0 || iy >= inH || ix < 0 || ix >= inW) dst.Clear();
                        else Int8DotProduct.WidenWithOffset(input.Slice(((b * inH + iy) * inW + ix) * inD, inD), p.InputOffset, dst);
                    }
                }
                ReadOnlySpan<short> a = patch;
                for (int oc = 0; oc < outD; oc++, o++)
                {
                    int acc = Int8DotProduct.Dot(a, filter.Slice(oc * k, k));
                    if (hasBias) acc = unchecked(acc + bias[oc]);
                    output[o] = (sbyte)QuantizedMath.Requantize(acc, multipliers[oc], shifts[oc], p.OutputOffset, p.ActivationMin, p.ActivationMax);
                }
            }
        }
    }
}
