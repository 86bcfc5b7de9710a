using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using ManagedLite.Kernels.Optimized.Quantized.Gemm;
using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;
using ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>
/// A constant int8 filter of an int16x8 CONV_2D (or FULLY_CONNECTED, as a 1x1 convolution) widened once into the
/// [Blocks][K2 / 2][16][2] int16 layout of <see cref="S16Gemm"/>, with the longest run of K that its int32
/// accumulators can sum without overflow.
/// </summary>
public sealed class Int16x8PackedWeights
{
    internal Int16x8PackedWeights(int k, int blocks, int chunkPairs, AlignedArray<short> weights)
    {
        K = k;
        Blocks = blocks;
        ChunkPairs = chunkPairs;
        Weights = weights;
    }

    /// <summary>FilterHeight * FilterWidth * InputDepth.</summary>
    public int K { get; }
    /// <summary>Blocks of 16 output channels.</summary>
    public int Blocks { get; }
    /// <summary>Bytes held, for memory reports.</summary>
    public long ByteSize => Weights.ByteSize;
    internal int K2 => (K + 1) & ~1;
    /// <summary>
    /// Pairs of K per int32 accumulation: every |w| * 32768 product summed over 2 * ChunkPairs values stays below 2^31,
    /// so each partial sum is exact and their int64 total is the reference's int64 accumulator.
    /// </summary>
    internal int ChunkPairs { get; }
    internal AlignedArray<short> Weights { get; }
}

/// <summary>
/// CONV_2D with int16 activations (zero point 0) and a constant per-channel int8 filter, bit-exact with
/// <see cref="Reference.Quantized.Conv2DInt16x8"/>. Each tile of output pixels is copied into an int16 im2col (taps
/// outside the image are 0 and add nothing, like the reference's skipped taps), multiplied by the packed filter with
/// <see cref="S16Gemm"/>'s vpmaddwd microkernels in runs of K short enough for exact int32 sums, the runs added in
/// int64, then bias and the reference's requantization applied per output. FULLY_CONNECTED runs here as a 1x1
/// convolution over a [1, 1, batches, depth] image (<see cref="FullyConnectedParams"/>).
/// </summary>
public static class Conv2DInt16x8
{
    private const int TileBytes = 32 * 1024;

    /// <summary>
    /// Packs a constant filter for <c>RunPacked</c>; null where the path does not apply (grouped convolution, no AVX2).
    /// <paramref name="weightsOffset"/> is added to every filter value (the per-tensor filter offset of FULLY_CONNECTED).
    /// </summary>
    public static Int16x8PackedWeights? TryPack(in QuantizedConvParams p, ReadOnlySpan<sbyte> filter, int weightsOffset = 0)
    {
        if (!S16Gemm.IsSupported || p.EffectiveFilterInputDepth != p.InputDepth || p.OutputDepth <= 0) return null;
        if (weightsOffset < -128 || weightsOffset > 128) return null;
        int outD = p.OutputDepth;
        long kLong = (long)p.FilterHeight * p.FilterWidth * p.InputDepth;
        if (kLong <= 0 || kLong > int.MaxValue / 64 || filter.Length != kLong * outD) return null;
        int k = (int)kLong, k2 = (k + 1) & ~1, blocks = (outD + 15) / 16;
        var packed = new AlignedArray<short>(checked(blocks * k2 * 16));
        var values = new short[k];
        int maxAbs = 1;
        for (int oc = 0; oc < outD; oc++)
        {
            for (int i = 0; i < k; i++)
            {
                int w = filter[oc * k + i] + weightsOffset;
                values[i] = (short)w;
                maxAbs = Math.Max(maxAbs, Math.Abs(w));
            }
            S16Gemm.PackChannel(values, packed.Span, (oc / 16) * k2 * 16, oc % 16);
        }
        // Largest pair count whose sum of |w| * 32768 products (2 per pair) stays within int32.
        long chunkPairs = int.MaxValue / (2L * maxAbs * 32768);
        return new Int16x8PackedWeights(k, blocks, (int)Math.Max(1, Math.Min(chunkPairs, k2 / 2)), packed);
    }

    /// <summary>Rows (output pixels) per im2col tile: a multiple of 8 within <see cref="TileBytes"/>, at most the pixels rounded up.</summary>
    private static int TileRows(int k2, int pixels)
    {
        int rows = Math.Max(8, TileBytes / (2 * Math.Max(k2, 1)) / 8 * 8);
        return Math.Min(rows, (pixels + 7) / 8 * 8);
    }

    /// <summary>Scratch bytes <c>RunPacked</c> needs per thread: the int16 im2col tile and its int64 accumulators.</summary>
    public static int PackedScratchBytes(in QuantizedConvParams p)
    {
        int k2 = (int)Math.Min(int.MaxValue / 64, ((long)p.FilterHeight * p.FilterWidth * p.InputDepth + 1) & ~1L);
        int rows = TileRows(k2, Math.Max(1, p.OutputHeight * p.OutputWidth));
        return checked(rows * k2 * 2 + rows * 16 * 8);
    }

    /// <summary>
    /// Output pixels [<paramref name="pixelStart"/>, <paramref name="pixelEnd"/>) of every batch and the blocks of 16
    /// output channels [<paramref name="blockStart"/>, <paramref name="blockEnd"/>): disjoint ranges may run at once on
    /// different threads, each with its own <paramref name="scratch"/> (<see cref="PackedScratchBytes"/>); every output
    /// is computed the same way whatever the split. Exactly one of <paramref name="bias64"/> (may be empty: no bias) and
    /// <paramref name="bias32"/> is used, as <paramref name="int32Bias"/> says; either is added to the int64 sum.
    /// <paramref name="singleRounding"/>: FULLY_CONNECTED's requantization
    /// (<see cref="QuantizedMath.MultiplyByQuantizedMultiplierSingleRounding"/>) instead of CONV_2D's reduced-multiplier one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void RunPacked(in QuantizedConvParams p, Int16x8PackedWeights packed, ReadOnlySpan<short> input,
        ReadOnlySpan<long> bias64, ReadOnlySpan<int> bias32, bool int32Bias, Span<short> output, Span<byte> scratch,
        int pixelStart, int pixelEnd, int blockStart, int blockEnd, bool singleRounding = false)
    {
        QuantizedChecks.Conv(p, input.Length, int.MaxValue, int32Bias ? bias32.Length : bias64.Length, output.Length, perChannel: true);
        int outD = p.OutputDepth, k2 = packed.K2;
        if (packed.K != p.FilterHeight * p.FilterWidth * p.InputDepth || packed.Blocks != (outD + 15) / 16)
            throw new ArgumentException($"packed filter (K {packed.K}, {packed.Blocks} blocks) does not match the convolution parameters");
        int pixels = p.OutputHeight * p.OutputWidth;
        if (pixelStart < 0 || pixelEnd > pixels || pixelStart > pixelEnd)
            throw new ArgumentOutOfRangeException(nameof(pixelStart), $"pixel range [{pixelStart}, {pixelEnd}) is outside the {pixels} output pixels");
        if (blockStart < 0 || blockEnd > packed.Blocks || blockStart > blockEnd)
            throw new ArgumentOutOfRangeException(nameof(blockStart), $"channel block range [{blockStart}, {blockEnd}) is outside the {packed.Blocks} blocks");
        if (pixelStart == pixelEnd || p.Batches == 0 || blockStart == blockEnd) return;
        int tileRows = TileRows(k2, pixels);
        int needed = tileRows * k2 * 2 + tileRows * 16 * 8;
        if (scratch.Length < needed) throw new ArgumentException($"conv scratch has {scratch.Length} bytes, needs {needed}");
        int[] multipliers = p.PerChannelMultiplier!, shifts = p.PerChannelShift!;
        bool wide = Avx512F.IsSupported;
        int mr = wide ? 8 : 4, chunk = packed.ChunkPairs, pairs = k2 / 2;
        var sum = new SumEpilogue();
        fixed (short* inPtr = input)
        fixed (short* outPtr = output)
        fixed (byte* scratchPtr = scratch)
        fixed (short* wPtr = packed.Weights.Span)
        {
            short* aPtr = (short*)scratchPtr;
            long* tile = (long*)(scratchPtr + (nint)tileRows * k2 * 2);
            for (int b = 0; b < p.Batches; b++)
            {
                for (int p0 = pixelStart; p0 < pixelEnd; p0 += tileRows)
                {
                    int n = Math.Min(tileRows, pixelEnd - p0);
                    Im2Col(p, inPtr, b, p0, n, aPtr, k2);
                    for (int blk = blockStart; blk < blockEnd; blk++)
                    {
                        int cols = Math.Min(16, outD - blk * 16);
                        short* w = wPtr + (nint)blk * k2 * 16;
                        for (int r = 0; r < n; r += mr)
                        {
                            int rows = Math.Min(mr, n - r);
                            short* a = aPtr + (nint)r * k2;
                            long* t = tile + (nint)r * 16;
                            for (int c0 = 0; c0 < pairs; c0 += chunk)
                            {
                                int run = Math.Min(chunk, pairs - c0);
                                sum.First = c0 == 0;
                                if (wide) S16Gemm.Gemm8x16(run, a + 2 * (nint)c0, k2, rows, w + 32 * (nint)c0, sum, t, 16, 16);
                                else S16Gemm.Gemm4x16(run, a + 2 * (nint)c0, k2, rows, w + 32 * (nint)c0, sum, t, 16, 16);
                            }
                        }
                        short* dst = outPtr + ((nint)b * pixels + p0) * outD + blk * 16;
                        for (int r = 0; r < n; r++)
                        {
                            long* acc = tile + (nint)r * 16;
                            short* o = dst + (nint)r * outD;
                            for (int j = 0; j < cols; j++)
                            {
                                int oc = blk * 16 + j;
                                long a = acc[j] + (int32Bias ? bias32[oc] : bias64.IsEmpty ? 0 : bias64[oc]);
                                long v = singleRounding
                                    ? QuantizedMath.MultiplyByQuantizedMultiplierSingleRounding(a, multipliers[oc], shifts[oc])
                                    : QuantizedMath.MultiplyByQuantizedMultiplier(a, multipliers[oc], shifts[oc]);
                                v = Math.Min(Math.Max(v, p.ActivationMin), p.ActivationMax);
                                o[j] = (short)v;
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// FULLY_CONNECTED [batches, depth] x [units, depth] as the 1x1 convolution this kernel runs: one row of
    /// <paramref name="batches"/> pixels; per-tensor quantization repeats the multiplier per unit.
    /// </summary>
    public static QuantizedConvParams FullyConnectedParams(in QuantizedFullyConnectedParams fc, bool perChannel)
    {
        int units = fc.OutputDepth;
        int[] multipliers = perChannel ? fc.PerChannelMultiplier! : Enumerable.Repeat(fc.OutputMultiplier, units).ToArray();
        int[] shifts = perChannel ? fc.PerChannelShift! : Enumerable.Repeat(fc.OutputShift, units).ToArray();
        return new QuantizedConvParams
        {
            Batches = 1, InputHeight = 1, InputWidth = fc.Batches, InputDepth = fc.AccumDepth, FilterHeight = 1, FilterWidth = 1,
            OutputHeight = 1, OutputWidth = fc.Batches, OutputDepth = units, StrideHeight = 1, StrideWidth = 1, DilationHeight = 1, DilationWidth = 1,
            PerChannelMultiplier = multipliers, PerChannelShift = shifts, ActivationMin = fc.ActivationMin, ActivationMax = fc.ActivationMax,
        };
    }

    /// <summary>Adds (or, for the first run of K, stores) the int32 accumulators into the int64 tile (row stride 16).</summary>
    private unsafe struct SumEpilogue : IGemmEpilogue
    {
        public bool First;

        public readonly void StoreRows(int* acc, int rows, void* dst, nint dstStride, int cols)
        {
            long* t = (long*)dst;
            if (First)
                for (int i = 0; i < rows * 16; i++) t[i] = acc[i];
            else
                for (int i = 0; i < rows * 16; i++) t[i] += acc[i];
        }
    }

    /// <summary>Rows p0 .. p0 + n of batch b as [n, K2] int16 patches; taps outside the image and the K tail are 0.</summary>
    private static unsafe void Im2Col(in QuantizedConvParams p, short* input, int b, int p0, int n, short* dst, int k2)
    {
        int inH = p.InputHeight, inW = p.InputWidth, inD = p.InputDepth, outW = p.OutputWidth;
        int fH = p.FilterHeight, fW = p.FilterWidth;
        int k = fH * fW * inD;
        int oy = p0 / outW, ox = p0 - oy * outW - 1;
        for (int i = 0; i < n; i++)
        {
            if (++ox == outW) { ox = 0; oy++; }
            int inYOrigin = oy * p.StrideHeight - p.PadHeight;
            int inXOrigin = ox * p.StrideWidth - p.PadWidth;
            short* row = dst + (nint)i * k2;
            int t = 0;
            for (int fy = 0; fy < fH; fy++)
            {
                int iy = inYOrigin + p.DilationHeight * fy;
                bool rowInside = iy >= 0 && iy < inH;
                if (rowInside && p.DilationWidth == 1 && inXOrigin >= 0 && inXOrigin + fW <= inW)
                {
                    new ReadOnlySpan<short>(input + (((nint)b * inH + iy) * inW + inXOrigin) * inD, fW * inD).CopyTo(new Span<short>(row + t, fW * inD));
                    t += fW * inD;
                    continue;
                }
                for (int fx = 0; fx < fW; fx++, t += inD)
                {
                    int ix = inXOrigin + p.DilationWidth * fx;
                    if (!rowInside || ix < 0 || ix >= inW) new Span<short>(row + t, inD).Clear();
                    else new ReadOnlySpan<short>(input + (((nint)b * inH + iy) * inW + ix) * inD, inD).CopyTo(new Span<short>(row + t, inD));
                }
            }
            for (t = k; t < k2; t++) row[t] = 0;
        }
    }
}
