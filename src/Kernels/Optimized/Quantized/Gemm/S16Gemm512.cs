using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ManagedLite.Kernels.Optimized.Quantized.Gemm;

/// <summary>
/// The int16 x int16 GEMM of <see cref="S16Gemm"/> on 512-bit vectors (AVX-512 BW), with the requantization in registers.
/// One block of 16 output channels is one zmm of int32 accumulators per row, and one k step of the packed filter
/// ([K2 / 2][16 channels][2] int16) is exactly one zmm, so a step is a broadcast of an activation pair, one vpmaddwd and
/// one vpaddd per row. The 256-bit kernels spend as much time per tile on their epilogue (two vectors per row, the
/// requantization constants reloaded from memory every call) as on the products when K is small (the 1 x 1 layers of
/// 16 to 32 channels at the start of MobileNets); here the call walks every 8-row tile of a column of pixels itself,
/// with the block's constants loaded into registers once, and requantizes each row while it is still in a register.
/// The arithmetic is lane for lane that of <see cref="VectorRequantize"/>, so results are bit-identical with it and
/// with the reference kernels.
/// </summary>
internal static unsafe class S16Gemm512
{
    public static bool IsSupported => Avx512BW.IsSupported;

    /// <summary>
    /// Requantization constants of one block of 16 output channels, from an <see cref="Int8RequantTable"/> (padded to whole
    /// blocks, so the 16-lane loads stay inside it).
    /// </summary>
    public readonly struct Requant
    {
        public readonly Vector512<int> Bias, Mult, MultOdd, Mask, Half, Offset, Min, Max;
        public readonly Vector512<uint> Left, Right;
        public readonly bool ShiftsLeft;

        public Requant(Int8RequantTable t, int channel, int outputOffset, int min, int max)
            : this(t, channel, outputOffset, min, max, permuted: false) { }

        /// <summary>
        /// With <paramref name="permuted"/>, lane i holds the constants of channel <see cref="PermutedChannel"/>(i): the order
        /// of the accumulators of a vpmaddwd over the 128-bit-lane interleave of two 16-channel int16 vectors (depthwise).
        /// </summary>
        public Requant(Int8RequantTable t, int channel, int outputOffset, int min, int max, bool permuted)
        {
            Bias = Lanes(t.Bias, channel, permuted);
            Mult = Lanes(t.Multiplier, channel, permuted);
            MultOdd = Avx512F.ShiftRightLogical(Mult.AsInt64(), 32).AsInt32();
            Mask = Lanes(t.Mask, channel, permuted);
            Half = Lanes(t.Half, channel, permuted);
            Left = Lanes(t.LeftShift, channel, permuted);
            Right = Lanes(t.RightShift, channel, permuted);
            ShiftsLeft = Left != Vector512<uint>.Zero;
            Offset = Vector512.Create(outputOffset);
            Min = Vector512.Create(min);
            Max = Vector512.Create(max);
        }

        private static Vector512<T> Lanes<T>(T[] values, int channel, bool permuted) where T : unmanaged
        {
            if (!permuted) return Vector512.Create(new ReadOnlySpan<T>(values, channel, 16));
            Span<T> lanes = stackalloc T[16];
            for (int i = 0; i < 16; i++) lanes[i] = values[channel + PermutedChannel(i)];
            return Vector512.Create((ReadOnlySpan<T>)lanes);
        }
    }

    /// <summary>Channel in lane <paramref name="lane"/> of the interleaved order: 0-3, 8-11, 4-7, 12-15 (its own inverse).</summary>
    public static int PermutedChannel(int lane) => (lane & 3) | ((lane & 4) << 1) | ((lane & 8) >> 1);

    /// <summary>
    /// C[rows, cols] = requantize(A[rows, K2] x W) for one block of 16 channels: A is int16 with row stride
    /// <paramref name="aStride"/>, <paramref name="w"/> the block's packed filter, C int8 with row stride
    /// <paramref name="cStride"/>; only the first <paramref name="cols"/> channels are stored.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gemm(int k2, short* a, nint aStride, int rows, short* w, in Requant q, sbyte* c, nint cStride, int cols)
    {
        Vector512<int> bias = q.Bias, mult = q.Mult, multOdd = q.MultOdd, mask = q.Mask, half = q.Half;
        Vector512<int> offset = q.Offset, min = q.Min, max = q.Max;
        Vector512<uint> left = q.Left, right = q.Right;
        bool shiftsLeft = q.ShiftsLeft;
        Vector512<long> nudge = Vector512.Create(1L << 30);
        Vector512<int> oddLanes = OddLanes;
        nint steps = k2;
        int r = 0;
        for (; r + 8 <= rows; r += 8, a += 8 * aStride, c += 8 * cStride)
        {
            short* a0 = a, a1 = a + aStride, a2 = a + 2 * aStride, a3 = a + 3 * aStride;
            short* a4 = a + 4 * aStride, a5 = a + 5 * aStride, a6 = a + 6 * aStride, a7 = a + 7 * aStride;
            Vector512<int> c0 = bias, c1 = bias, c2 = bias, c3 = bias, c4 = bias, c5 = bias, c6 = bias, c7 = bias;
            short* wk = w;
            for (nint k = 0; k < 2 * steps; k += 2, wk += 32)
            {
                Vector512<short> wv = Vector512.Load(wk);
                c0 += Avx512BW.MultiplyAddAdjacent(Vector512.Create(*(int*)(a0 + k)).AsInt16(), wv);
                c1 += Avx512BW.MultiplyAddAdjacent(Vector512.Create(*(int*)(a1 + k)).AsInt16(), wv);
                c2 += Avx512BW.MultiplyAddAdjacent(Vector512.Create(*(int*)(a2 + k)).AsInt16(), wv);
                c3 += Avx512BW.MultiplyAddAdjacent(Vector512.Create(*(int*)(a3 + k)).AsInt16(), wv);
                c4 += Avx512BW.MultiplyAddAdjacent(Vector512.Create(*(int*)(a4 + k)).AsInt16(), wv);
                c5 += Avx512BW.MultiplyAddAdjacent(Vector512.Create(*(int*)(a5 + k)).AsInt16(), wv);
                c6 += Avx512BW.MultiplyAddAdjacent(Vector512.Create(*(int*)(a6 + k)).AsInt16(), wv);
                c7 += Avx512BW.MultiplyAddAdjacent(Vector512.Create(*(int*)(a7 + k)).AsInt16(), wv);
            }
            Store(c0, c, cols, shiftsLeft, left, mult, multOdd, nudge, oddLanes, right, mask, half, offset, min, max);
            Store(c1, c + cStride, cols, shiftsLeft, left, mult, multOdd, nudge, oddLanes, right, mask, half, offset, min, max);
            Store(c2, c + 2 * cStride, cols, shiftsLeft, left, mult, multOdd, nudge, oddLanes, right, mask, half, offset, min, max);
            Store(c3, c + 3 * cStride, cols, shiftsLeft, left, mult, multOdd, nudge, oddLanes, right, mask, half, offset, min, max);
            Store(c4, c + 4 * cStride, cols, shiftsLeft, left, mult, multOdd, nudge, oddLanes, right, mask, half, offset, min, max);
            Store(c5, c + 5 * cStride, cols, shiftsLeft, left, mult, multOdd, nudge, oddLanes, right, mask, half, offset, min, max);
            Store(c6, c + 6 * cStride, cols, shiftsLeft, left, mult, multOdd, nudge, oddLanes, right, mask, half, offset, min, max);
            Store(c7, c + 7 * cStride, cols, shiftsLeft, left, mult, multOdd, nudge, oddLanes, right, mask, half, offset, min, max);
        }
        for (; r < rows; r++, a += aStride, c += cStride)
        {
            Vector512<int> acc = bias;
            short* wk = w;
            for (nint k = 0; k < 2 * steps; k += 2, wk += 32)
                acc += Avx512BW.MultiplyAddAdjacent(Vector512.Create(*(int*)(a + k)).AsInt16(), Vector512.Load(wk));
            Store(acc, c, cols, shiftsLeft, left, mult, multOdd, nudge, oddLanes, right, mask, half, offset, min, max);
        }
    }

    /// <summary>
    /// MultiplyByQuantizedMultiplier of 16 accumulators (bias already added) + output offset, clamped, narrowed to int8 and
    /// stored: the steps of <see cref="VectorRequantize.Srdhm(Vector256{int}, Vector256{int}, Vector256{int}, Vector256{long})"/>
    /// and <see cref="VectorRequantize.RoundingDivideByPot"/> on 16 lanes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector512<int> x, sbyte* dst, int cols, bool shiftsLeft, Vector512<uint> left, Vector512<int> mult,
        Vector512<int> multOdd, Vector512<long> nudge, Vector512<int> oddLanes, Vector512<uint> right, Vector512<int> mask,
        Vector512<int> half, Vector512<int> offset, Vector512<int> min, Vector512<int> max)
    {
        x = Requantize(x, shiftsLeft, left, mult, multOdd, nudge, oddLanes, right, mask, half, offset, min, max);
        Vector128<sbyte> b = Avx512F.ConvertToVector128SByte(x);
        if (cols == 16) b.Store(dst);
        else QU8QS8Gemm.StorePartial(b, dst, cols);
    }

    /// <summary>The requantized, clamped int32 lanes (still in the accumulators' lane order); see <see cref="Store"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<int> Requantize(Vector512<int> x, bool shiftsLeft, Vector512<uint> left, Vector512<int> mult,
        Vector512<int> multOdd, Vector512<long> nudge, Vector512<int> oddLanes, Vector512<uint> right, Vector512<int> mask,
        Vector512<int> half, Vector512<int> offset, Vector512<int> min, Vector512<int> max)
    {
        if (shiftsLeft) x = Avx512F.ShiftLeftLogicalVariable(x, left);
        // Srdhm: bits 31..62 of x * mult + 2^30 per lane, from the even-lane and odd-lane 64-bit products.
        Vector512<long> even = Avx512F.Multiply(x, mult) + nudge;
        Vector512<long> odd = Avx512F.Multiply(Avx512F.ShiftRightLogical(x.AsInt64(), 32).AsInt32(), multOdd) + nudge;
        Vector512<int> lo = Avx512F.ShiftRightLogical(even, 31).AsInt32();
        Vector512<int> hi = Avx512F.ShiftLeftLogical(odd, 1).AsInt32();
        x = Vector512.ConditionalSelect(oddLanes, hi, lo);
        // Rounding divide by 2^right, halves away from zero.
        Vector512<int> remainder = x & mask;
        Vector512<int> threshold = half - Avx512F.ShiftRightArithmetic(x, 31);
        x = Avx512F.ShiftRightArithmeticVariable(x, right) - Vector512.GreaterThan(remainder, threshold);
        return Vector512.Min(Vector512.Max(x + offset, min), max);
    }

    /// <summary>The odd int32 lanes set: selects the odd-lane products in the Srdhm step.</summary>
    internal static Vector512<int> OddLanes => Vector512.Create(0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1);
}
