using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ManagedLite.Kernels.Optimized.Quantized.Gemm;
using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>
/// A constant int8 DEPTHWISE_CONV_2D filter packed for <see cref="DepthwiseConv2DInt8.RunPacked"/>: taps are taken in
/// pairs, and for each pair and block of 16 output channels the two int16 weight vectors match the lane order of
/// vpunpcklwd / vpunpckhwd of the two taps' widened inputs, so one vpmaddwd adds both taps of 8 channels.
/// Layout: [Pairs][Blocks][2][16] int16 (an odd last tap pairs with zero weights).
/// </summary>
public sealed class Int8DepthwisePackedWeights
{
    internal Int8DepthwisePackedWeights(int paddedChannels, int pairs, int paddedHeight, int paddedWidth, int[] tapOffsets, AlignedArray<short> weights, Int8RequantTable? requant,
        DepthwiseInt8PairLayout? pairLayout = null)
    {
        PairLayout = pairLayout;
        PaddedChannels = paddedChannels;
        Pairs = pairs;
        PaddedHeight = paddedHeight;
        PaddedWidth = paddedWidth;
        TapOffsets = tapOffsets;
        Weights = weights;
        Requant = requant;
    }

    /// <summary>Output channels rounded up to 16: the channel stride of the padded input scratch.</summary>
    public int PaddedChannels { get; }
    public int Pairs { get; }
    /// <summary>Bytes held (packed weights, tap offsets, requantization table), for memory reports.</summary>
    public long ByteSize => Weights.ByteSize + 4L * TapOffsets.LongLength + (Requant?.ByteSize ?? 0) + (PairLayout?.ByteSize ?? 0);
    /// <summary>Rows of the zero-point-padded input scratch.</summary>
    public int PaddedHeight { get; }
    /// <summary>Columns of the zero-point-padded input scratch.</summary>
    public int PaddedWidth { get; }
    /// <summary>Byte offset of each tap (2 * Pairs entries) from the receptive field's origin in the padded input.</summary>
    internal int[] TapOffsets { get; }
    internal AlignedArray<short> Weights { get; }
    /// <summary>The int8 requantization; null for a dynamic-range (hybrid) filter, whose epilogue is float.</summary>
    internal Int8RequantTable? Requant { get; }
    /// <summary>
    /// The tap-pair image layout of <c>DepthwiseConv2DInt8.Pairs.cs</c> (AVX-512, depth multiplier 1); when set,
    /// <see cref="Weights"/> and <see cref="TapOffsets"/> are empty and the scratch holds the pair image.
    /// </summary>
    internal DepthwiseInt8PairLayout? PairLayout { get; }
}

public static partial class DepthwiseConv2DInt8
{
    /// <summary>
    /// Packs a constant filter (and bias) for <see cref="RunPacked"/>, any depth multiplier; null when not covered
    /// (no AVX2, input zero point outside int8, multipliers outside the exact vector range).
    /// </summary>
    public static Int8DepthwisePackedWeights? TryPack(in QuantizedConvParams p, ReadOnlySpan<sbyte> filter, ReadOnlySpan<int> bias)
    {
        if (!Avx2.IsSupported) return null;
        if (p.InputOffset < -127 || p.InputOffset > 128) return null;
        if (p.PerChannelMultiplier is null || p.PerChannelShift is null) return null;
        QuantizedChecks.Conv(p, int.MaxValue, filter.Length, bias.Length, int.MaxValue, perChannel: true, depthwise: true);
        var values = new short[filter.Length];
        for (int i = 0; i < values.Length; i++) values[i] = filter[i];
        return TryPackCore(p, values, bias, p.PerChannelMultiplier, p.PerChannelShift, PairLayoutApplies(p));
    }

    /// <summary>Test hook: packs with the tap-pair layout on or off (off runs the interleaving kernels on any AVX2 CPU).</summary>
    internal static Int8DepthwisePackedWeights? TryPackLayout(in QuantizedConvParams p, ReadOnlySpan<sbyte> filter, ReadOnlySpan<int> bias, bool pairLayout)
    {
        var values = new short[filter.Length];
        for (int i = 0; i < values.Length; i++) values[i] = filter[i];
        return TryPackCore(p, values, bias, p.PerChannelMultiplier, p.PerChannelShift, pairLayout && PairLayoutApplies(p));
    }

    /// <summary>
    /// Packs widened filter values (int8, or uint8 + WeightsOffset for the legacy path) with per-channel requantization,
    /// or, with null <paramref name="multipliers"/>, without a requantization table (the hybrid kernel's float epilogue).
    /// </summary>
    internal static Int8DepthwisePackedWeights? TryPackCore(in QuantizedConvParams p, ReadOnlySpan<short> filter, ReadOnlySpan<int> bias,
        int[]? multipliers, int[]? shifts, bool pairLayout = false)
    {
        if (p.OutputDepth <= 0 || p.FilterHeight <= 0 || p.FilterWidth <= 0) return null;
        if (p.OutputHeight <= 0 || p.OutputWidth <= 0) return null;
        int outD = p.OutputDepth;
        int cp = Int8RequantTable.Pad16(outD);
        int blocks = cp / 16;
        Int8RequantTable? table = null;
        if (multipliers is not null)
        {
            table = Int8RequantTable.TryCreate(multipliers, shifts, outD, cp);
            if (table is null) return null;
            if (!bias.IsEmpty) bias[..outD].CopyTo(table.Bias);
        }
        int taps = p.FilterHeight * p.FilterWidth;
        int pairs = (taps + 1) / 2;
        long hp = (long)(p.OutputHeight - 1) * p.StrideHeight + (long)(p.FilterHeight - 1) * p.DilationHeight + 1;
        long wp = (long)(p.OutputWidth - 1) * p.StrideWidth + (long)(p.FilterWidth - 1) * p.DilationWidth + 1;
        if (hp * wp * cp > int.MaxValue / 2) return null;
        if (pairLayout && multipliers is not null && DepthwiseInt8PairLayout.TryCreate(p, filter, cp, (int)hp, (int)wp, table) is { } pairPacked)
            return new Int8DepthwisePackedWeights(cp, pairs, (int)hp, (int)wp, [], new AlignedArray<short>(0), table, pairPacked);
        var offsets = new int[2 * pairs];
        for (int t = 0; t < 2 * pairs; t++)
        {
            int tap = Math.Min(t, taps - 1); // the odd last slot repeats a real tap (its weights are 0)
            int fy = tap / p.FilterWidth, fx = tap % p.FilterWidth;
            offsets[t] = (int)((fy * p.DilationHeight * wp + fx * p.DilationWidth) * cp);
        }
        var packed = new AlignedArray<short>(pairs * blocks * 32);
        var weights = packed.Span;
        for (int pr = 0; pr < pairs; pr++)
        for (int cb = 0; cb < blocks; cb++)
        for (int h = 0; h < 2; h++)
        for (int lane = 0; lane < 2; lane++)
        for (int j = 0; j < 4; j++)
        for (int e = 0; e < 2; e++)
        {
            int channel = cb * 16 + lane * 8 + h * 4 + j;
            int tap = 2 * pr + e;
            short w = tap < taps && channel < outD ? filter[tap * outD + channel] : (short)0;
            weights[((pr * blocks + cb) * 2 + h) * 16 + lane * 8 + j * 2 + e] = w;
        }
        return new Int8DepthwisePackedWeights(cp, pairs, (int)hp, (int)wp, offsets, packed, table);
    }

    /// <summary>Scratch bytes <see cref="RunPacked"/> needs: the padded (and depth-expanded) int16 input of one batch.</summary>
    public static int PackedScratchBytes(Int8DepthwisePackedWeights packed) =>
        packed.PairLayout?.ImageBytes ?? checked(packed.PaddedHeight * packed.PaddedWidth * packed.PaddedChannels * sizeof(short));

    /// <summary>
    /// DEPTHWISE_CONV_2D with a filter packed by <see cref="TryPack"/>; bit-exact with
    /// <see cref="Reference.Quantized.DepthwiseConv2DInt8"/>. Per batch the input is widened once into an int16 scratch
    /// image of (x + InputOffset), padded with 0 (so out-of-image taps add nothing, as the reference's skipped taps),
    /// each input channel repeated DepthMultiplier times and the channel stride padded to 16; then every output row is
    /// computed 16 channels at a time with two taps per vpmaddwd and no per-tap widening. No allocation.
    /// </summary>
    public static void RunPacked(in QuantizedConvParams p, Int8DepthwisePackedWeights packed, ReadOnlySpan<sbyte> input, Span<sbyte> output, Span<byte> scratch)
    {
        QuantizedChecks.Conv(p, input.Length, int.MaxValue, 0, output.Length, perChannel: true, depthwise: true);
        RunPackedCore<S16Gemm.SignedWiden>(p, packed, System.Runtime.InteropServices.MemoryMarshal.AsBytes(input), System.Runtime.InteropServices.MemoryMarshal.AsBytes(output), scratch);
    }

    /// <summary>
    /// <see cref="RunPacked"/> in two steps for callers that split rows across threads: <see cref="PackedWidenBatch"/>
    /// once per batch, then <see cref="PackedRows"/> over disjoint row ranges (concurrently), reading the same scratch.
    /// </summary>
    public static void PackedWidenBatch(in QuantizedConvParams p, Int8DepthwisePackedWeights packed, ReadOnlySpan<sbyte> input, int b, Span<byte> scratch)
    {
        QuantizedChecks.Conv(p, input.Length, int.MaxValue, 0, int.MaxValue, perChannel: true, depthwise: true);
        WidenBatch<S16Gemm.SignedWiden>(p, packed, System.Runtime.InteropServices.MemoryMarshal.AsBytes(input), b, scratch);
    }

    /// <summary>
    /// Widens only the padded input rows that output rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>) read
    /// (see <see cref="PaddedRowsFor"/>): threads that split the output rows each widen their own share and then run
    /// <see cref="PackedRows"/> on it, with no barrier between. Ranges of neighbouring tasks overlap by the filter's
    /// reach, and both write the same values there.
    /// </summary>
    public static void PackedWidenRows(in QuantizedConvParams p, Int8DepthwisePackedWeights packed, ReadOnlySpan<sbyte> input, int b, Span<byte> scratch, int rowStart, int rowEnd)
    {
        QuantizedChecks.Conv(p, input.Length, int.MaxValue, 0, int.MaxValue, perChannel: true, depthwise: true);
        WidenBatch<S16Gemm.SignedWiden>(p, packed, System.Runtime.InteropServices.MemoryMarshal.AsBytes(input), b, scratch, rowStart, rowEnd);
    }

    /// <summary>Padded input rows [start, end) that output rows [rowStart, rowEnd) read.</summary>
    internal static (int Start, int End) PaddedRowsFor(in QuantizedConvParams p, Int8DepthwisePackedWeights packed, int rowStart, int rowEnd)
    {
        if (rowStart < 0 || rowEnd > p.OutputHeight || rowStart > rowEnd)
            throw new ArgumentOutOfRangeException(nameof(rowStart), $"rows [{rowStart}, {rowEnd}) are outside the {p.OutputHeight} output rows");
        if (rowStart == rowEnd) return (0, 0);
        long start = (long)rowStart * p.StrideHeight, end = (long)(rowEnd - 1) * p.StrideHeight + (long)(p.FilterHeight - 1) * p.DilationHeight + 1;
        return ((int)Math.Min(start, packed.PaddedHeight), (int)Math.Min(end, packed.PaddedHeight));
    }

    /// <summary>Rows [rowStart, rowEnd) of batch b after <see cref="PackedWidenBatch"/>; bit-exact with the reference.</summary>
    public static void PackedRows(in QuantizedConvParams p, Int8DepthwisePackedWeights packed, ReadOnlySpan<byte> scratch, Span<sbyte> output, int b, int rowStart, int rowEnd) =>
        RunRows(p, packed, scratch, System.Runtime.InteropServices.MemoryMarshal.AsBytes(output), b, rowStart, rowEnd);

    /// <summary>Output pixels whose accumulators are requantized together (<see cref="QU8QS8Gemm.Epilogue.StoreRows"/>).</summary>
    private const int RowChunk = 32;

    /// <summary>The vector loop over raw bytes; the caller has validated the parameters and buffer sizes.</summary>
    internal static void RunPackedCore<TLoad>(in QuantizedConvParams p, Int8DepthwisePackedWeights packed, ReadOnlySpan<byte> input, Span<byte> output, Span<byte> scratch)
        where TLoad : struct, S16Gemm.IWiden
    {
        for (int b = 0; b < p.Batches; b++)
        {
            WidenBatch<TLoad>(p, packed, input, b, scratch);
            RunRows(p, packed, scratch, output, b, 0, p.OutputHeight);
        }
    }

    /// <summary>
    /// First half of a batch: widens batch <paramref name="b"/> of the input into the padded int16 image in
    /// <paramref name="scratch"/> (see <see cref="RunPacked"/>). <see cref="RunRows"/> then reads it, from any number of
    /// threads at once.
    /// </summary>
    internal static unsafe void WidenBatch<TLoad>(in QuantizedConvParams p, Int8DepthwisePackedWeights packed, ReadOnlySpan<byte> input, int b, Span<byte> scratch)
        where TLoad : struct, S16Gemm.IWiden => WidenBatch<TLoad>(p, packed, input, b, scratch, 0, p.OutputHeight);

    /// <summary><see cref="WidenBatch{TLoad}(in QuantizedConvParams, Int8DepthwisePackedWeights, ReadOnlySpan{byte}, int, Span{byte})"/> for the padded rows output rows [rowStart, rowEnd) read.</summary>
    internal static unsafe void WidenBatch<TLoad>(in QuantizedConvParams p, Int8DepthwisePackedWeights packed, ReadOnlySpan<byte> input, int b, Span<byte> scratch,
        int rowStart, int rowEnd)
        where TLoad : struct, S16Gemm.IWiden
    {
        var (padStart, padEnd) = rowStart == 0 && rowEnd == p.OutputHeight ? (0, packed.PaddedHeight) : PaddedRowsFor(p, packed, rowStart, rowEnd);
        if (packed.PaddedChannels != Int8RequantTable.Pad16(p.OutputDepth) || packed.Pairs != (p.FilterHeight * p.FilterWidth + 1) / 2)
            throw new ArgumentException("packed depthwise filter does not match the convolution parameters");
        if (scratch.Length < PackedScratchBytes(packed)) throw new ArgumentException($"depthwise scratch has {scratch.Length} bytes, needs {PackedScratchBytes(packed)}");
        long batchBytes = (long)p.InputHeight * p.InputWidth * p.InputDepth;
        if (b < 0 || b >= p.Batches || (b + 1) * batchBytes > input.Length) throw new ArgumentOutOfRangeException(nameof(b), $"batch {b} is outside the input");
        fixed (byte* inBytes = input)
        fixed (byte* padPtr = scratch)
        {
            if (packed.PairLayout is { } pairs) FillPairs<TLoad>(p, packed, pairs, inBytes + b * batchBytes, (int*)padPtr, padStart, padEnd);
            else FillPadded<TLoad>(p, packed, inBytes + b * batchBytes, (short*)padPtr, padStart, padEnd);
        }
    }

    /// <summary>
    /// Output rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>) of batch <paramref name="b"/> from the padded
    /// image WidenBatch wrote; disjoint row ranges may run on different threads.
    /// </summary>
    internal static unsafe void RunRows(in QuantizedConvParams p, Int8DepthwisePackedWeights packed, ReadOnlySpan<byte> scratch, Span<byte> output, int b, int rowStart, int rowEnd)
    {
        if ((long)p.Batches * p.OutputHeight * p.OutputWidth * p.OutputDepth > output.Length)
            throw new ArgumentOutOfRangeException(nameof(output), $"output has {output.Length} elements, expected {(long)p.Batches * p.OutputHeight * p.OutputWidth * p.OutputDepth}");
        if (packed.Requant is null) throw new ArgumentException("the depthwise filter was packed without a requantization table (hybrid)");
        if (packed.PairLayout is { } pairs)
        {
            RunRowsPairs(p, packed, pairs, scratch, output, b, rowStart, rowEnd);
            return;
        }
        if (S16Gemm512.IsSupported)
        {
            RunRows512(p, packed, scratch, output, b, rowStart, rowEnd);
            return;
        }
        fixed (byte* outPtr = output)
            RunRowsCore<sbyte, QU8QS8Gemm.Epilogue, Int8Epilogues>(p, packed, scratch, (sbyte*)outPtr, new Int8Epilogues(packed.Requant, p.OutputOffset, p.ActivationMin, p.ActivationMax), b, rowStart, rowEnd);
    }

    /// <summary>The epilogue of each block of 16 output channels.</summary>
    internal interface IBlockEpilogues<TEpilogue> where TEpilogue : struct, IGemmEpilogue
    {
        TEpilogue ForBlock(int firstChannel);
    }

    /// <summary>int8 requantization with the packed table.</summary>
    private readonly struct Int8Epilogues(Int8RequantTable table, int outputOffset, int min, int max) : IBlockEpilogues<QU8QS8Gemm.Epilogue>
    {
        public QU8QS8Gemm.Epilogue ForBlock(int firstChannel) => new(table, firstChannel, outputOffset, min, max);
    }

    /// <summary>
    /// The row loop behind <see cref="RunRows"/>, generic over the output element and the epilogue so the dynamic-range
    /// kernel reuses it with a float epilogue. <paramref name="output"/>: [Batches, OutputHeight, OutputWidth, OutputDepth]
    /// with room for every batch (checked by the caller).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization), SkipLocalsInit]
    internal static unsafe void RunRowsCore<TOut, TEpilogue, TEpilogues>(in QuantizedConvParams p, Int8DepthwisePackedWeights packed, ReadOnlySpan<byte> scratch,
        TOut* output, in TEpilogues epilogues, int b, int rowStart, int rowEnd)
        where TOut : unmanaged
        where TEpilogue : struct, IGemmEpilogue
        where TEpilogues : struct, IBlockEpilogues<TEpilogue>, allows ref struct
    {
        int outH = p.OutputHeight, outW = p.OutputWidth, outD = p.OutputDepth, cp = packed.PaddedChannels, blocks = cp / 16;
        int wpad = packed.PaddedWidth, pairs = packed.Pairs;
        if (scratch.Length < PackedScratchBytes(packed)) throw new ArgumentException($"depthwise scratch has {scratch.Length} bytes, needs {PackedScratchBytes(packed)}");
        if (b < 0 || b >= p.Batches || rowStart < 0 || rowEnd > outH || rowStart > rowEnd)
            throw new ArgumentOutOfRangeException(nameof(rowStart), $"rows [{rowStart}, {rowEnd}) of batch {b} are outside the output");
        int* accRow = stackalloc int[RowChunk * 16];
        fixed (byte* padPtr = scratch)
        fixed (short* wPtr = packed.Weights.Span)
        fixed (int* tapPtr = packed.TapOffsets)
        {
            short* pad = (short*)padPtr;
            for (int oy = rowStart; oy < rowEnd; oy++)
            {
                short* rowOrigin = pad + (nint)oy * p.StrideHeight * wpad * cp;
                TOut* outRow = output + ((nint)b * outH + oy) * outW * outD;
                for (int cb = 0; cb < blocks; cb++)
                {
                    TEpilogue e = epilogues.ForBlock(cb * 16);
                    int cols = Math.Min(16, outD - cb * 16);
                    short* wBlock = wPtr + cb * 32;
                    for (int ox = 0; ox < outW; ox++)
                    {
                        int slot = ox % RowChunk;
                        short* origin = rowOrigin + (nint)ox * p.StrideWidth * cp + cb * 16;
                        Vector256<int> accLo = Vector256<int>.Zero, accHi = Vector256<int>.Zero;
                        short* w = wBlock;
                        for (int pr = 0; pr < pairs; pr++)
                        {
                            Vector256<short> x0 = Vector256.Load(origin + tapPtr[2 * pr]);
                            Vector256<short> x1 = Vector256.Load(origin + tapPtr[2 * pr + 1]);
                            accLo += Avx2.MultiplyAddAdjacent(Avx2.UnpackLow(x0, x1), Vector256.Load(w));
                            accHi += Avx2.MultiplyAddAdjacent(Avx2.UnpackHigh(x0, x1), Vector256.Load(w + 16));
                            w += blocks * 32;
                        }
                        // accLo holds channels 0-3 | 8-11, accHi 4-7 | 12-15
                        Avx2.Permute2x128(accLo, accHi, 0x20).Store(accRow + slot * 16);
                        Avx2.Permute2x128(accLo, accHi, 0x31).Store(accRow + slot * 16 + 8);
                        if (slot == RowChunk - 1 || ox == outW - 1)
                        {
                            int first = ox - slot;
                            e.StoreRows(accRow, slot + 1, outRow + (nint)first * outD + cb * 16, outD, cols);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// <see cref="RunRows"/> on AVX-512: a block of 16 channels of one output pixel is one zmm accumulator (the two taps
    /// of a pair interleaved per 128-bit lane, exactly the packed weights' order), four pixels share each weight load, and
    /// each pixel is requantized in registers (<see cref="S16Gemm512.Requantize"/> with the constants in the same lane
    /// order), narrowed and put back in channel order with one byte shuffle. Same integer arithmetic, same bytes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunRows512(in QuantizedConvParams p, Int8DepthwisePackedWeights packed, ReadOnlySpan<byte> scratch, Span<byte> output, int b, int rowStart, int rowEnd)
    {
        int outH = p.OutputHeight, outW = p.OutputWidth, outD = p.OutputDepth, cp = packed.PaddedChannels, blocks = cp / 16;
        int wpad = packed.PaddedWidth, pairs = packed.Pairs;
        if (scratch.Length < PackedScratchBytes(packed)) throw new ArgumentException($"depthwise scratch has {scratch.Length} bytes, needs {PackedScratchBytes(packed)}");
        if (b < 0 || b >= p.Batches || rowStart < 0 || rowEnd > outH || rowStart > rowEnd)
            throw new ArgumentOutOfRangeException(nameof(rowStart), $"rows [{rowStart}, {rowEnd}) of batch {b} are outside the output");
        nint step = (nint)p.StrideWidth * cp, wStride = (nint)blocks * 32;
        Vector128<byte> order = Vector128.Create((byte)0, 1, 2, 3, 8, 9, 10, 11, 4, 5, 6, 7, 12, 13, 14, 15);
        Vector512<long> nudge = Vector512.Create(1L << 30);
        Vector512<int> oddLanes = S16Gemm512.OddLanes;
        fixed (byte* outBytes = output)
        fixed (byte* padPtr = scratch)
        fixed (short* wPtr = packed.Weights.Span)
        fixed (int* tapPtr = packed.TapOffsets)
        {
            sbyte* outPtr = (sbyte*)outBytes;
            short* pad = (short*)padPtr;
            for (int cb = 0; cb < blocks; cb++)
            {
                var q = new S16Gemm512.Requant(packed.Requant!, cb * 16, p.OutputOffset, p.ActivationMin, p.ActivationMax, permuted: true);
                Vector512<int> bias = q.Bias, mult = q.Mult, multOdd = q.MultOdd, mask = q.Mask, half = q.Half, offset = q.Offset, min = q.Min, max = q.Max;
                Vector512<uint> left = q.Left, right = q.Right;
                bool shiftsLeft = q.ShiftsLeft;
                int cols = Math.Min(16, outD - cb * 16);
                short* wBlock = wPtr + cb * 32;
                for (int oy = rowStart; oy < rowEnd; oy++)
                {
                    short* origin = pad + (nint)oy * p.StrideHeight * wpad * cp + cb * 16;
                    sbyte* dst = outPtr + ((nint)b * outH + oy) * outW * outD + cb * 16;
                    int ox = 0;
                    for (; ox + 4 <= outW; ox += 4, origin += 4 * step, dst += 4 * outD)
                    {
                        Vector512<int> a0 = bias, a1 = bias, a2 = bias, a3 = bias;
                        short* w = wBlock;
                        for (int pr = 0; pr < pairs; pr++, w += wStride)
                        {
                            Vector512<short> wv = Vector512.Load(w);
                            nint t0 = tapPtr[2 * pr], t1 = tapPtr[2 * pr + 1];
                            a0 += Avx512BW.MultiplyAddAdjacent(Interleave(origin + t0, origin + t1), wv);
                            a1 += Avx512BW.MultiplyAddAdjacent(Interleave(origin + step + t0, origin + step + t1), wv);
                            a2 += Avx512BW.MultiplyAddAdjacent(Interleave(origin + 2 * step + t0, origin + 2 * step + t1), wv);
                            a3 += Avx512BW.MultiplyAddAdjacent(Interleave(origin + 3 * step + t0, origin + 3 * step + t1), wv);
                        }
                        Put(S16Gemm512.Requantize(a0, shiftsLeft, left, mult, multOdd, nudge, oddLanes, right, mask, half, offset, min, max), order, dst, cols);
                        Put(S16Gemm512.Requantize(a1, shiftsLeft, left, mult, multOdd, nudge, oddLanes, right, mask, half, offset, min, max), order, dst + outD, cols);
                        Put(S16Gemm512.Requantize(a2, shiftsLeft, left, mult, multOdd, nudge, oddLanes, right, mask, half, offset, min, max), order, dst + 2 * outD, cols);
                        Put(S16Gemm512.Requantize(a3, shiftsLeft, left, mult, multOdd, nudge, oddLanes, right, mask, half, offset, min, max), order, dst + 3 * outD, cols);
                    }
                    for (; ox < outW; ox++, origin += step, dst += outD)
                    {
                        Vector512<int> a0 = bias;
                        short* w = wBlock;
                        for (int pr = 0; pr < pairs; pr++, w += wStride)
                            a0 += Avx512BW.MultiplyAddAdjacent(Interleave(origin + tapPtr[2 * pr], origin + tapPtr[2 * pr + 1]), Vector512.Load(w));
                        Put(S16Gemm512.Requantize(a0, shiftsLeft, left, mult, multOdd, nudge, oddLanes, right, mask, half, offset, min, max), order, dst, cols);
                    }
                }
            }
        }
    }

    /// <summary>The 16 channels at two taps, interleaved per 128-bit lane as vpunpcklwd | vpunpckhwd.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector512<short> Interleave(short* tap0, short* tap1)
    {
        Vector256<short> x0 = Vector256.Load(tap0), x1 = Vector256.Load(tap1);
        return Vector512.Create(Avx2.UnpackLow(x0, x1), Avx2.UnpackHigh(x0, x1));
    }

    /// <summary>Narrows 16 requantized lanes, restores channel order and stores the first <paramref name="cols"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Put(Vector512<int> x, Vector128<byte> order, sbyte* dst, int cols)
    {
        Vector128<sbyte> v = Ssse3.Shuffle(Avx512F.ConvertToVector128SByte(x).AsByte(), order).AsSByte();
        if (cols == 16) v.Store(dst);
        else QU8QS8Gemm.StorePartial(v, dst, cols);
    }

    /// <summary>
    /// [PaddedHeight, PaddedWidth, PaddedChannels] int16: input channel ic (+ InputOffset) repeated at ic * M .. ic * M + M - 1;
    /// 0 elsewhere (padding rows and columns, channel tail).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void FillPadded<TWiden>(in QuantizedConvParams p, Int8DepthwisePackedWeights packed, byte* src, short* dst, int padStart, int padEnd)
        where TWiden : struct, S16Gemm.IWiden
    {
        int inH = p.InputHeight, inW = p.InputWidth, inD = p.InputDepth, dm = p.DepthMultiplier, offset = p.InputOffset;
        int hp = packed.PaddedHeight, wp = packed.PaddedWidth, cp = packed.PaddedChannels;
        int xStart = Math.Clamp(p.PadWidth, 0, wp), xEnd = Math.Clamp(p.PadWidth + inW, xStart, wp);
        short* widened = stackalloc short[dm == 1 ? 1 : 16];
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
            byte* srcRow = src + ((nint)iy * inW + (xStart - p.PadWidth)) * inD;
            int count = xEnd - xStart;
            if (dm == 1 && cp == inD)
            {
                TWiden.Widen(srcRow, row + (nint)xStart * cp, count * inD, offset);
                continue;
            }
            for (int i = 0; i < count; i++)
            {
                byte* s = srcRow + (nint)i * inD;
                short* d = row + (nint)(xStart + i) * cp;
                if (dm == 1) TWiden.Widen(s, d, inD, offset);
                else
                {
                    for (int ic = 0; ic < inD; ic++)
                    {
                        TWiden.Widen(s + ic, widened, 1, offset);
                        short v = widened[0];
                        short* o = d + (nint)ic * dm;
                        for (int m = 0; m < dm; m++) o[m] = v;
                    }
                }
                new Span<short>(d + (nint)inD * dm, cp - inD * dm).Clear();
            }
        }
    }
}
