using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>
/// A constant int8 filter of an int16x8 DEPTHWISE_CONV_2D widened once to int16 in the tap-pair layout of the 8-bit
/// depthwise kernel ([Pairs][Blocks][2][16]: for each pair of taps and block of 16 channels, two vectors in the lane
/// order of vpunpcklwd / vpunpckhwd of the two taps' inputs, an odd last tap paired with zero weights), the tap offsets
/// in the padded input image, the int64 bias and requantization constants, and the longest run of tap pairs whose int32
/// sums are exact.
/// </summary>
public sealed class Int16x8DepthwisePackedWeights
{
    internal Int16x8DepthwisePackedWeights(int paddedChannels, int pairs, int chunkPairs, int paddedHeight, int paddedWidth, int[] tapOffsets,
        AlignedArray<short> weights, Int16x8Requant requant)
    {
        PaddedChannels = paddedChannels;
        Pairs = pairs;
        ChunkPairs = chunkPairs;
        PaddedHeight = paddedHeight;
        PaddedWidth = paddedWidth;
        TapOffsets = tapOffsets;
        Weights = weights;
        Requant = requant;
    }

    /// <summary>Output channels rounded up to 16: the channel stride of the padded input image.</summary>
    public int PaddedChannels { get; }
    /// <summary>Taps rounded up to 2, halved.</summary>
    public int Pairs { get; }
    /// <summary>
    /// Tap pairs per int32 accumulation: a vpmaddwd lane adds two products of at most 32768 * max|w| each, so
    /// 2 * ChunkPairs * 32768 * max|w| &lt;= 2^31 - 1 keeps every partial sum exact (at least 255 pairs, 510 taps, for
    /// any int8 filter); longer filters add their runs in int64, which is then the reference's int64 accumulator.
    /// </summary>
    public int ChunkPairs { get; }
    public int PaddedHeight { get; }
    public int PaddedWidth { get; }
    /// <summary>Bytes held, for memory reports.</summary>
    public long ByteSize => Weights.ByteSize + 4L * TapOffsets.LongLength + Requant.ByteSize;
    /// <summary>Element offset of each tap (2 * Pairs entries) from the receptive field's origin in the padded image.</summary>
    internal int[] TapOffsets { get; }
    internal AlignedArray<short> Weights { get; }
    internal Int16x8Requant Requant { get; }
}

/// <summary>
/// DEPTHWISE_CONV_2D with int16 activations (zero point 0), a constant per-channel int8 filter and an int64 bias,
/// bit-exact with <see cref="Reference.Quantized.DepthwiseConv2DInt16x8"/>. Per batch the input is copied into an int16
/// image padded with zeros (out-of-image taps add nothing, like the reference's skipped ones), each input channel
/// repeated DepthMultiplier times and the channel stride rounded up to 16. Each output pixel's block of 16 channels is
/// then one vector of int32 sums, two taps per vpmaddwd, in runs of <see cref="Int16x8DepthwisePackedWeights.ChunkPairs"/>
/// pairs widened and added in int64; bias and the reference's int64 requantization follow in registers on AVX-512
/// (<see cref="Int16x8Requant.Requantize16"/>), per channel in scalar code on AVX2. No allocation.
/// </summary>
public static class DepthwiseConv2DInt16x8
{
    /// <summary>Whether this kernel can run on this machine (AVX2).</summary>
    public static bool IsSupported => Avx2.IsSupported;

    /// <summary>Packs a constant filter and bias (may be empty); null where the kernel does not apply.</summary>
    public static Int16x8DepthwisePackedWeights? TryPack(in QuantizedConvParams p, ReadOnlySpan<sbyte> filter, ReadOnlySpan<long> bias)
    {
        if (!Avx2.IsSupported || p.PerChannelMultiplier is null || p.PerChannelShift is null) return null;
        QuantizedChecks.Conv(p, int.MaxValue, filter.Length, bias.Length, int.MaxValue, perChannel: true, depthwise: true);
        if (p.OutputDepth <= 0 || p.FilterHeight <= 0 || p.FilterWidth <= 0 || p.OutputHeight <= 0 || p.OutputWidth <= 0) return null;
        int outD = p.OutputDepth;
        for (int c = 0; c < outD; c++)
            if (p.PerChannelShift[c] < -48 || p.PerChannelShift[c] > 14) return null;
        int cp = (outD + 15) & ~15, blocks = cp / 16;
        int taps = p.FilterHeight * p.FilterWidth, pairs = (taps + 1) / 2;
        long hp = (long)(p.OutputHeight - 1) * p.StrideHeight + (long)(p.FilterHeight - 1) * p.DilationHeight + 1;
        long wp = (long)(p.OutputWidth - 1) * p.StrideWidth + (long)(p.FilterWidth - 1) * p.DilationWidth + 1;
        if (hp * wp * cp > int.MaxValue / 2 || (long)pairs * blocks * 32 > int.MaxValue) return null;
        var offsets = new int[2 * pairs];
        for (int t = 0; t < 2 * pairs; t++)
        {
            int tap = Math.Min(t, taps - 1); // the odd last slot reads a real tap; its weights are 0
            int fy = tap / p.FilterWidth, fx = tap % p.FilterWidth;
            offsets[t] = (int)((fy * p.DilationHeight * wp + fx * p.DilationWidth) * cp);
        }
        var packed = new AlignedArray<short>(pairs * blocks * 32);
        var weights = packed.Span;
        int maxAbs = 1;
        for (int pr = 0; pr < pairs; pr++)
        for (int cb = 0; cb < blocks; cb++)
        for (int h = 0; h < 2; h++)
        for (int lane = 0; lane < 2; lane++)
        for (int j = 0; j < 4; j++)
        for (int e = 0; e < 2; e++)
        {
            int channel = cb * 16 + lane * 8 + h * 4 + j;
            int tap = 2 * pr + e;
            int w = tap < taps && channel < outD ? filter[tap * outD + channel] : 0;
            maxAbs = Math.Max(maxAbs, Math.Abs(w));
            weights[((pr * blocks + cb) * 2 + h) * 16 + lane * 8 + j * 2 + e] = (short)w;
        }
        int chunk = (int)Math.Max(1, Math.Min(pairs, int.MaxValue / (2L * maxAbs * 32768)));
        var requant = new Int16x8Requant(outD, p.PerChannelMultiplier, p.PerChannelShift, bias, p.ActivationMin, p.ActivationMax);
        return new Int16x8DepthwisePackedWeights(cp, pairs, chunk, (int)hp, (int)wp, offsets, packed, requant);
    }

    /// <summary>Scratch bytes the kernel needs: the padded, depth-expanded int16 image of one batch.</summary>
    public static int ScratchBytes(Int16x8DepthwisePackedWeights packed) =>
        checked(packed.PaddedHeight * packed.PaddedWidth * packed.PaddedChannels * sizeof(short));

    /// <summary>Every batch: <see cref="FillRows"/> then <see cref="Rows"/> over all output rows.</summary>
    public static void Run(in QuantizedConvParams p, Int16x8DepthwisePackedWeights packed, ReadOnlySpan<short> input, Span<short> output, Span<byte> scratch)
    {
        for (int b = 0; b < p.Batches; b++)
        {
            FillRows(p, packed, input, b, scratch, 0, p.OutputHeight);
            Rows(p, packed, scratch, output, b, 0, p.OutputHeight);
        }
    }

    private static void Check(in QuantizedConvParams p, Int16x8DepthwisePackedWeights packed, int scratchLength)
    {
        if (packed.PaddedChannels != ((p.OutputDepth + 15) & ~15) || packed.Pairs != (p.FilterHeight * p.FilterWidth + 1) / 2 ||
            packed.Requant.Channels != p.OutputDepth)
            throw new ArgumentException("packed int16x8 depthwise filter does not match the convolution parameters");
        if (scratchLength < ScratchBytes(packed)) throw new ArgumentException($"depthwise scratch has {scratchLength} bytes, needs {ScratchBytes(packed)}");
    }

    /// <summary>Padded image rows [start, end) that output rows [rowStart, rowEnd) read.</summary>
    private static (int Start, int End) PaddedRowsFor(in QuantizedConvParams p, Int16x8DepthwisePackedWeights packed, int rowStart, int rowEnd)
    {
        if (rowStart < 0 || rowEnd > p.OutputHeight || rowStart > rowEnd)
            throw new ArgumentOutOfRangeException(nameof(rowStart), $"rows [{rowStart}, {rowEnd}) are outside the {p.OutputHeight} output rows");
        if (rowStart == rowEnd) return (0, 0);
        long start = (long)rowStart * p.StrideHeight, end = (long)(rowEnd - 1) * p.StrideHeight + (long)(p.FilterHeight - 1) * p.DilationHeight + 1;
        return ((int)Math.Min(start, packed.PaddedHeight), (int)Math.Min(end, packed.PaddedHeight));
    }

    /// <summary>
    /// Writes the padded image rows that output rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>) of batch
    /// <paramref name="b"/> read: threads splitting the rows each fill their share and compute it with no barrier between
    /// (neighbouring shares overlap by the filter's reach and write the same values there).
    /// </summary>
    public static unsafe void FillRows(in QuantizedConvParams p, Int16x8DepthwisePackedWeights packed, ReadOnlySpan<short> input, int b, Span<byte> scratch,
        int rowStart, int rowEnd)
    {
        QuantizedChecks.Conv(p, input.Length, int.MaxValue, 0, int.MaxValue, perChannel: true, depthwise: true);
        Check(p, packed, scratch.Length);
        if (b < 0 || b >= p.Batches) throw new ArgumentOutOfRangeException(nameof(b), $"batch {b} is outside the {p.Batches} batches");
        var (padStart, padEnd) = PaddedRowsFor(p, packed, rowStart, rowEnd);
        int inH = p.InputHeight, inW = p.InputWidth, inD = p.InputDepth, dm = p.DepthMultiplier;
        int wp = packed.PaddedWidth, cp = packed.PaddedChannels;
        int xStart = Math.Clamp(p.PadWidth, 0, wp), xEnd = Math.Clamp(p.PadWidth + inW, xStart, wp);
        fixed (short* inPtr = input)
        fixed (byte* scratchPtr = scratch)
        {
            short* src = inPtr + (nint)b * inH * inW * inD;
            short* dst = (short*)scratchPtr;
            for (int py = padStart; py < padEnd; py++)
            {
                short* row = dst + (nint)py * wp * cp;
                int iy = py - p.PadHeight;
                if (iy < 0 || iy >= inH)
                {
                    new Span<short>(row, wp * cp).Clear();
                    continue;
                }
                new Span<short>(row, xStart * cp).Clear();
                new Span<short>(row + (nint)xEnd * cp, (wp - xEnd) * cp).Clear();
                short* srcRow = src + ((nint)iy * inW + (xStart - p.PadWidth)) * inD;
                int count = xEnd - xStart;
                if (dm == 1 && cp == inD)
                {
                    new ReadOnlySpan<short>(srcRow, count * inD).CopyTo(new Span<short>(row + (nint)xStart * cp, count * cp));
                    continue;
                }
                for (int i = 0; i < count; i++)
                {
                    short* s = srcRow + (nint)i * inD;
                    short* d = row + (nint)(xStart + i) * cp;
                    if (dm == 1) new ReadOnlySpan<short>(s, inD).CopyTo(new Span<short>(d, inD));
                    else
                        for (int ic = 0; ic < inD; ic++)
                        {
                            short v = s[ic];
                            short* o = d + (nint)ic * dm;
                            for (int m = 0; m < dm; m++) o[m] = v;
                        }
                    new Span<short>(d + (nint)inD * dm, cp - inD * dm).Clear();
                }
            }
        }
    }

    /// <summary>Output rows [rowStart, rowEnd) of batch b from the image <see cref="FillRows"/> wrote; disjoint ranges may run at once.</summary>
    public static void Rows(in QuantizedConvParams p, Int16x8DepthwisePackedWeights packed, ReadOnlySpan<byte> scratch, Span<short> output, int b, int rowStart, int rowEnd) =>
        RowsCore(p, packed, scratch, output, b, rowStart, rowEnd, Int16x8Requant.VectorSupported);

    /// <summary>Test hook: <paramref name="wide"/> false runs the AVX2 path with the scalar output stage.</summary>
    internal static unsafe void RowsCore(in QuantizedConvParams p, Int16x8DepthwisePackedWeights packed, ReadOnlySpan<byte> scratch, Span<short> output, int b,
        int rowStart, int rowEnd, bool wide)
    {
        Check(p, packed, scratch.Length);
        long outSize = (long)p.Batches * p.OutputHeight * p.OutputWidth * p.OutputDepth;
        if (output.Length < outSize) throw new ArgumentOutOfRangeException(nameof(output), $"output has {output.Length} elements, expected {outSize}");
        if (b < 0 || b >= p.Batches || rowStart < 0 || rowEnd > p.OutputHeight || rowStart > rowEnd)
            throw new ArgumentOutOfRangeException(nameof(rowStart), $"rows [{rowStart}, {rowEnd}) of batch {b} are outside the output");
        fixed (byte* padPtr = scratch)
        fixed (short* outPtr = output)
        fixed (short* wPtr = packed.Weights.Span)
        fixed (int* tapPtr = packed.TapOffsets)
        {
            if (wide && Int16x8Requant.VectorSupported) Rows512(p, packed, (short*)padPtr, outPtr, wPtr, tapPtr, b, rowStart, rowEnd);
            else Rows256(p, packed, (short*)padPtr, outPtr, wPtr, tapPtr, b, rowStart, rowEnd);
        }
    }

    /// <summary>The 16 channels at two taps, interleaved per 128-bit lane as vpunpcklwd | vpunpckhwd (the packed weights' order).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector512<short> Interleave(short* tap0, short* tap1)
    {
        Vector256<short> x0 = Vector256.Load(tap0), x1 = Vector256.Load(tap1);
        return Vector512.Create(Avx2.UnpackLow(x0, x1), Avx2.UnpackHigh(x0, x1));
    }

    /// <summary>
    /// Int32 lanes in the interleaved order (channels 0-3, 8-11, 4-7, 12-15) back in channel order, widened into the
    /// int64 sums of channels 0-7 and 8-15.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddWide(Vector512<int> a, Vector512<int> order, ref Vector512<long> lo, ref Vector512<long> hi)
    {
        Vector512<int> v = Avx512F.PermuteVar16x32(a, order);
        lo += Avx512F.ConvertToVector512Int64(v.GetLower());
        hi += Avx512F.ConvertToVector512Int64(v.GetUpper());
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Rows512(in QuantizedConvParams p, Int16x8DepthwisePackedWeights packed, short* pad, short* outPtr, short* wPtr, int* tapPtr,
        int b, int rowStart, int rowEnd)
    {
        int outH = p.OutputHeight, outW = p.OutputWidth, outD = p.OutputDepth, cp = packed.PaddedChannels, blocks = cp / 16;
        int wp = packed.PaddedWidth, pairs = packed.Pairs, chunk = packed.ChunkPairs;
        nint step = (nint)p.StrideWidth * cp, wStride = (nint)blocks * 32;
        Vector512<int> order = Vector512.Create(0, 1, 2, 3, 8, 9, 10, 11, 4, 5, 6, 7, 12, 13, 14, 15);
        var rq = packed.Requant;
        for (int cb = 0; cb < blocks; cb++)
        {
            var k = new Int16x8Requant.Block(rq, cb * 16);
            int cols = Math.Min(16, outD - cb * 16);
            short* wBlock = wPtr + cb * 32;
            for (int oy = rowStart; oy < rowEnd; oy++)
            {
                short* origin = pad + (nint)oy * p.StrideHeight * wp * cp + cb * 16;
                short* dst = outPtr + ((nint)b * outH + oy) * outW * outD + cb * 16;
                int ox = 0;
                for (; ox + 4 <= outW; ox += 4, origin += 4 * step, dst += 4 * outD)
                {
                    Vector512<long> l0 = default, h0 = default, l1 = default, h1 = default, l2 = default, h2 = default, l3 = default, h3 = default;
                    for (int c0 = 0; c0 < pairs; c0 += chunk)
                    {
                        int end = Math.Min(pairs, c0 + chunk);
                        Vector512<int> a0 = default, a1 = default, a2 = default, a3 = default;
                        short* w = wBlock + c0 * wStride;
                        for (int pr = c0; pr < end; pr++, w += wStride)
                        {
                            Vector512<short> wv = Vector512.Load(w);
                            nint t0 = tapPtr[2 * pr], t1 = tapPtr[2 * pr + 1];
                            a0 += Avx512BW.MultiplyAddAdjacent(Interleave(origin + t0, origin + t1), wv);
                            a1 += Avx512BW.MultiplyAddAdjacent(Interleave(origin + step + t0, origin + step + t1), wv);
                            a2 += Avx512BW.MultiplyAddAdjacent(Interleave(origin + 2 * step + t0, origin + 2 * step + t1), wv);
                            a3 += Avx512BW.MultiplyAddAdjacent(Interleave(origin + 3 * step + t0, origin + 3 * step + t1), wv);
                        }
                        AddWide(a0, order, ref l0, ref h0);
                        AddWide(a1, order, ref l1, ref h1);
                        AddWide(a2, order, ref l2, ref h2);
                        AddWide(a3, order, ref l3, ref h3);
                    }
                    Int16x8Requant.Store(Int16x8Requant.Requantize16(l0, h0, k), dst, cols);
                    Int16x8Requant.Store(Int16x8Requant.Requantize16(l1, h1, k), dst + outD, cols);
                    Int16x8Requant.Store(Int16x8Requant.Requantize16(l2, h2, k), dst + 2 * outD, cols);
                    Int16x8Requant.Store(Int16x8Requant.Requantize16(l3, h3, k), dst + 3 * outD, cols);
                }
                for (; ox < outW; ox++, origin += step, dst += outD)
                {
                    Vector512<long> l0 = default, h0 = default;
                    for (int c0 = 0; c0 < pairs; c0 += chunk)
                    {
                        int end = Math.Min(pairs, c0 + chunk);
                        Vector512<int> a0 = default;
                        short* w = wBlock + c0 * wStride;
                        for (int pr = c0; pr < end; pr++, w += wStride)
                            a0 += Avx512BW.MultiplyAddAdjacent(Interleave(origin + tapPtr[2 * pr], origin + tapPtr[2 * pr + 1]), Vector512.Load(w));
                        AddWide(a0, order, ref l0, ref h0);
                    }
                    Int16x8Requant.Store(Int16x8Requant.Requantize16(l0, h0, k), dst, cols);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization), SkipLocalsInit]
    private static unsafe void Rows256(in QuantizedConvParams p, Int16x8DepthwisePackedWeights packed, short* pad, short* outPtr, short* wPtr, int* tapPtr,
        int b, int rowStart, int rowEnd)
    {
        int outH = p.OutputHeight, outW = p.OutputWidth, outD = p.OutputDepth, cp = packed.PaddedChannels, blocks = cp / 16;
        int wp = packed.PaddedWidth, pairs = packed.Pairs, chunk = packed.ChunkPairs;
        nint step = (nint)p.StrideWidth * cp, wStride = (nint)blocks * 32;
        var rq = packed.Requant;
        int* acc = stackalloc int[16];
        long* sums = stackalloc long[16];
        for (int oy = rowStart; oy < rowEnd; oy++)
        {
            short* rowOrigin = pad + (nint)oy * p.StrideHeight * wp * cp;
            short* outRow = outPtr + ((nint)b * outH + oy) * outW * outD;
            for (int cb = 0; cb < blocks; cb++)
            {
                int cols = Math.Min(16, outD - cb * 16);
                for (int ox = 0; ox < outW; ox++)
                {
                    short* origin = rowOrigin + ox * step + cb * 16;
                    for (int j = 0; j < 16; j++) sums[j] = 0;
                    for (int c0 = 0; c0 < pairs; c0 += chunk)
                    {
                        int end = Math.Min(pairs, c0 + chunk);
                        Vector256<int> accLo = default, accHi = default;
                        short* w = wPtr + cb * 32 + c0 * wStride;
                        for (int pr = c0; pr < end; pr++, w += wStride)
                        {
                            Vector256<short> x0 = Vector256.Load(origin + tapPtr[2 * pr]);
                            Vector256<short> x1 = Vector256.Load(origin + tapPtr[2 * pr + 1]);
                            accLo += Avx2.MultiplyAddAdjacent(Avx2.UnpackLow(x0, x1), Vector256.Load(w));
                            accHi += Avx2.MultiplyAddAdjacent(Avx2.UnpackHigh(x0, x1), Vector256.Load(w + 16));
                        }
                        // accLo holds channels 0-3 | 8-11, accHi 4-7 | 12-15
                        Avx2.Permute2x128(accLo, accHi, 0x20).Store(acc);
                        Avx2.Permute2x128(accLo, accHi, 0x31).Store(acc + 8);
                        for (int j = 0; j < 16; j++) sums[j] += acc[j];
                    }
                    short* dst = outRow + (nint)ox * outD + cb * 16;
                    for (int j = 0; j < cols; j++) dst[j] = rq.Scalar(sums[j], cb * 16 + j);
                }
            }
        }
    }
}
