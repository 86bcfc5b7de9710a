using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using ManagedLite.Kernels.Optimized.Quantized;
using ManagedLite.Kernels.Optimized.Quantized.Gemm;
using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Optimized.Hybrid;

/// <summary>
/// A constant int8 CONV_2D filter [OC, KH, KW, IC] widened and packed once for <see cref="S16Gemm"/>:
/// [Blocks][K2 / 2][16][2] int16, K = KH * KW * IC rounded up to 2 (K2), output channels to 16; padding is 0.
/// </summary>
public sealed class HybridConvPackedWeights
{
    internal HybridConvPackedWeights(int k, int blocks, AlignedArray<short> weights)
    {
        K = k;
        Blocks = blocks;
        Weights = weights;
    }

    public int K { get; }
    internal int K2 => (K + 1) & ~1;
    public int Blocks { get; }
    internal AlignedArray<short> Weights { get; }
    /// <summary>Bytes held, for memory reports.</summary>
    public long ByteSize => Weights.ByteSize;
}

public static partial class HybridConv2D
{
    /// <summary>
    /// Packs a constant filter for <see cref="RunPackedRows"/>; null where the packed path does not apply (grouped
    /// convolution, no AVX2).
    /// </summary>
    public static HybridConvPackedWeights? TryPack(in ConvParams p, ReadOnlySpan<sbyte> filter)
    {
        if (!S16Gemm.IsSupported || p.FilterInputChannels != p.InputChannels || p.OutputChannels <= 0) return null;
        if (filter.Length != p.FilterLength) throw new ArgumentException($"hybrid conv: filter has {filter.Length} elements, expected {p.FilterLength}");
        int k = p.FilterHeight * p.FilterWidth * p.InputChannels, k2 = (k + 1) & ~1;
        int blocks = (p.OutputChannels + 15) / 16;
        var weights = new AlignedArray<short>(checked(blocks * k2 * 16));
        var values = new short[k];
        for (int oc = 0; oc < p.OutputChannels; oc++)
        {
            for (int i = 0; i < k; i++) values[i] = filter[oc * k + i];
            S16Gemm.PackChannel(values, weights.Span, (oc / 16) * k2 * 16, oc % 16);
        }
        return new HybridConvPackedWeights(k, blocks, weights);
    }

    /// <summary>The int8 kernels' geometry record for these parameters, with the input offset of one batch.</summary>
    private static QuantizedConvParams Geometry(in ConvParams p, int inputOffset) => new()
    {
        Batches = p.Batches, InputHeight = p.InputHeight, InputWidth = p.InputWidth, InputDepth = p.InputChannels,
        FilterHeight = p.FilterHeight, FilterWidth = p.FilterWidth, FilterInputDepth = p.FilterInputChannels,
        OutputHeight = p.OutputHeight, OutputWidth = p.OutputWidth, OutputDepth = p.OutputChannels,
        StrideHeight = p.StrideHeight, StrideWidth = p.StrideWidth, DilationHeight = p.DilationHeight, DilationWidth = p.DilationWidth,
        PadHeight = p.PadTop, PadWidth = p.PadLeft, InputOffset = inputOffset,
    };

    /// <summary>Scratch bytes one <see cref="RunPackedRows"/> call needs (its int16 im2col tile).</summary>
    public static int PackedScratchBytes(in ConvParams p) =>
        Conv2DInt8.Tile16Bytes(p.FilterHeight * p.FilterWidth * p.InputChannels, Math.Max(1, p.OutputHeight * p.OutputWidth));

    /// <summary>
    /// Quantizes every batch image of <paramref name="input"/> into <paramref name="quantized"/> ([N, H, W, IC]) exactly
    /// as the reference: symmetric (zero point 0) when <paramref name="perChannel"/> is false, else asymmetric. Writes the
    /// scale and zero point of each batch. Runs before <see cref="RunPackedRows"/>.
    /// </summary>
    public static void QuantizeInput(in ConvParams p, ReadOnlySpan<float> input, Span<sbyte> quantized, Span<float> inputScales, Span<int> zeroPoints, bool perChannel)
    {
        int image = p.InputHeight * p.InputWidth * p.InputChannels;
        if (input.Length < p.InputLength) throw new ArgumentException($"hybrid conv: input has {input.Length} elements, expected {p.InputLength}");
        if (quantized.Length < p.InputLength) throw new ArgumentException($"hybrid conv: quantized input has {quantized.Length} elements, expected {p.InputLength}");
        if (inputScales.Length < p.Batches || zeroPoints.Length < p.Batches)
            throw new ArgumentException($"hybrid conv: {inputScales.Length} scales and {zeroPoints.Length} zero points for {p.Batches} batches");
        for (int b = 0; b < p.Batches; b++)
        {
            var x = input.Slice(b * image, image);
            var q = quantized.Slice(b * image, image);
            if (perChannel) inputScales[b] = HybridQuantizationVector.Asymmetric(x, q, out zeroPoints[b]);
            else
            {
                inputScales[b] = HybridQuantizationVector.Symmetric(x, q);
                zeroPoints[b] = 0;
            }
        }
    }

    /// <summary>
    /// Output pixels [<paramref name="pixelStart"/>, <paramref name="pixelEnd"/>) of every batch (row-major over height and
    /// width) after <see cref="QuantizeInput"/>; bit-exact with the reference. Per tile the int16 im2col holds q - z for
    /// in-image taps and 0 for padding taps (which the reference skips), <see cref="S16Gemm"/> sums exactly in int32, and
    /// <see cref="HybridEpilogue"/> applies the reference's float expression. Disjoint ranges may run concurrently, each
    /// with its own <paramref name="scratch"/> (<see cref="PackedScratchBytes"/> bytes); results do not depend on the split.
    /// </summary>
    public static void RunPackedRows(in ConvParams p, HybridConvPackedWeights packed, ReadOnlySpan<sbyte> quantized, ReadOnlySpan<float> inputScales,
        ReadOnlySpan<int> zeroPoints, ReadOnlySpan<float> filterScales, bool perChannel, ReadOnlySpan<float> bias, Span<float> output,
        Span<byte> scratch, int pixelStart, int pixelEnd)
    {
        Reference.Hybrid.HybridConv2D.Check(p, quantized.Length, (int)Math.Min(p.FilterLength, int.MaxValue), bias.Length, output.Length, int.MaxValue, filterScales.Length);
        if (packed.K != p.FilterHeight * p.FilterWidth * p.InputChannels || packed.Blocks != (p.OutputChannels + 15) / 16 || p.FilterInputChannels != p.InputChannels)
            throw new ArgumentException($"hybrid conv: packed filter (K {packed.K}, {packed.Blocks} blocks) does not match the convolution parameters");
        if (inputScales.Length < p.Batches || zeroPoints.Length < p.Batches)
            throw new ArgumentException($"hybrid conv: {inputScales.Length} scales and {zeroPoints.Length} zero points for {p.Batches} batches");
        int pixels = p.OutputHeight * p.OutputWidth;
        if (pixelStart < 0 || pixelEnd > pixels || pixelStart > pixelEnd)
            throw new ArgumentOutOfRangeException(nameof(pixelStart), $"pixel range [{pixelStart}, {pixelEnd}) is outside the {pixels} output pixels");
        if (pixelStart == pixelEnd || p.Batches == 0) return;
        if (scratch.Length < PackedScratchBytes(p)) throw new ArgumentException($"hybrid conv: scratch has {scratch.Length} bytes, needs {PackedScratchBytes(p)}");
        Compute(p, packed, MemoryMarshal.AsBytes(quantized), inputScales, zeroPoints, filterScales, perChannel, bias, output, scratch, pixelStart, pixelEnd, Avx512F.IsSupported);
    }

    /// <summary>The tile loop; <paramref name="wide"/> picks the 8-row microkernel (AVX-512 register file), else 4 rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Compute(in ConvParams p, HybridConvPackedWeights packed, ReadOnlySpan<byte> quantized, ReadOnlySpan<float> inputScales,
        ReadOnlySpan<int> zeroPoints, ReadOnlySpan<float> filterScales, bool perChannel, ReadOnlySpan<float> bias, Span<float> output,
        Span<byte> scratch, int pixelStart, int pixelEnd, bool wide)
    {
        int pixels = p.OutputHeight * p.OutputWidth;
        int outD = p.OutputChannels, k2 = packed.K2;
        int tileRows = Conv2DInt8.TileRows(2 * k2, pixels);
        int mr = wide ? QU8QS8Gemm.MR8 : QU8QS8Gemm.MR4;
        fixed (byte* inPtr = quantized)
        fixed (float* outPtr = output)
        fixed (byte* aBytes = scratch)
        fixed (short* wPtr = packed.Weights.Span)
        {
            short* aPtr = (short*)aBytes;
            for (int b = 0; b < p.Batches; b++)
            {
                var g = Geometry(p, -zeroPoints[b]);
                float s = inputScales[b];
                float tensorScale = perChannel ? 0f : s * filterScales[0];
                for (int p0 = pixelStart; p0 < pixelEnd; p0 += tileRows)
                {
                    int n = Math.Min(tileRows, pixelEnd - p0);
                    S16Gemm.Im2Col<S16Gemm.SignedWiden>(g, inPtr, b, p0, n, aPtr, k2);
                    for (int blk = 0; blk < packed.Blocks; blk++)
                    {
                        var e = perChannel
                            ? HybridEpilogue.PerChannel(filterScales, s, bias, blk * 16, p.ActivationMin, p.ActivationMax)
                            : HybridEpilogue.PerTensor(tensorScale, bias, blk * 16, p.ActivationMin, p.ActivationMax);
                        int cols = Math.Min(16, outD - blk * 16);
                        short* w = wPtr + (nint)blk * k2 * 16;
                        float* c = outPtr + ((nint)b * pixels + p0) * outD + blk * 16;
                        for (int r = 0; r < n; r += mr)
                        {
                            int rows = Math.Min(mr, n - r);
                            if (wide) S16Gemm.Gemm8x16(k2 / 2, aPtr + (nint)r * k2, k2, rows, w, e, c + (nint)r * outD, outD, cols);
                            else S16Gemm.Gemm4x16(k2 / 2, aPtr + (nint)r * k2, k2, rows, w, e, c + (nint)r * outD, outD, cols);
                        }
                    }
                }
            }
        }
    }
}
