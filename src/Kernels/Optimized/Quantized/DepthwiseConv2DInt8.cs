using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;
using ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>
/// DEPTHWISE_CONV_2D int8 per-channel, same signature and bit-exact results as
/// <see cref="Reference.Quantized.DepthwiseConv2DInt8"/>. Depth multiplier 1: per output pixel, int32 accumulators
/// for all channels are updated tap by tap, 8 channels per AVX2 step (int8 widened to int32, vpmulld), then the exact
/// scalar requantization. Other depth multipliers and CPUs without AVX2 use the reference.
/// </summary>
public static partial class DepthwiseConv2DInt8
{
    private const int StackAccLimit = 2048;

    public static void Run(in QuantizedConvParams p, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output)
    {
        if (!Avx2.IsSupported || p.DepthMultiplier != 1)
        {
            Reference.Quantized.DepthwiseConv2DInt8.Run(p, input, filter, bias, output);
            return;
        }
        QuantizedChecks.Conv(p, input.Length, filter.Length, bias.Length, output.Length, perChannel: true, depthwise: true);
        int depth = p.OutputDepth;
        int[]? rented = null;
        Span<int> acc = depth <= StackAccLimit ? stackalloc int[StackAccLimit] : (rented = ArrayPool<int>.Shared.Rent(depth));
        acc = acc[..depth];
        try
        {
            Compute(p, input, filter, bias, output, acc);
        }
        finally
        {
            if (rented is not null) ArrayPool<int>.Shared.Return(rented);
        }
    }

    private static void Compute(in QuantizedConvParams p, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output, Span<int> acc)
    {
        int inH = p.InputHeight, inW = p.InputWidth, depth = p.OutputDepth;
        int[] multipliers = p.PerChannelMultiplier!;
        int[] shifts = p.PerChannelShift!;
        int o = 0;
        for (int b = 0; b < p.Batches; b++)
        for (int oy = 0; oy < p.OutputHeight; oy++)
        for (int ox = 0; ox < p.OutputWidth; ox++)
        {
            if (bias.IsEmpty) acc.Clear();
            else bias[..depth].CopyTo(acc);
            int inXOrigin = ox * p.StrideWidth - p.PadWidth;
            int inYOrigin = oy * p.StrideHeight - p.PadHeight;
            for (int fy = 0; fy < p.FilterHeight; fy++)
            {
                int iy = inYOrigin + p.DilationHeight * fy;
                if (iy < 0 || iy >= inH) continue;
                for (int fx = 0; fx < p.FilterWidth; fx++)
                {
                    int ix = inXOrigin + p.DilationWidth * fx;
                    if (ix < 0 || ix >= inW) continue;
                    Accumulate(acc, input.Slice(((b * inH + iy) * inW + ix) * depth, depth),
                        filter.Slice((fy * p.FilterWidth + fx) * depth, depth), p.InputOffset);
                }
            }
            for (int c = 0; c < depth; c++, o++)
                output[o] = (sbyte)QuantizedMath.Requantize(acc[c], multipliers[c], shifts[c], p.OutputOffset, p.ActivationMin, p.ActivationMax);
        }
    }

    /// <summary>acc[c] += w[c] * (x[c] + offset), wrapping.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(Span<int> acc, ReadOnlySpan<sbyte> x, ReadOnlySpan<sbyte> w, int offset)
    {
        int n = acc.Length;
        ref int ra = ref MemoryMarshal.GetReference(acc);
        ref byte rx = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(x));
        ref byte rw = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(w));
        int c = 0;
        Vector256<int> voff = Vector256.Create(offset);
        for (; c <= n - 8; c += 8)
        {
            Vector128<sbyte> x8 = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.Add(ref rx, c))).AsSByte();
            Vector128<sbyte> w8 = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.Add(ref rw, c))).AsSByte();
            Vector256<int> xv = Avx2.ConvertToVector256Int32(x8) + voff;
            Vector256<int> wv = Avx2.ConvertToVector256Int32(w8);
            Vector256<int> a = Vector256.LoadUnsafe(ref ra, (nuint)c);
            (a + Avx2.MultiplyLow(xv, wv)).StoreUnsafe(ref ra, (nuint)c);
        }
        for (; c < n; c++)
            Unsafe.Add(ref ra, c) = unchecked(Unsafe.Add(ref ra, c) + (sbyte)Unsafe.Add(ref rw, c) * ((sbyte)Unsafe.Add(ref rx, c) + offset));
    }
}
