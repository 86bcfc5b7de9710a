using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ManagedLite.Kernels.Optimized.Quantized.Gemm;
using ManagedLite.Kernels.Params;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>
/// The tap-pair layout of the packed 8-bit depthwise convolution on AVX-512 (depth multiplier 1). The scratch image
/// holds, per padded row, column c and channel, one int32 whose low int16 is (x + InputOffset) at column c and whose
/// high int16 is the same at column c + DilationWidth (0 outside the image). One 64-byte load at a receptive field's
/// tap (fy, 2j) is then exactly the 16 channels' pair of horizontal taps (fy, 2j) and (fy, 2j + 1) in vpmaddwd order,
/// so the inner loop is a load and a vpmaddwd per pair with no shuffles, and the accumulators come out in channel
/// order. A filter row of odd width pairs its last tap with a zero weight (a 3 x 3 filter takes 6 vpmaddwd per 16
/// channels and pixel). With an even stride only even columns are ever read, so only those are stored.
/// Weights: [Blocks][FilterHeight][PairsPerRow][16 channels][2] int16.
/// </summary>
internal sealed class DepthwiseInt8PairLayout
{
    private DepthwiseInt8PairLayout(int pairsPerRow, int columnStep, int columns, int imageBytes, AlignedArray<short> weights, int[] round, bool[] fastBlocks)
    {
        Round = round;
        FastBlocks = fastBlocks;
        PairsPerRow = pairsPerRow;
        ColumnStep = columnStep;
        Columns = columns;
        ImageBytes = imageBytes;
        Weights = weights;
    }

    /// <summary>ceil(FilterWidth / 2): tap pairs per filter row.</summary>
    public int PairsPerRow { get; }
    /// <summary>Padded-image columns per stored column: 2 with an even stride (only even columns are read), else 1.</summary>
    public int ColumnStep { get; }
    /// <summary>Stored columns per row of the pair image.</summary>
    public int Columns { get; }
    /// <summary>Bytes of the pair image: PaddedHeight x Columns x PaddedChannels int32.</summary>
    public int ImageBytes { get; }
    public AlignedArray<short> Weights { get; }
    public long ByteSize => Weights.ByteSize + 4L * Round.LongLength + FastBlocks.LongLength;
    /// <summary>
    /// Per channel (padded to blocks): 2^(r-1) + OutputOffset * 2^r, the constant of the one-step rounding divide by 2^r
    /// (r = the channel's right shift) with the output offset folded in; see <see cref="FastBlocks"/>.
    /// </summary>
    public int[] Round { get; }
    /// <summary>
    /// Per block of 16 channels: the short requantization applies (AVX-512 VBMI; no left shift and r &gt;= 1 in every
    /// channel; and |Srdhm(acc)| + the <see cref="Round"/> constant stays inside int32 for every accumulator the filter,
    /// bias and any input can produce, so (s + Round + (s &lt; 0 ? -1 : 0)) &gt;&gt; r equals the reference's rounding
    /// divide plus the output offset).
    /// </summary>
    public bool[] FastBlocks { get; }

    /// <summary>Null when the image would be too large for one scratch buffer.</summary>
    public static DepthwiseInt8PairLayout? TryCreate(in QuantizedConvParams p, ReadOnlySpan<short> filter, int cp, int hp, int wp, Int8RequantTable? table = null)
    {
        int outD = p.OutputDepth, fH = p.FilterHeight, fW = p.FilterWidth;
        int ppr = (fW + 1) / 2;
        int step = p.StrideWidth % 2 == 0 ? 2 : 1;
        int columns = (wp + step - 1) / step;
        long bytes = (long)hp * columns * cp * sizeof(int);
        if (bytes > int.MaxValue / 2) return null;
        int blocks = cp / 16;
        var weights = new AlignedArray<short>(checked(blocks * fH * ppr * 32));
        var w = weights.Span;
        for (int cb = 0; cb < blocks; cb++)
        for (int fy = 0; fy < fH; fy++)
        for (int j = 0; j < ppr; j++)
        for (int lane = 0; lane < 16; lane++)
        for (int e = 0; e < 2; e++)
        {
            int channel = cb * 16 + lane, fx = 2 * j + e;
            short v = fx < fW && channel < outD ? filter[(fy * fW + fx) * outD + channel] : (short)0;
            w[((cb * fH + fy) * ppr + j) * 32 + lane * 2 + e] = v;
        }
        var round = new int[cp];
        var fast = new bool[blocks];
        if (table is not null && Avx512Vbmi.IsSupported)
        {
            for (int cb = 0; cb < blocks; cb++)
            {
                bool ok = true;
                for (int c = cb * 16; c < Math.Min(cb * 16 + 16, outD) && ok; c++)
                {
                    int r = (int)table.RightShift[c];
                    if (table.LeftShift[c] != 0 || r < 1 || r > 30 || table.Multiplier[c] < 0) { ok = false; break; }
                    // |x + InputOffset| <= 255 and |w| <= 255 on both the int8 and the legacy uint8 paths
                    long bound = Math.Abs((long)table.Bias[c]);
                    for (int t = 0; t < fH * fW; t++) bound += 255L * Math.Abs((int)filter[t * outD + c]);
                    long rnd = (1L << (r - 1)) + (long)p.OutputOffset * (1L << r);
                    // |Srdhm(acc)| <= |acc| + 1; the sum s + rnd - 1 must stay inside int32
                    if (bound + 2 + Math.Abs(rnd) >= int.MaxValue) { ok = false; break; }
                    round[c] = (int)rnd;
                }
                fast[cb] = ok;
            }
        }
        return new DepthwiseInt8PairLayout(ppr, step, columns, (int)bytes, weights, round, fast);
    }
}

public static partial class DepthwiseConv2DInt8
{
    /// <summary>The tap-pair layout is used on AVX-512 (BW) CPUs for depth multiplier 1.</summary>
    internal static bool PairLayoutApplies(in QuantizedConvParams p) => S16Gemm512.IsSupported && p.DepthMultiplier == 1 && p.InputDepth == p.OutputDepth;

    /// <summary>Writes the pair image of one batch (see <see cref="DepthwiseInt8PairLayout"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void FillPairs<TWiden>(in QuantizedConvParams p, Int8DepthwisePackedWeights packed, DepthwiseInt8PairLayout pairs, byte* src, int* dst,
        int padStart, int padEnd)
        where TWiden : struct, S16Gemm.IWiden
    {
        int inH = p.InputHeight, inW = p.InputWidth, inD = p.InputDepth, dw = p.DilationWidth;
        int cp = packed.PaddedChannels, columns = pairs.Columns, step = pairs.ColumnStep;
        int full = inD & ~15;
        Vector512<int> offset = Vector512.Create(p.InputOffset), low = Vector512.Create(0xFFFF);
        for (int py = padStart; py < padEnd; py++)
        {
            int* row = dst + (nint)py * columns * cp;
            int iy = py - p.PadHeight;
            if (iy < 0 || iy >= inH)
            {
                new Span<int>(row, columns * cp).Clear();
                continue;
            }
            byte* srcRow = src + (nint)iy * inW * inD;
            for (int q = 0; q < columns; q++)
            {
                int* d = row + (nint)q * cp;
                int ix0 = q * step - p.PadWidth, ix1 = ix0 + dw;
                bool in0 = ix0 >= 0 && ix0 < inW, in1 = ix1 >= 0 && ix1 < inW;
                if (!in0 && !in1)
                {
                    new Span<int>(d, cp).Clear();
                    continue;
                }
                byte* s0 = srcRow + (nint)ix0 * inD, s1 = srcRow + (nint)ix1 * inD;
                int c = 0;
                if (in0 && in1)
                {
                    for (; c < full; c += 16)
                    {
                        Vector512<int> v0 = TWiden.Widen16(s0 + c) + offset, v1 = TWiden.Widen16(s1 + c) + offset;
                        ((v0 & low) | Avx512F.ShiftLeftLogical(v1, 16)).Store(d + c);
                    }
                }
                else if (in0)
                {
                    for (; c < full; c += 16) ((TWiden.Widen16(s0 + c) + offset) & low).Store(d + c);
                }
                else
                {
                    for (; c < full; c += 16) Avx512F.ShiftLeftLogical(TWiden.Widen16(s1 + c) + offset, 16).Store(d + c);
                }
                for (; c < inD; c++)
                {
                    int v0 = in0 ? TWiden.WidenOne(s0 + c) + p.InputOffset : 0, v1 = in1 ? TWiden.WidenOne(s1 + c) + p.InputOffset : 0;
                    d[c] = (v0 & 0xFFFF) | (v1 << 16);
                }
                for (; c < cp; c++) d[c] = 0;
            }
        }
    }

    /// <summary>
    /// Output rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>) of batch <paramref name="b"/> from the pair
    /// image: per row and block of 16 channels, four pixels share each weight load; their accumulators are requantized in
    /// registers (<see cref="Short"/> where the block allows it, four pixels narrowed with saturating packs, clamped on bytes
    /// and put in pixel order with one vpermb; else <see cref="S16Gemm512.Requantize"/> per pixel). Bit-exact with the reference.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization), SkipLocalsInit]
    private static unsafe void RunRowsPairs(in QuantizedConvParams p, Int8DepthwisePackedWeights packed, DepthwiseInt8PairLayout pairs, ReadOnlySpan<byte> scratch,
        Span<byte> output, int b, int rowStart, int rowEnd)
    {
        int outH = p.OutputHeight, outW = p.OutputWidth, outD = p.OutputDepth, cp = packed.PaddedChannels, blocks = cp / 16;
        int fH = p.FilterHeight, ppr = pairs.PairsPerRow, slots = fH * ppr, columns = pairs.Columns;
        if (scratch.Length < pairs.ImageBytes) throw new ArgumentException($"depthwise scratch has {scratch.Length} bytes, needs {pairs.ImageBytes}");
        if (b < 0 || b >= p.Batches || rowStart < 0 || rowEnd > outH || rowStart > rowEnd)
            throw new ArgumentOutOfRangeException(nameof(rowStart), $"rows [{rowStart}, {rowEnd}) of batch {b} are outside the output");
        // int32 offsets of each pair slot from the receptive field's origin, and of one output pixel from the next
        nint* slotOffsets = stackalloc nint[slots];
        for (int fy = 0; fy < fH; fy++)
        for (int j = 0; j < ppr; j++)
            slotOffsets[fy * ppr + j] = ((nint)fy * p.DilationHeight * columns + 2 * j * p.DilationWidth / pairs.ColumnStep) * cp;
        nint step = (nint)(p.StrideWidth / pairs.ColumnStep) * cp, rowStep = (nint)p.StrideHeight * columns * cp;
        Vector512<long> nudge = Vector512.Create(1L << 30);
        Vector512<int> oddLanes = S16Gemm512.OddLanes;
        bool[] fastBlocks = pairs.FastBlocks;
        // the short path's clamp on bytes: unsigned (exact for int8 as well) when the range is non-negative
        bool unsignedOut = p.ActivationMin >= 0;
        Vector512<byte> minB = unsignedOut ? Vector512.Create((byte)Math.Min(p.ActivationMin, 255)) : Vector512.Create((sbyte)Math.Max(p.ActivationMin, -128)).AsByte();
        Vector512<byte> maxB = unsignedOut ? Vector512.Create((byte)Math.Min(p.ActivationMax, 255)) : Vector512.Create((sbyte)Math.Clamp(p.ActivationMax, -128, 127)).AsByte();
        Vector512<byte> order = PackOrder;
        fixed (byte* outBytes = output)
        fixed (byte* imagePtr = scratch)
        fixed (short* wPtr = pairs.Weights.Span)
        fixed (int* roundPtr = pairs.Round)
        {
            sbyte* outPtr = (sbyte*)outBytes;
            int* image = (int*)imagePtr;
            // row by row, all blocks of a row before the next: the pair rows a row reads stay in L2 for the next ones
            for (int oy = rowStart; oy < rowEnd; oy++)
            for (int cb = 0; cb < blocks; cb++)
            {
                var q = new S16Gemm512.Requant(packed.Requant!, cb * 16, p.OutputOffset, p.ActivationMin, p.ActivationMax);
                Vector512<int> bias = q.Bias, mult = q.Mult, multOdd = q.MultOdd, mask = q.Mask, half = q.Half, offset = q.Offset, min = q.Min, max = q.Max;
                Vector512<uint> left = q.Left, right = q.Right;
                bool shiftsLeft = q.ShiftsLeft;
                int cols = Math.Min(16, outD - cb * 16);
                short* wBlock = wPtr + (nint)cb * slots * 32;
                bool fastBlock = fastBlocks[cb];
                Vector512<int> round = fastBlock ? Vector512.Load(roundPtr + cb * 16) : default;
                {
                    int* origin = image + oy * rowStep + cb * 16;
                    sbyte* dst = outPtr + ((nint)b * outH + oy) * outW * outD + cb * 16;
                    int ox = 0;
                    for (; ox + 4 <= outW; ox += 4, origin += 4 * step, dst += 4 * outD)
                    {
                        Vector512<int> a0 = bias, a1 = bias, a2 = bias, a3 = bias;
                        short* w = wBlock;
                        for (int k = 0; k < slots; k++, w += 32)
                        {
                            Vector512<short> wv = Vector512.Load(w);
                            int* t = origin + slotOffsets[k];
                            a0 += Avx512BW.MultiplyAddAdjacent(Vector512.Load(t).AsInt16(), wv);
                            a1 += Avx512BW.MultiplyAddAdjacent(Vector512.Load(t + step).AsInt16(), wv);
                            a2 += Avx512BW.MultiplyAddAdjacent(Vector512.Load(t + 2 * step).AsInt16(), wv);
                            a3 += Avx512BW.MultiplyAddAdjacent(Vector512.Load(t + 3 * step).AsInt16(), wv);
                        }
                        if (fastBlock)
                        {
                            Vector512<int> r0 = Short(a0, mult, multOdd, nudge, oddLanes, round, right), r1 = Short(a1, mult, multOdd, nudge, oddLanes, round, right);
                            Vector512<int> r2 = Short(a2, mult, multOdd, nudge, oddLanes, round, right), r3 = Short(a3, mult, multOdd, nudge, oddLanes, round, right);
                            Vector512<short> w01 = Avx512BW.PackSignedSaturate(r0, r1), w23 = Avx512BW.PackSignedSaturate(r2, r3);
                            Vector512<byte> bytes = unsignedOut
                                ? Avx512BW.Min(Avx512BW.Max(Avx512BW.PackUnsignedSaturate(w01, w23), minB), maxB)
                                : Avx512BW.Min(Avx512BW.Max(Avx512BW.PackSignedSaturate(w01, w23), minB.AsSByte()), maxB.AsSByte()).AsByte();
                            bytes = Avx512Vbmi.PermuteVar64x8(bytes, order);
                            if (cols == 16)
                            {
                                bytes.GetLower().GetLower().Store((byte*)dst);
                                bytes.GetLower().GetUpper().Store((byte*)(dst + outD));
                                bytes.GetUpper().GetLower().Store((byte*)(dst + 2 * outD));
                                bytes.GetUpper().GetUpper().Store((byte*)(dst + 3 * outD));
                            }
                            else
                            {
                                QU8QS8Gemm.StorePartial(bytes.GetLower().GetLower().AsSByte(), dst, cols);
                                QU8QS8Gemm.StorePartial(bytes.GetLower().GetUpper().AsSByte(), dst + outD, cols);
                                QU8QS8Gemm.StorePartial(bytes.GetUpper().GetLower().AsSByte(), dst + 2 * outD, cols);
                                QU8QS8Gemm.StorePartial(bytes.GetUpper().GetUpper().AsSByte(), dst + 3 * outD, cols);
                            }
                            continue;
                        }
                        Put16(S16Gemm512.Requantize(a0, shiftsLeft, left, mult, multOdd, nudge, oddLanes, right, mask, half, offset, min, max), dst, cols);
                        Put16(S16Gemm512.Requantize(a1, shiftsLeft, left, mult, multOdd, nudge, oddLanes, right, mask, half, offset, min, max), dst + outD, cols);
                        Put16(S16Gemm512.Requantize(a2, shiftsLeft, left, mult, multOdd, nudge, oddLanes, right, mask, half, offset, min, max), dst + 2 * outD, cols);
                        Put16(S16Gemm512.Requantize(a3, shiftsLeft, left, mult, multOdd, nudge, oddLanes, right, mask, half, offset, min, max), dst + 3 * outD, cols);
                    }
                    for (; ox < outW; ox++, origin += step, dst += outD)
                    {
                        Vector512<int> a0 = bias;
                        short* w = wBlock;
                        for (int k = 0; k < slots; k++, w += 32)
                            a0 += Avx512BW.MultiplyAddAdjacent(Vector512.Load(origin + slotOffsets[k]).AsInt16(), Vector512.Load(w));
                        Put16(S16Gemm512.Requantize(a0, shiftsLeft, left, mult, multOdd, nudge, oddLanes, right, mask, half, offset, min, max), dst, cols);
                    }
                }
            }
        }
    }

    /// <summary>
    /// vpermb control from the byte order of vpackssdw / vpacksswb over four pixels' accumulators (per 128-bit lane L:
    /// pixel k's channels 4L..4L+3 at 16L + 4k) to pixel-major order (pixel k's 16 channels at 16k).
    /// </summary>
    private static Vector512<byte> PackOrder
    {
        get
        {
            Span<byte> idx = stackalloc byte[64];
            for (int k = 0; k < 4; k++)
            for (int c = 0; c < 16; c++)
                idx[k * 16 + c] = (byte)((c >> 2) * 16 + k * 4 + (c & 3));
            return Vector512.Create((ReadOnlySpan<byte>)idx);
        }
    }

    /// <summary>
    /// The requantization of <see cref="S16Gemm512.Requantize"/> for a block in <see cref="DepthwiseInt8PairLayout.FastBlocks"/>:
    /// the same Srdhm, then the rounding divide by 2^r with the output offset in one step,
    /// (s + 2^(r-1) + OutputOffset * 2^r + (s &lt; 0 ? -1 : 0)) &gt;&gt; r; the clamp follows on bytes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Short(Vector512<int> x, Vector512<int> mult, Vector512<int> multOdd, Vector512<long> nudge, Vector512<int> oddLanes,
        Vector512<int> round, Vector512<uint> right)
    {
        Vector512<long> even = Avx512F.Multiply(x, mult) + nudge;
        Vector512<long> odd = Avx512F.Multiply(Avx512F.ShiftRightLogical(x.AsInt64(), 32).AsInt32(), multOdd) + nudge;
        Vector512<int> lo = Avx512F.ShiftRightLogical(even, 31).AsInt32();
        Vector512<int> hi = Avx512F.ShiftLeftLogical(odd, 1).AsInt32();
        x = Vector512.ConditionalSelect(oddLanes, hi, lo);
        return Avx512F.ShiftRightArithmeticVariable(x + round + Avx512F.ShiftRightArithmetic(x, 31), right);
    }
    /// <summary>Narrows 16 requantized lanes (channel order) and stores the first <paramref name="cols"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Put16(Vector512<int> x, sbyte* dst, int cols)
    {
        Vector128<sbyte> v = Avx512F.ConvertToVector128SByte(x);
        if (cols == 16) v.Store(dst);
        else QU8QS8Gemm.StorePartial(v, dst, cols);
    }
}
