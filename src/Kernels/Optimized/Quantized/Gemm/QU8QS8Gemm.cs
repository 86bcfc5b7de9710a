using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ManagedLite.Kernels.Optimized.Quantized.Gemm;

/// <summary>One step of a uint8 x int8 dot product: each int32 lane += sum of 4 unsigned-by-signed byte products (wrapping).</summary>
internal interface IDot4
{
    static abstract bool IsSupported { get; }
    static abstract Vector256<int> Dot(Vector256<int> acc, Vector256<byte> a, Vector256<sbyte> w);
}

/// <summary>AVX-VNNI vpdpbusd (usable with AVX-512 registers too).</summary>
internal struct VnniDot4 : IDot4
{
    public static bool IsSupported => AvxVnni.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Dot(Vector256<int> acc, Vector256<byte> a, Vector256<sbyte> w) => AvxVnni.MultiplyWideningAndAdd(acc, a, w);
}

/// <summary>
/// AVX2 emulation of vpdpbusd: even and odd bytes widened to int16 (zero-extended activations, sign-extended weights),
/// then two vpmaddwd. Every partial sum fits int16 x int16 -> int32 exactly (no vpmaddubsw saturation).
/// </summary>
internal struct Avx2Dot4 : IDot4
{
    public static bool IsSupported => Avx2.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Dot(Vector256<int> acc, Vector256<byte> a, Vector256<sbyte> w)
    {
        Vector256<short> aEven = a.AsInt16() & Vector256.Create((short)0xFF);
        Vector256<short> aOdd = Avx2.ShiftRightLogical(a.AsInt16(), 8);
        Vector256<short> wEven = Avx2.ShiftRightArithmetic(Avx2.ShiftLeftLogical(w.AsInt16(), 8), 8);
        Vector256<short> wOdd = Avx2.ShiftRightArithmetic(w.AsInt16(), 8);
        return acc + Avx2.MultiplyAddAdjacent(aEven, wEven) + Avx2.MultiplyAddAdjacent(aOdd, wOdd);
    }
}

/// <summary>
/// qu8 x qs8 GEMM microkernels with per-channel int8 requantization: A is [rows, KPadded] uint8 (row stride aStride),
/// packed B is [KPadded / 4][16 channels][4] int8 for one block of 16 output channels, C is int8 with row stride cStride.
/// The requantization table is indexed from the block's first channel. Rows beyond <c>rows</c> alias the last valid row
/// and are not stored; only the first <c>cols</c> channels of the block are stored. <c>rowAdd</c>, when not null, holds one
/// int32 per stored row added to all of that row's accumulators (the activation-sum term of asymmetric uint8 weights).
/// </summary>
internal static unsafe class QU8QS8Gemm
{
    /// <summary>Rows per tile of <see cref="Gemm4x16"/>.</summary>
    public const int MR4 = 4;
    /// <summary>Rows per tile of <see cref="Gemm8x16"/> (needs the 32 vector registers of AVX-512 machines).</summary>
    public const int MR8 = 8;

    /// <summary>
    /// Requantization of one block of 16 output channels: per-channel parameters as vectors (the odd lanes' multipliers
    /// pre-shifted for vpmuldq), whether any channel shifts left, and the output offset and clamp.
    /// </summary>
    public readonly struct Epilogue : IGemmEpilogue
    {
        public readonly Vector256<int> Bias0, Bias1, Mult0, Mult1, MultOdd0, MultOdd1, Mask0, Mask1, Half0, Half1, Offset, Min, Max;
        public readonly Vector256<uint> Left0, Left1, Right0, Right1;
        public readonly bool ShiftsLeft;

        public Epilogue(Int8RequantTable t, int channel, int outputOffset, int min, int max)
        {
            Bias0 = Vector256.Create(t.Bias, channel); Bias1 = Vector256.Create(t.Bias, channel + 8);
            Mult0 = Vector256.Create(t.Multiplier, channel); Mult1 = Vector256.Create(t.Multiplier, channel + 8);
            MultOdd0 = VectorRequantize.OddLanes(Mult0); MultOdd1 = VectorRequantize.OddLanes(Mult1);
            Mask0 = Vector256.Create(t.Mask, channel); Mask1 = Vector256.Create(t.Mask, channel + 8);
            Half0 = Vector256.Create(t.Half, channel); Half1 = Vector256.Create(t.Half, channel + 8);
            Left0 = Vector256.Create(t.LeftShift, channel); Left1 = Vector256.Create(t.LeftShift, channel + 8);
            Right0 = Vector256.Create(t.RightShift, channel); Right1 = Vector256.Create(t.RightShift, channel + 8);
            ShiftsLeft = (Left0 | Left1) != Vector256<uint>.Zero;
            Offset = Vector256.Create(outputOffset); Min = Vector256.Create(min); Max = Vector256.Create(max);
        }

        /// <summary>
        /// Requantizes <paramref name="rows"/> rows of 16 int32 accumulators (<paramref name="acc"/>, row stride 16) and
        /// stores the first <paramref name="cols"/> channels of each at <paramref name="dst"/> + row * dstStride. Not
        /// inlined on purpose: called once per tile after the accumulators are spilled to memory, it keeps every parameter
        /// in a register for all rows (inlined into the microkernel, with 16 accumulators live, the JIT spilled them).
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public void StoreRows(int* acc, int rows, void* dstBytes, nint dstStride, int cols)
        {
            sbyte* dst = (sbyte*)dstBytes;
            Vector256<int> bias0 = Bias0, bias1 = Bias1, m0 = Mult0, m1 = Mult1, mo0 = MultOdd0, mo1 = MultOdd1;
            Vector256<int> mask0 = Mask0, mask1 = Mask1, half0 = Half0, half1 = Half1, offset = Offset, min = Min, max = Max;
            Vector256<uint> r0 = Right0, r1 = Right1;
            Vector256<long> nudge = Vector256.Create(1L << 30);
            if (ShiftsLeft)
            {
                Vector256<uint> l0 = Left0, l1 = Left1;
                for (int r = 0; r < rows; r++, acc += 16, dst += dstStride)
                {
                    Vector256<int> x0 = Avx2.ShiftLeftLogicalVariable(Vector256.Load(acc) + bias0, l0);
                    Vector256<int> x1 = Avx2.ShiftLeftLogicalVariable(Vector256.Load(acc + 8) + bias1, l1);
                    x0 = VectorRequantize.RoundingDivideByPot(VectorRequantize.Srdhm(x0, m0, mo0, nudge), r0, mask0, half0) + offset;
                    x1 = VectorRequantize.RoundingDivideByPot(VectorRequantize.Srdhm(x1, m1, mo1, nudge), r1, mask1, half1) + offset;
                    Put(Vector256.Min(Vector256.Max(x0, min), max), Vector256.Min(Vector256.Max(x1, min), max), dst, cols);
                }
                return;
            }
            for (int r = 0; r < rows; r++, acc += 16, dst += dstStride)
            {
                Vector256<int> x0 = Vector256.Load(acc) + bias0;
                Vector256<int> x1 = Vector256.Load(acc + 8) + bias1;
                x0 = VectorRequantize.RoundingDivideByPot(VectorRequantize.Srdhm(x0, m0, mo0, nudge), r0, mask0, half0) + offset;
                x1 = VectorRequantize.RoundingDivideByPot(VectorRequantize.Srdhm(x1, m1, mo1, nudge), r1, mask1, half1) + offset;
                Put(Vector256.Min(Vector256.Max(x0, min), max), Vector256.Min(Vector256.Max(x1, min), max), dst, cols);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Put(Vector256<int> lo, Vector256<int> hi, sbyte* dst, int cols)
        {
            Vector128<sbyte> b = VectorRequantize.NarrowToInt8(lo, hi);
            if (cols == 16) b.Store(dst);
            else StorePartial(b, dst, cols);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Add(Vector256<int> acc, int* rowAdd, int row) => rowAdd == null ? acc : acc + Vector256.Create(rowAdd[row]);

    public static void StorePartial(Vector128<sbyte> v, sbyte* dst, int count)
    {
        for (int i = 0; i < count; i++) dst[i] = v.GetElement(i);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    public static void Gemm4x16<TDot>(int k4, byte* a, nint aStride, int rows, sbyte* w, in Epilogue e, sbyte* c, nint cStride, int cols, int* rowAdd = null)
        where TDot : struct, IDot4
    {
        int* acc = stackalloc int[4 * 16];
        byte* a0 = a;
        byte* a1 = rows > 1 ? a0 + aStride : a0;
        byte* a2 = rows > 2 ? a1 + aStride : a1;
        byte* a3 = rows > 3 ? a2 + aStride : a2;
        Vector256<int> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<int> c20 = default, c21 = default, c30 = default, c31 = default;
        for (int k = 0; k < k4; k++)
        {
            Vector256<sbyte> w0 = Vector256.Load(w);
            Vector256<sbyte> w1 = Vector256.Load(w + 32);
            w += 64;
            Vector256<byte> x = Vector256.Create(*(int*)a0).AsByte();
            c00 = TDot.Dot(c00, x, w0); c01 = TDot.Dot(c01, x, w1);
            x = Vector256.Create(*(int*)a1).AsByte();
            c10 = TDot.Dot(c10, x, w0); c11 = TDot.Dot(c11, x, w1);
            x = Vector256.Create(*(int*)a2).AsByte();
            c20 = TDot.Dot(c20, x, w0); c21 = TDot.Dot(c21, x, w1);
            x = Vector256.Create(*(int*)a3).AsByte();
            c30 = TDot.Dot(c30, x, w0); c31 = TDot.Dot(c31, x, w1);
            a0 += 4; a1 += 4; a2 += 4; a3 += 4;
        }
        (Add(c00, rowAdd, 0)).Store(acc + 0); (Add(c01, rowAdd, 0)).Store(acc + 8);
        (Add(c10, rowAdd, 1)).Store(acc + 16); (Add(c11, rowAdd, 1)).Store(acc + 24);
        (Add(c20, rowAdd, 2)).Store(acc + 32); (Add(c21, rowAdd, 2)).Store(acc + 40);
        (Add(c30, rowAdd, 3)).Store(acc + 48); (Add(c31, rowAdd, 3)).Store(acc + 56);
        e.StoreRows(acc, rows, c, cStride, cols);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    public static void Gemm8x16<TDot>(int k4, byte* a, nint aStride, int rows, sbyte* w, in Epilogue e, sbyte* c, nint cStride, int cols, int* rowAdd = null)
        where TDot : struct, IDot4
    {
        int* acc = stackalloc int[8 * 16];
        byte* a0 = a;
        byte* a1 = rows > 1 ? a0 + aStride : a0;
        byte* a2 = rows > 2 ? a1 + aStride : a1;
        byte* a3 = rows > 3 ? a2 + aStride : a2;
        byte* a4 = rows > 4 ? a3 + aStride : a3;
        byte* a5 = rows > 5 ? a4 + aStride : a4;
        byte* a6 = rows > 6 ? a5 + aStride : a5;
        byte* a7 = rows > 7 ? a6 + aStride : a6;
        Vector256<int> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<int> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector256<int> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector256<int> c60 = default, c61 = default, c70 = default, c71 = default;
        for (nint k = 0; k < 4 * (nint)k4; k += 4)
        {
            Vector256<sbyte> w0 = Vector256.Load(w);
            Vector256<sbyte> w1 = Vector256.Load(w + 32);
            w += 64;
            Vector256<byte> x = Vector256.Create(*(int*)(a0 + k)).AsByte();
            c00 = TDot.Dot(c00, x, w0); c01 = TDot.Dot(c01, x, w1);
            x = Vector256.Create(*(int*)(a1 + k)).AsByte();
            c10 = TDot.Dot(c10, x, w0); c11 = TDot.Dot(c11, x, w1);
            x = Vector256.Create(*(int*)(a2 + k)).AsByte();
            c20 = TDot.Dot(c20, x, w0); c21 = TDot.Dot(c21, x, w1);
            x = Vector256.Create(*(int*)(a3 + k)).AsByte();
            c30 = TDot.Dot(c30, x, w0); c31 = TDot.Dot(c31, x, w1);
            x = Vector256.Create(*(int*)(a4 + k)).AsByte();
            c40 = TDot.Dot(c40, x, w0); c41 = TDot.Dot(c41, x, w1);
            x = Vector256.Create(*(int*)(a5 + k)).AsByte();
            c50 = TDot.Dot(c50, x, w0); c51 = TDot.Dot(c51, x, w1);
            x = Vector256.Create(*(int*)(a6 + k)).AsByte();
            c60 = TDot.Dot(c60, x, w0); c61 = TDot.Dot(c61, x, w1);
            x = Vector256.Create(*(int*)(a7 + k)).AsByte();
            c70 = TDot.Dot(c70, x, w0); c71 = TDot.Dot(c71, x, w1);
        }
        (Add(c00, rowAdd, 0)).Store(acc + 0); (Add(c01, rowAdd, 0)).Store(acc + 8);
        (Add(c10, rowAdd, 1)).Store(acc + 16); (Add(c11, rowAdd, 1)).Store(acc + 24);
        (Add(c20, rowAdd, 2)).Store(acc + 32); (Add(c21, rowAdd, 2)).Store(acc + 40);
        (Add(c30, rowAdd, 3)).Store(acc + 48); (Add(c31, rowAdd, 3)).Store(acc + 56);
        (Add(c40, rowAdd, 4)).Store(acc + 64); (Add(c41, rowAdd, 4)).Store(acc + 72);
        (Add(c50, rowAdd, 5)).Store(acc + 80); (Add(c51, rowAdd, 5)).Store(acc + 88);
        (Add(c60, rowAdd, 6)).Store(acc + 96); (Add(c61, rowAdd, 6)).Store(acc + 104);
        (Add(c70, rowAdd, 7)).Store(acc + 112); (Add(c71, rowAdd, 7)).Store(acc + 120);
        e.StoreRows(acc, rows, c, cStride, cols);
    }
}
