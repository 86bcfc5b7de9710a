using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ManagedLite.Kernels.Optimized.Quantized.Gemm;
using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>
/// CONV_2D, legacy uint8 per-tensor quantization, on the int8 GEMM (<see cref="QU8QS8Gemm"/>); bit-exact with
/// <see cref="Reference.Quantized.Conv2DUInt8"/>.
/// <para>Algebra (wrapping int32, exact modulo 2^32): with a = the uint8 activation (padding taps a = -InputOffset, the
/// input zero point), s = filter - 128 (int8) and c = 128 + WeightsOffset,
/// acc = sum (s + c)(a + InputOffset) + bias = sum s * a + [bias + InputOffset * sum s + c * InputOffset * K] + c * sum a.
/// The bracket is per output channel and folded into the bias at packing; c * sum a is per im2col row, summed while the
/// tile is gathered and added to the row's accumulators before the requantization. Padding taps contribute
/// (s + c)(-InputOffset + InputOffset) = 0, exactly as the reference's skipped taps.</para>
/// </summary>
public static class Conv2DUInt8
{
    private const int TileBytes = 32 * 1024;

    /// <summary>
    /// Packs a constant uint8 filter (and int32 bias) once per model; null when not covered (grouped convolution, no
    /// AVX2, zero points outside [0, 255], a multiplier outside the exact vector range).
    /// </summary>
    public static Int8ConvPackedWeights? TryPack(in QuantizedConvParams p, ReadOnlySpan<byte> filter, ReadOnlySpan<int> bias) =>
        TryPackLayout(p, filter, bias, int16Layout: !VnniDot4.IsSupported);

    /// <summary>
    /// <paramref name="int16Layout"/>: pack filter + WeightsOffset as int16 for <see cref="S16Gemm"/> (bias as is, no row
    /// sums: the im2col adds InputOffset), else the int8 layout with the folded terms above (tests run both).
    /// </summary>
    internal static Int8ConvPackedWeights? TryPackLayout(in QuantizedConvParams p, ReadOnlySpan<byte> filter, ReadOnlySpan<int> bias, bool int16Layout)
    {
        if (!Avx2Dot4.IsSupported || p.EffectiveFilterInputDepth != p.InputDepth || p.OutputDepth <= 0) return null;
        if (p.InputOffset < -255 || p.InputOffset > 0 || p.WeightsOffset < -255 || p.WeightsOffset > 0) return null;
        QuantizedChecks.Conv(p, int.MaxValue, filter.Length, bias.Length, int.MaxValue, perChannel: false);
        int outD = p.OutputDepth;
        int k = p.FilterHeight * p.FilterWidth * p.InputDepth;
        int kPadded = (k + 3) & ~3;
        int blocks = (outD + 15) / 16;
        var multipliers = new int[outD];
        var shifts = new int[outD];
        multipliers.AsSpan().Fill(p.OutputMultiplier);
        shifts.AsSpan().Fill(p.OutputShift);
        var table = Int8RequantTable.TryCreate(multipliers, shifts, outD, blocks * 16);
        if (table is null) return null;
        if (int16Layout)
        {
            int k2 = (k + 1) & ~1;
            var w16 = new AlignedArray<short>(checked(blocks * k2 * 16));
            var values = new short[k];
            for (int oc = 0; oc < outD; oc++)
            {
                for (int i = 0; i < k; i++) values[i] = (short)(filter[oc * k + i] + p.WeightsOffset);
                S16Gemm.PackChannel(values, w16.Span, (oc / 16) * k2 * 16, oc % 16);
                table.Bias[oc] = bias.IsEmpty ? 0 : bias[oc];
            }
            return new Int8ConvPackedWeights(k, kPadded, blocks, new AlignedArray<sbyte>(0), table, 0, w16);
        }
        int c = 128 + p.WeightsOffset;
        int constant = unchecked(c * p.InputOffset * k);
        var packed = new AlignedArray<sbyte>(checked(blocks * kPadded * 16));
        var weights = packed.Span;
        for (int oc = 0; oc < outD; oc++)
        {
            ReadOnlySpan<byte> row = filter.Slice(oc * k, k);
            int blockBase = (oc / 16) * kPadded * 16 + (oc % 16) * 4;
            int sum = 0;
            for (int i = 0; i < k; i++)
            {
                int s = row[i] - 128;
                weights[blockBase + (i / 4) * 64 + (i % 4)] = (sbyte)s;
                sum += s;
            }
            int b = bias.IsEmpty ? 0 : bias[oc];
            table.Bias[oc] = unchecked(b + p.InputOffset * sum + constant);
        }
        return new Int8ConvPackedWeights(k, kPadded, blocks, packed, table, c);
    }

    /// <summary>1x1, stride 1, no padding, K a multiple of 4: the GEMM reads the input rows in place (no im2col).</summary>
    private static bool Direct(in QuantizedConvParams p) =>
        p.FilterHeight == 1 && p.FilterWidth == 1 && p.StrideHeight == 1 && p.StrideWidth == 1 && p.PadHeight == 0 && p.PadWidth == 0
        && p.OutputHeight == p.InputHeight && p.OutputWidth == p.InputWidth && (p.InputDepth & 3) == 0;

    private static int TileRows(int kPadded, int outputPixels)
    {
        int rows = Math.Max(QU8QS8Gemm.MR8, TileBytes / Math.Max(kPadded, 1) / QU8QS8Gemm.MR8 * QU8QS8Gemm.MR8);
        return Math.Min(rows, (outputPixels + QU8QS8Gemm.MR8 - 1) / QU8QS8Gemm.MR8 * QU8QS8Gemm.MR8);
    }

    /// <summary>Scratch bytes <c>RunPacked</c> needs: the im2col tile (none for direct 1x1) and one int per tile row.</summary>
    public static int PackedScratchBytes(in QuantizedConvParams p)
    {
        int kPadded = (p.FilterHeight * p.FilterWidth * p.InputDepth + 3) & ~3;
        int pixels = Math.Max(1, p.OutputHeight * p.OutputWidth);
        int rows = TileRows(kPadded, pixels);
        return Math.Max(checked((Direct(p) ? 0 : rows * kPadded) + rows * sizeof(int)), Conv2DInt8.Tile16Bytes(p.FilterHeight * p.FilterWidth * p.InputDepth, pixels));
    }

    /// <summary>CONV_2D with a filter packed by <see cref="TryPack"/>. No allocation.</summary>
    public static void RunPacked(in QuantizedConvParams p, Int8ConvPackedWeights packed, ReadOnlySpan<byte> input, Span<byte> output, Span<byte> scratch) =>
        RunPacked(p, packed, input, output, scratch, 0, p.OutputHeight * p.OutputWidth);

    /// <summary>Output pixels [pixelStart, pixelEnd) of every batch, as <see cref="Conv2DInt8.RunPacked(in QuantizedConvParams, Int8ConvPackedWeights, ReadOnlySpan{sbyte}, Span{sbyte}, Span{byte}, int, int)"/>.</summary>
    public static void RunPacked(in QuantizedConvParams p, Int8ConvPackedWeights packed, ReadOnlySpan<byte> input, Span<byte> output, Span<byte> scratch,
        int pixelStart, int pixelEnd) => RunPacked(p, packed, input, output, scratch, pixelStart, pixelEnd, 0, packed.Blocks);

    /// <summary>As the pixel-range overload, for the blocks of 16 output channels [<paramref name="blockStart"/>, <paramref name="blockEnd"/>) only.</summary>
    public static void RunPacked(in QuantizedConvParams p, Int8ConvPackedWeights packed, ReadOnlySpan<byte> input, Span<byte> output, Span<byte> scratch,
        int pixelStart, int pixelEnd, int blockStart, int blockEnd)
    {
        if (blockStart < 0 || blockEnd > packed.Blocks || blockStart > blockEnd)
            throw new ArgumentOutOfRangeException(nameof(blockStart), $"channel block range [{blockStart}, {blockEnd}) is outside the {packed.Blocks} blocks of 16 output channels");
        int pixels = p.OutputHeight * p.OutputWidth;
        if (pixelStart < 0 || pixelEnd > pixels || pixelStart > pixelEnd)
            throw new ArgumentOutOfRangeException(nameof(pixelStart), $"pixel range [{pixelStart}, {pixelEnd}) is outside the {pixels} output pixels");
        if (packed.Weights16 is not null)
        {
            RunPacked16(p, packed, input, output, scratch, Avx512F.IsSupported, pixelStart, pixelEnd, blockStart, blockEnd);
            return;
        }
        if (Avx512F.IsSupported)
        {
            if (VnniDot4.IsSupported) RunPackedWith<VnniDot4>(p, packed, input, output, scratch, true, pixelStart, pixelEnd, blockStart, blockEnd);
            else RunPackedWith<Avx2Dot4>(p, packed, input, output, scratch, true, pixelStart, pixelEnd, blockStart, blockEnd);
        }
        else
        {
            if (VnniDot4.IsSupported) RunPackedWith<VnniDot4>(p, packed, input, output, scratch, false, pixelStart, pixelEnd, blockStart, blockEnd);
            else RunPackedWith<Avx2Dot4>(p, packed, input, output, scratch, false, pixelStart, pixelEnd, blockStart, blockEnd);
        }
    }

    /// <summary>The int16 path (a filter packed with the int16 layout) with an explicit tile height.</summary>
    internal static void RunPacked16(in QuantizedConvParams p, Int8ConvPackedWeights packed, ReadOnlySpan<byte> input, Span<byte> output,
        Span<byte> scratch, bool wide, int pixelStart = 0, int pixelEnd = -1, int blockStart = 0, int blockEnd = -1)
    {
        QuantizedChecks.Conv(p, input.Length, int.MaxValue, 0, output.Length, perChannel: false);
        if (packed.Weights16 is null || packed.K != p.FilterHeight * p.FilterWidth * p.InputDepth || packed.Blocks != (p.OutputDepth + 15) / 16)
            throw new ArgumentException($"packed filter (K {packed.K}, {packed.Blocks} blocks) does not match the convolution parameters");
        Conv2DInt8.RunPacked16<S16Gemm.UnsignedWiden>(p, packed, input, output, scratch, wide, pixelStart, pixelEnd, blockStart, blockEnd);
    }

    /// <summary>The packed path with an explicit dot-product flavour and tile height (tests run every one the CPU has).</summary>
    internal static void RunPackedWith<TDot>(in QuantizedConvParams p, Int8ConvPackedWeights packed, ReadOnlySpan<byte> input, Span<byte> output,
        Span<byte> scratch, bool wide, int pixelStart = 0, int pixelEnd = -1, int blockStart = 0, int blockEnd = -1) where TDot : struct, IDot4
    {
        QuantizedChecks.Conv(p, input.Length, int.MaxValue, 0, output.Length, perChannel: false);
        if (packed.Weights16 is not null || packed.K != p.FilterHeight * p.FilterWidth * p.InputDepth || packed.Blocks != (p.OutputDepth + 15) / 16)
            throw new ArgumentException($"packed filter (K {packed.K}, {packed.Blocks} blocks) does not match the convolution parameters");
        int pixels = p.OutputHeight * p.OutputWidth;
        if (pixels == 0 || p.Batches == 0) return;
        if (scratch.Length < PackedScratchBytes(p)) throw new ArgumentException($"conv scratch has {scratch.Length} bytes, needs {PackedScratchBytes(p)}");
        Run<TDot>(p, packed, input, output, scratch, TileRows(packed.KPadded, pixels), wide, pixelStart, pixelEnd < 0 ? pixels : pixelEnd,
                  blockStart, blockEnd < 0 ? packed.Blocks : blockEnd);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Run<TDot>(in QuantizedConvParams p, Int8ConvPackedWeights packed, ReadOnlySpan<byte> input, Span<byte> output,
        Span<byte> scratch, int tileRows, bool wide, int pixelStart, int pixelEnd, int blockStart, int blockEnd) where TDot : struct, IDot4
    {
        int pixels = p.OutputHeight * p.OutputWidth;
        int outD = p.OutputDepth, kPadded = packed.KPadded, k4 = kPadded / 4, k = packed.K;
        int mr = wide ? QU8QS8Gemm.MR8 : QU8QS8Gemm.MR4;
        bool direct = Direct(p);
        int c = packed.RowSumMultiplier;
        int tileBytes = direct ? 0 : tileRows * kPadded;
        fixed (byte* inPtr = input)
        fixed (byte* outPtr = output)
        fixed (byte* scratchPtr = scratch)
        fixed (sbyte* wPtr = packed.Weights.Span)
        {
            int* rowAdd = c == 0 ? null : (int*)(scratchPtr + tileBytes);
            for (int b = 0; b < p.Batches; b++)
            {
                for (int p0 = pixelStart; p0 < pixelEnd; p0 += tileRows)
                {
                    int n = Math.Min(tileRows, pixelEnd - p0);
                    byte* a;
                    if (direct) a = inPtr + ((nint)b * pixels + p0) * kPadded;
                    else
                    {
                        a = scratchPtr;
                        Im2Col(p, inPtr, b, p0, n, a, kPadded);
                    }
                    if (rowAdd != null)
                        for (int i = 0; i < n; i++) rowAdd[i] = unchecked(c * RowSum(a + (nint)i * kPadded, k));
                    for (int blk = blockStart; blk < blockEnd; blk++)
                    {
                        var e = new QU8QS8Gemm.Epilogue(packed.Requant, blk * 16, p.OutputOffset, p.ActivationMin, p.ActivationMax);
                        int cols = Math.Min(16, outD - blk * 16);
                        sbyte* w = wPtr + (nint)blk * kPadded * 16;
                        sbyte* dst = (sbyte*)outPtr + ((nint)b * pixels + p0) * outD + blk * 16;
                        for (int r = 0; r < n; r += mr)
                        {
                            int rows = Math.Min(mr, n - r);
                            int* add = rowAdd == null ? null : rowAdd + r;
                            if (wide) QU8QS8Gemm.Gemm8x16<TDot>(k4, a + (nint)r * kPadded, kPadded, rows, w, e, dst + (nint)r * outD, outD, cols, add);
                            else QU8QS8Gemm.Gemm4x16<TDot>(k4, a + (nint)r * kPadded, kPadded, rows, w, e, dst + (nint)r * outD, outD, cols, add);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Wrapping sum of n bytes (vpsadbw against zero, 32 bytes a step).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe int RowSum(byte* a, int n)
    {
        int i = 0;
        long sum = 0;
        if (Avx2.IsSupported && n >= 32)
        {
            Vector256<long> acc = Vector256<long>.Zero;
            for (; i <= n - 32; i += 32) acc += Avx2.SumAbsoluteDifferences(Vector256.Load(a + i), Vector256<byte>.Zero).AsInt64();
            sum = Vector256.Sum(acc);
        }
        for (; i < n; i++) sum += a[i];
        return unchecked((int)sum);
    }

    /// <summary>Rows p0 .. p0 + n of batch b as [n, KPadded] uint8 (padding taps = the input zero point; K tail 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Im2Col(in QuantizedConvParams p, byte* input, int b, int p0, int n, byte* dst, int kPadded)
    {
        int inH = p.InputHeight, inW = p.InputWidth, inD = p.InputDepth, outW = p.OutputWidth;
        int fH = p.FilterHeight, fW = p.FilterWidth;
        int k = fH * fW * inD;
        byte padByte = (byte)(-p.InputOffset);
        for (int i = 0; i < n; i++)
        {
            int pix = p0 + i;
            int oy = pix / outW, ox = pix - oy * outW;
            int inYOrigin = oy * p.StrideHeight - p.PadHeight;
            int inXOrigin = ox * p.StrideWidth - p.PadWidth;
            byte* row = dst + (nint)i * kPadded;
            int t = 0;
            for (int fy = 0; fy < fH; fy++)
            {
                int iy = inYOrigin + p.DilationHeight * fy;
                bool rowInside = iy >= 0 && iy < inH;
                if (rowInside && p.DilationWidth == 1 && inXOrigin >= 0 && inXOrigin + fW <= inW)
                {
                    // the whole filter row is inside the image: one contiguous run of fW * inD bytes
                    new ReadOnlySpan<byte>(input + (((nint)b * inH + iy) * inW + inXOrigin) * inD, fW * inD).CopyTo(new Span<byte>(row + t, fW * inD));
                    t += fW * inD;
                    continue;
                }
                for (int fx = 0; fx < fW; fx++, t += inD)
                {
                    int ix = inXOrigin + p.DilationWidth * fx;
                    if (!rowInside || ix < 0 || ix >= inW) new Span<byte>(row + t, inD).Fill(padByte);
                    else new ReadOnlySpan<byte>(input + (((nint)b * inH + iy) * inW + ix) * inD, inD).CopyTo(new Span<byte>(row + t, inD));
                }
            }
            for (t = k; t < kPadded; t++) row[t] = 0;
        }
    }
}
