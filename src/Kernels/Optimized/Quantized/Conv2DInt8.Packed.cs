using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ManagedLite.Kernels.Optimized.Quantized.Gemm;
using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>
/// A constant int8 CONV_2D filter packed once for <see cref="QU8QS8Gemm"/>: [Blocks][KPadded / 4][16][4] with
/// K = FilterHeight * FilterWidth * InputDepth zero-padded to a multiple of 4 and output channels to a multiple of 16,
/// plus the requantization table whose bias folds the input offset.
/// </summary>
public sealed class Int8ConvPackedWeights
{
    internal Int8ConvPackedWeights(int k, int kPadded, int blocks, AlignedArray<sbyte> weights, Int8RequantTable requant, int rowSumMultiplier = 0,
        AlignedArray<short>? weights16 = null)
    {
        RowSumMultiplier = rowSumMultiplier;
        Weights16 = weights16;
        K = k;
        KPadded = kPadded;
        Blocks = blocks;
        Weights = weights;
        Requant = requant;
    }

    public int K { get; }
    public int KPadded { get; }
    public int Blocks { get; }
    /// <summary>Bytes held (packed weights and the requantization table), for memory reports.</summary>
    public long ByteSize => Weights.ByteSize + (Weights16?.ByteSize ?? 0) + Requant.ByteSize;
    internal AlignedArray<sbyte> Weights { get; }
    internal Int8RequantTable Requant { get; }
    /// <summary>
    /// The int16 layout for <see cref="S16Gemm"/> ([Blocks][K2 / 2][16][2], offsets folded into the values, bias
    /// unchanged), chosen where no VNNI instruction is available; null for the int8 layout in <see cref="Weights"/>.
    /// </summary>
    internal AlignedArray<short>? Weights16 { get; }
    /// <summary>K rounded up to 2: the row length of the int16 im2col.</summary>
    internal int K2 => (K + 1) & ~1;
    /// <summary>uint8 filters only: 128 - filter zero point, the factor of each im2col row's sum added to its accumulators.</summary>
    internal int RowSumMultiplier { get; }
}

public static partial class Conv2DInt8
{
    /// <summary>Upper bound of the im2col tile in bytes (kept within L1/L2).</summary>
    private const int TileBytes = 32 * 1024;

    /// <summary>
    /// Packs a constant filter (and bias) for <c>RunPacked</c>; null when the packed path does not cover the
    /// parameters (grouped convolution, no AVX2, zero points or multipliers outside the exact vector range).
    /// <para>Algebra: acc = sum (x + inputOffset) * w + bias = sum u * w + (inputOffset - 128) * sum w + bias with
    /// u = x + 128 in [0, 255] (wrapping int32, exact). Padding taps carry u = 128 - inputOffset, so they contribute 0
    /// exactly as the reference's skipped taps.</para>
    /// </summary>
    public static Int8ConvPackedWeights? TryPack(in QuantizedConvParams p, ReadOnlySpan<sbyte> filter, ReadOnlySpan<int> bias) =>
        TryPackLayout(p, filter, bias, int16Layout: !VnniDot4.IsSupported);

    /// <summary>
    /// Where .NET has no VNNI instruction for this CPU, the int16 layout: measured on AMD Zen 4 (AVX512-VNNI, no AVX-VNNI)
    /// it matches the emulated vpdpbusd on 1x1 convolutions with K of 192 or more (both are bound by the two vpmaddwd
    /// ports), is 20% faster on the 3x3 first layer (cheaper im2col), and, since the epilogue no longer dominates small-K
    /// layers, 15-25% faster on 1x1 with K = 16 or 24 too (the emulation spends four shifts per vpmaddwd pair).
    /// <paramref name="int16Layout"/>: pack for <see cref="S16Gemm"/> (filter widened, bias as is, activations widened with
    /// their offset by the im2col), else for <see cref="QU8QS8Gemm"/> (tests run both on every CPU with AVX2).
    /// </summary>
    internal static Int8ConvPackedWeights? TryPackLayout(in QuantizedConvParams p, ReadOnlySpan<sbyte> filter, ReadOnlySpan<int> bias, bool int16Layout)
    {
        if (!Avx2Dot4.IsSupported || p.EffectiveFilterInputDepth != p.InputDepth) return null;
        if (p.InputOffset < -127 || p.InputOffset > 128) return null; // zero point must be an int8 value
        if (p.PerChannelMultiplier is null || p.PerChannelShift is null || p.OutputDepth <= 0) return null;
        QuantizedChecks.Conv(p, int.MaxValue, filter.Length, bias.Length, int.MaxValue, perChannel: true);
        int outD = p.OutputDepth;
        int k = p.FilterHeight * p.FilterWidth * p.InputDepth;
        int kPadded = (k + 3) & ~3;
        int blocks = (outD + 15) / 16;
        var table = Int8RequantTable.TryCreate(p.PerChannelMultiplier, p.PerChannelShift, outD, blocks * 16);
        if (table is null) return null;
        if (int16Layout)
        {
            int k2 = (k + 1) & ~1;
            var w16 = new AlignedArray<short>(checked(blocks * k2 * 16));
            var values = new short[k];
            for (int oc = 0; oc < outD; oc++)
            {
                for (int i = 0; i < k; i++) values[i] = filter[oc * k + i];
                S16Gemm.PackChannel(values, w16.Span, (oc / 16) * k2 * 16, oc % 16);
                table.Bias[oc] = bias.IsEmpty ? 0 : bias[oc];
            }
            return new Int8ConvPackedWeights(k, kPadded, blocks, new AlignedArray<sbyte>(0), table, 0, w16);
        }
        var packed = new AlignedArray<sbyte>(checked(blocks * kPadded * 16));
        var weights = packed.Span;
        for (int oc = 0; oc < outD; oc++)
        {
            ReadOnlySpan<sbyte> row = filter.Slice(oc * k, k);
            int blockBase = (oc / 16) * kPadded * 16 + (oc % 16) * 4;
            int sum = 0;
            for (int i = 0; i < k; i++)
            {
                weights[blockBase + (i / 4) * 64 + (i % 4)] = row[i];
                sum += row[i];
            }
            int b = bias.IsEmpty ? 0 : bias[oc];
            table.Bias[oc] = unchecked(b + (p.InputOffset - 128) * sum);
        }
        return new Int8ConvPackedWeights(k, kPadded, blocks, packed, table);
    }

    /// <summary>Rows (output pixels) per im2col tile.</summary>
    internal static int TileRows(int kPadded, int outputPixels)
    {
        int rows = Math.Max(QU8QS8Gemm.MR8, TileBytes / Math.Max(kPadded, 1) / QU8QS8Gemm.MR8 * QU8QS8Gemm.MR8);
        return Math.Min(rows, (outputPixels + QU8QS8Gemm.MR8 - 1) / QU8QS8Gemm.MR8 * QU8QS8Gemm.MR8);
    }

    /// <summary>Scratch bytes <c>RunPacked</c> needs for these parameters.</summary>
    public static int PackedScratchBytes(in QuantizedConvParams p)
    {
        int k = p.FilterHeight * p.FilterWidth * p.InputDepth;
        int kPadded = (k + 3) & ~3;
        int pixels = Math.Max(1, p.OutputHeight * p.OutputWidth);
        return Math.Max(checked(TileRows(kPadded, pixels) * kPadded), Tile16Bytes(k, pixels));
    }

    /// <summary>Bytes of the int16 im2col tile of <see cref="RunPacked16"/>.</summary>
    internal static int Tile16Bytes(int k, int pixels)
    {
        int k2 = (k + 1) & ~1;
        return checked(TileRows(2 * k2, pixels) * k2 * 2);
    }

    /// <summary>
    /// The int16 path: per tile the im2col widens activations with their offset, then <see cref="S16Gemm"/> runs over
    /// every block of 16 output channels. Shared by int8 and legacy uint8 (<typeparamref name="TWiden"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void RunPacked16<TWiden>(in QuantizedConvParams p, Int8ConvPackedWeights packed, ReadOnlySpan<byte> input, Span<byte> output,
        Span<byte> scratch, bool wide, int pixelStart = 0, int pixelEnd = -1, int blockStart = 0, int blockEnd = -1) where TWiden : struct, S16Gemm.IWiden
    {
        int pixels = p.OutputHeight * p.OutputWidth;
        if (pixelEnd < 0) pixelEnd = pixels;
        if (blockEnd < 0) blockEnd = packed.Blocks;
        if (pixels == 0 || p.Batches == 0) return;
        int outD = p.OutputDepth, k2 = packed.K2;
        int tileRows = TileRows(2 * k2, pixels);
        if (scratch.Length < tileRows * k2 * 2) throw new ArgumentException($"conv scratch has {scratch.Length} bytes, needs {tileRows * k2 * 2}");
        int mr = wide ? QU8QS8Gemm.MR8 : QU8QS8Gemm.MR4;
        fixed (byte* inPtr = input)
        fixed (byte* outPtr = output)
        fixed (byte* aBytes = scratch)
        fixed (short* wPtr = packed.Weights16!.Span)
        {
            short* aPtr = (short*)aBytes;
            for (int b = 0; b < p.Batches; b++)
            {
                for (int p0 = pixelStart; p0 < pixelEnd; p0 += tileRows)
                {
                    int n = Math.Min(tileRows, pixelEnd - p0);
                    S16Gemm.Im2Col<TWiden>(p, inPtr, b, p0, n, aPtr, k2);
                    if (wide && S16Gemm512.IsSupported)
                    {
                        for (int blk = blockStart; blk < blockEnd; blk++)
                        {
                            var q = new S16Gemm512.Requant(packed.Requant, blk * 16, p.OutputOffset, p.ActivationMin, p.ActivationMax);
                            sbyte* c = (sbyte*)outPtr + ((nint)b * pixels + p0) * outD + blk * 16;
                            S16Gemm512.Gemm(k2 / 2, aPtr, k2, n, wPtr + (nint)blk * k2 * 16, q, c, outD, Math.Min(16, outD - blk * 16));
                        }
                        continue;
                    }
                    for (int blk = blockStart; blk < blockEnd; blk++)
                    {
                        var e = new QU8QS8Gemm.Epilogue(packed.Requant, blk * 16, p.OutputOffset, p.ActivationMin, p.ActivationMax);
                        int cols = Math.Min(16, outD - blk * 16);
                        short* w = wPtr + (nint)blk * k2 * 16;
                        sbyte* c = (sbyte*)outPtr + ((nint)b * pixels + p0) * outD + blk * 16;
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

    /// <summary>
    /// CONV_2D with a filter packed by <see cref="TryPack"/>; bit-exact with <see cref="Reference.Quantized.Conv2DInt8"/>.
    /// <paramref name="scratch"/> holds at least <see cref="PackedScratchBytes"/> bytes. No allocation.
    /// </summary>
    public static void RunPacked(in QuantizedConvParams p, Int8ConvPackedWeights packed, ReadOnlySpan<sbyte> input, Span<sbyte> output, Span<byte> scratch) =>
        RunPacked(p, packed, input, output, scratch, 0, p.OutputHeight * p.OutputWidth);

    /// <summary>
    /// Output pixels [<paramref name="pixelStart"/>, <paramref name="pixelEnd"/>) of every batch (row-major over height and
    /// width): disjoint ranges may run at once on different threads, each with its own <paramref name="scratch"/>. The
    /// tiles start at <paramref name="pixelStart"/>, and every output is computed the same way whatever the split.
    /// </summary>
    public static void RunPacked(in QuantizedConvParams p, Int8ConvPackedWeights packed, ReadOnlySpan<sbyte> input, Span<sbyte> output, Span<byte> scratch,
        int pixelStart, int pixelEnd) => RunPacked(p, packed, input, output, scratch, pixelStart, pixelEnd, 0, packed.Blocks);

    /// <summary>
    /// As <see cref="RunPacked(in QuantizedConvParams, Int8ConvPackedWeights, ReadOnlySpan{sbyte}, Span{sbyte}, Span{byte}, int, int)"/>
    /// for the blocks of 16 output channels [<paramref name="blockStart"/>, <paramref name="blockEnd"/>) only: threads split
    /// convolutions with few output pixels and many channels (7 x 7 x 1280) by channel blocks.
    /// </summary>
    public static void RunPacked(in QuantizedConvParams p, Int8ConvPackedWeights packed, ReadOnlySpan<sbyte> input, Span<sbyte> output, Span<byte> scratch,
        int pixelStart, int pixelEnd, int blockStart, int blockEnd)
    {
        if (blockStart < 0 || blockEnd > packed.Blocks || blockStart > blockEnd)
            throw new ArgumentOutOfRangeException(nameof(blockStart), $"channel block range [{blockStart}, {blockEnd}) is outside the {packed.Blocks} blocks of 16 output channels");
        QuantizedChecks.Conv(p, input.Length, int.MaxValue, 0, output.Length, perChannel: true);
        if (packed.K != p.FilterHeight * p.FilterWidth * p.InputDepth || packed.Blocks != (p.OutputDepth + 15) / 16)
            throw new ArgumentException($"packed filter (K {packed.K}, {packed.Blocks} blocks) does not match the convolution parameters");
        int pixels = p.OutputHeight * p.OutputWidth;
        if (pixelStart < 0 || pixelEnd > pixels || pixelStart > pixelEnd)
            throw new ArgumentOutOfRangeException(nameof(pixelStart), $"pixel range [{pixelStart}, {pixelEnd}) is outside the {pixels} output pixels");
        if (pixelStart == pixelEnd || p.Batches == 0) return;
        int tileRows = TileRows(packed.KPadded, pixels);
        if (packed.Weights16 is not null)
        {
            RunPacked16<S16Gemm.SignedWiden>(p, packed, MemoryMarshal.AsBytes(input), MemoryMarshal.AsBytes(output), scratch, Avx512F.IsSupported, pixelStart, pixelEnd,
                                             blockStart, blockEnd);
            return;
        }
        if (scratch.Length < tileRows * packed.KPadded) throw new ArgumentException($"conv scratch has {scratch.Length} bytes, needs {tileRows * packed.KPadded}");
        if (Avx512F.IsSupported)
        {
            if (VnniDot4.IsSupported) Run<VnniDot4>(p, packed, input, output, scratch, tileRows, true, pixelStart, pixelEnd, blockStart, blockEnd);
            else Run<Avx2Dot4>(p, packed, input, output, scratch, tileRows, true, pixelStart, pixelEnd, blockStart, blockEnd);
        }
        else
        {
            if (VnniDot4.IsSupported) Run<VnniDot4>(p, packed, input, output, scratch, tileRows, false, pixelStart, pixelEnd, blockStart, blockEnd);
            else Run<Avx2Dot4>(p, packed, input, output, scratch, tileRows, false, pixelStart, pixelEnd, blockStart, blockEnd);
        }
    }

    /// <summary>Test hook: runs the packed path with an explicit dot-product flavour and tile height.</summary>
    internal static void RunPackedWith<TDot>(in QuantizedConvParams p, Int8ConvPackedWeights packed, ReadOnlySpan<sbyte> input, Span<sbyte> output, Span<byte> scratch, bool wide)
        where TDot : struct, IDot4
    {
        if (packed.Weights16 is not null) throw new ArgumentException("the filter was packed with the int16 layout");
        int pixels = p.OutputHeight * p.OutputWidth;
        if (pixels == 0 || p.Batches == 0) return;
        Run<TDot>(p, packed, input, output, scratch, TileRows(packed.KPadded, pixels), wide);
    }

    /// <summary>Test hook: the int16 path with an explicit tile height.</summary>
    internal static void RunPacked16With(in QuantizedConvParams p, Int8ConvPackedWeights packed, ReadOnlySpan<sbyte> input, Span<sbyte> output, Span<byte> scratch, bool wide)
    {
        if (packed.Weights16 is null) throw new ArgumentException("the filter was packed with the int8 layout");
        RunPacked16<S16Gemm.SignedWiden>(p, packed, MemoryMarshal.AsBytes(input), MemoryMarshal.AsBytes(output), scratch, wide);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Run<TDot>(in QuantizedConvParams p, Int8ConvPackedWeights packed, ReadOnlySpan<sbyte> input, Span<sbyte> output,
        Span<byte> scratch, int tileRows, bool wide, int pixelStart = 0, int pixelEnd = -1, int blockStart = 0, int blockEnd = -1)
        where TDot : struct, IDot4
    {
        int pixels = p.OutputHeight * p.OutputWidth;
        if (pixelEnd < 0) pixelEnd = pixels;
        if (blockEnd < 0) blockEnd = packed.Blocks;
        int outD = p.OutputDepth, kPadded = packed.KPadded, k4 = kPadded / 4;
        int mr = wide ? QU8QS8Gemm.MR8 : QU8QS8Gemm.MR4;
        fixed (sbyte* inPtr = input)
        fixed (sbyte* outPtr = output)
        fixed (byte* aPtr = scratch)
        fixed (sbyte* wPtr = packed.Weights.Span)
        {
            for (int b = 0; b < p.Batches; b++)
            {
                for (int p0 = pixelStart; p0 < pixelEnd; p0 += tileRows)
                {
                    int n = Math.Min(tileRows, pixelEnd - p0);
                    Im2Col(p, inPtr, b, p0, n, aPtr, kPadded);
                    for (int blk = blockStart; blk < blockEnd; blk++)
                    {
                        var e = new QU8QS8Gemm.Epilogue(packed.Requant, blk * 16, p.OutputOffset, p.ActivationMin, p.ActivationMax);
                        int cols = Math.Min(16, outD - blk * 16);
                        sbyte* w = wPtr + (nint)blk * kPadded * 16;
                        sbyte* c = outPtr + ((nint)b * pixels + p0) * outD + blk * 16;
                        for (int r = 0; r < n; r += mr)
                        {
                            int rows = Math.Min(mr, n - r);
                            if (wide) QU8QS8Gemm.Gemm8x16<TDot>(k4, aPtr + (nint)r * kPadded, kPadded, rows, w, e, c + (nint)r * outD, outD, cols);
                            else QU8QS8Gemm.Gemm4x16<TDot>(k4, aPtr + (nint)r * kPadded, kPadded, rows, w, e, c + (nint)r * outD, outD, cols);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Rows p0 .. p0 + n of batch b as [n, KPadded] uint8 (x + 128; padding taps = zero point + 128; K tail 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Im2Col(in QuantizedConvParams p, sbyte* input, int b, int p0, int n, byte* dst, int kPadded)
    {
        int inH = p.InputHeight, inW = p.InputWidth, inD = p.InputDepth, outW = p.OutputWidth;
        int fH = p.FilterHeight, fW = p.FilterWidth;
        int k = fH * fW * inD;
        byte padByte = (byte)(128 - p.InputOffset);
        bool pointwise = fH == 1 && fW == 1;
        for (int i = 0; i < n; i++)
        {
            int pix = p0 + i;
            int oy = pix / outW, ox = pix - oy * outW;
            int inYOrigin = oy * p.StrideHeight - p.PadHeight;
            int inXOrigin = ox * p.StrideWidth - p.PadWidth;
            byte* row = dst + (nint)i * kPadded;
            if (pointwise)
            {
                if (inYOrigin < 0 || inYOrigin >= inH || inXOrigin < 0 || inXOrigin >= inW) new Span<byte>(row, inD).Fill(padByte);
                else XorCopy(input + (((nint)b * inH + inYOrigin) * inW + inXOrigin) * inD, row, inD);
            }
            else
            {
                int t = 0;
                for (int fy = 0; fy < fH; fy++)
                {
                    int iy = inYOrigin + p.DilationHeight * fy;
                    bool rowInside = iy >= 0 && iy < inH;
                    for (int fx = 0; fx < fW; fx++, t += inD)
                    {
                        int ix = inXOrigin + p.DilationWidth * fx;
                        if (!rowInside || ix < 0 || ix >= inW) new Span<byte>(row + t, inD).Fill(padByte);
                        else XorCopy(input + (((nint)b * inH + iy) * inW + ix) * inD, row + t, inD);
                    }
                }
            }
            for (int t = k; t < kPadded; t++) row[t] = 0;
        }
    }

    /// <summary>dst[i] = (byte)(src[i] + 128).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void XorCopy(sbyte* src, byte* dst, int n)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<byte> bias = Vector256.Create((byte)0x80);
            for (; i <= n - 32; i += 32) (Vector256.Load((byte*)src + i) ^ bias).Store(dst + i);
        }
        Vector128<byte> bias128 = Vector128.Create((byte)0x80);
        for (; i <= n - 16; i += 16) (Vector128.Load((byte*)src + i) ^ bias128).Store(dst + i);
        for (; i < n; i++) dst[i] = (byte)(src[i] ^ unchecked((sbyte)0x80));
    }
}
