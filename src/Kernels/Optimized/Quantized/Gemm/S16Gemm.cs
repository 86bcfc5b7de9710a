using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ManagedLite.Kernels.Optimized.Quantized.Gemm;

/// <summary>
/// int16 x int16 GEMM microkernels (vpmaddwd) for 8-bit convolutions on CPUs without a VNNI instruction that .NET can
/// emit (AVX2, and AVX-512 machines such as AMD Zen 4 that have AVX512-VNNI but not the VEX AVX-VNNI). Both operands are
/// widened once outside the inner loop (the filter at packing, the activations by the im2col), so each step is one
/// broadcast of an activation pair, two vpmaddwd and two vpaddd for 16 output channels, with no per-step widening.
/// A is [rows, K2] int16 (row stride aStride elements, K2 = K rounded up to 2, offsets already added), packed B is
/// [K2 / 2][16 channels][2] int16 for one block of 16 output channels. Each pair product sum is at most
/// 2 * 255 * 255 in magnitude, so vpmaddwd is exact and the int32 accumulation wraps like the reference.
/// Rows beyond <c>rows</c> alias the last valid row and are not stored; only the first <c>cols</c> channels are stored.
/// The epilogue (<see cref="IGemmEpilogue"/>) decides the output type: int8 requantization or the hybrid float scaling;
/// C's row stride is in elements of that type.
/// </summary>
internal static unsafe class S16Gemm
{
    public static bool IsSupported => Avx2.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(ref Vector256<int> c0, ref Vector256<int> c1, short* a, Vector256<short> w0, Vector256<short> w1)
    {
        Vector256<short> x = Vector256.Create(*(int*)a).AsInt16();
        c0 += Avx2.MultiplyAddAdjacent(x, w0);
        c1 += Avx2.MultiplyAddAdjacent(x, w1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    public static void Gemm4x16<TEpilogue>(int k2, short* a, nint aStride, int rows, short* w, in TEpilogue e, void* c, nint cStride, int cols)
        where TEpilogue : struct, IGemmEpilogue
    {
        int* acc = stackalloc int[4 * 16];
        short* a0 = a;
        short* a1 = rows > 1 ? a0 + aStride : a0;
        short* a2 = rows > 2 ? a1 + aStride : a1;
        short* a3 = rows > 3 ? a2 + aStride : a2;
        Vector256<int> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<int> c20 = default, c21 = default, c30 = default, c31 = default;
        for (nint k = 0; k < 2 * (nint)k2; k += 2)
        {
            Vector256<short> w0 = Vector256.Load(w);
            Vector256<short> w1 = Vector256.Load(w + 16);
            w += 32;
            Step(ref c00, ref c01, a0 + k, w0, w1);
            Step(ref c10, ref c11, a1 + k, w0, w1);
            Step(ref c20, ref c21, a2 + k, w0, w1);
            Step(ref c30, ref c31, a3 + k, w0, w1);
        }
        c00.Store(acc + 0); c01.Store(acc + 8);
        c10.Store(acc + 16); c11.Store(acc + 24);
        c20.Store(acc + 32); c21.Store(acc + 40);
        c30.Store(acc + 48); c31.Store(acc + 56);
        e.StoreRows(acc, rows, c, cStride, cols);
    }

    /// <summary>8 rows: 16 accumulators plus operands need the 32 vector registers of AVX-512 machines.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    public static void Gemm8x16<TEpilogue>(int k2, short* a, nint aStride, int rows, short* w, in TEpilogue e, void* c, nint cStride, int cols)
        where TEpilogue : struct, IGemmEpilogue
    {
        int* acc = stackalloc int[8 * 16];
        short* a0 = a;
        short* a1 = rows > 1 ? a0 + aStride : a0;
        short* a2 = rows > 2 ? a1 + aStride : a1;
        short* a3 = rows > 3 ? a2 + aStride : a2;
        short* a4 = rows > 4 ? a3 + aStride : a3;
        short* a5 = rows > 5 ? a4 + aStride : a4;
        short* a6 = rows > 6 ? a5 + aStride : a5;
        short* a7 = rows > 7 ? a6 + aStride : a6;
        Vector256<int> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<int> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector256<int> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector256<int> c60 = default, c61 = default, c70 = default, c71 = default;
        for (nint k = 0; k < 2 * (nint)k2; k += 2)
        {
            Vector256<short> w0 = Vector256.Load(w);
            Vector256<short> w1 = Vector256.Load(w + 16);
            w += 32;
            Step(ref c00, ref c01, a0 + k, w0, w1);
            Step(ref c10, ref c11, a1 + k, w0, w1);
            Step(ref c20, ref c21, a2 + k, w0, w1);
            Step(ref c30, ref c31, a3 + k, w0, w1);
            Step(ref c40, ref c41, a4 + k, w0, w1);
            Step(ref c50, ref c51, a5 + k, w0, w1);
            Step(ref c60, ref c61, a6 + k, w0, w1);
            Step(ref c70, ref c71, a7 + k, w0, w1);
        }
        c00.Store(acc + 0); c01.Store(acc + 8);
        c10.Store(acc + 16); c11.Store(acc + 24);
        c20.Store(acc + 32); c21.Store(acc + 40);
        c30.Store(acc + 48); c31.Store(acc + 56);
        c40.Store(acc + 64); c41.Store(acc + 72);
        c50.Store(acc + 80); c51.Store(acc + 88);
        c60.Store(acc + 96); c61.Store(acc + 104);
        c70.Store(acc + 112); c71.Store(acc + 120);
        e.StoreRows(acc, rows, c, cStride, cols);
    }

    /// <summary>
    /// Packs one output channel's K filter values (already widened and offset) into the [K2 / 2][16][2] block layout;
    /// <paramref name="blockBase"/> is the block's first element.
    /// </summary>
    public static void PackChannel(ReadOnlySpan<short> values, Span<short> packed, int blockBase, int lane)
    {
        for (int i = 0; i < values.Length; i++) packed[blockBase + (i / 2) * 32 + lane * 2 + (i & 1)] = values[i];
    }

    /// <summary>Widens 8-bit activations to int16 and adds the input offset: sign- or zero-extended.</summary>
    internal interface IWiden
    {
        static abstract void Widen(byte* src, short* dst, int n, int offset);

        /// <summary>16 consecutive 8-bit values widened to int32 lanes (AVX-512 F), without the offset.</summary>
        static abstract Vector512<int> Widen16(byte* src);

        /// <summary>One 8-bit value widened, without the offset.</summary>
        static abstract int WidenOne(byte* src);
    }

    internal struct SignedWiden : IWiden
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> Widen16(byte* src) => Avx512F.ConvertToVector512Int32(Vector128.Load((sbyte*)src));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int WidenOne(byte* src) => *(sbyte*)src;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Widen(byte* src, short* dst, int n, int offset)
        {
            int i = 0;
            Vector256<short> off = Vector256.Create((short)offset);
            for (; i <= n - 16; i += 16) (Avx2.ConvertToVector256Int16(Vector128.Load((sbyte*)src + i)) + off).Store(dst + i);
            if (n - i >= 8)
            {
                // 8 to 15 left (a 3 x 3 filter row of RGB is 9): two overlapping 8-wide widenings, no read or write past n.
                Vector128<short> o = off.GetLower();
                (Sse41.ConvertToVector128Int16(Vector128.CreateScalarUnsafe(*(long*)(src + i)).AsSByte()) + o).Store(dst + i);
                (Sse41.ConvertToVector128Int16(Vector128.CreateScalarUnsafe(*(long*)(src + n - 8)).AsSByte()) + o).Store(dst + n - 8);
                return;
            }
            for (; i < n; i++) dst[i] = (short)(((sbyte*)src)[i] + offset);
        }
    }

    internal struct UnsignedWiden : IWiden
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> Widen16(byte* src) => Avx512F.ConvertToVector512Int32(Vector128.Load(src));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int WidenOne(byte* src) => *src;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Widen(byte* src, short* dst, int n, int offset)
        {
            int i = 0;
            Vector256<short> off = Vector256.Create((short)offset);
            for (; i <= n - 16; i += 16) (Avx2.ConvertToVector256Int16(Vector128.Load(src + i)) + off).Store(dst + i);
            if (n - i >= 8)
            {
                Vector128<short> o = off.GetLower();
                (Sse41.ConvertToVector128Int16(Vector128.CreateScalarUnsafe(*(long*)(src + i)).AsByte()) + o).Store(dst + i);
                (Sse41.ConvertToVector128Int16(Vector128.CreateScalarUnsafe(*(long*)(src + n - 8)).AsByte()) + o).Store(dst + n - 8);
                return;
            }
            for (; i < n; i++) dst[i] = (short)(src[i] + offset);
        }
    }

    /// <summary>
    /// Rows p0 .. p0 + n of batch b of an NHWC 8-bit input as [n, K2] int16 patches of (x + inputOffset); taps outside
    /// the image and the K tail are 0, so they add nothing, like the reference's skipped taps.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Im2Col<TWiden>(in Params.QuantizedConvParams p, byte* input, int b, int p0, int n, short* dst, int k2)
        where TWiden : struct, IWiden
    {
        int inH = p.InputHeight, inW = p.InputWidth, inD = p.InputDepth, outW = p.OutputWidth;
        int fH = p.FilterHeight, fW = p.FilterWidth, offset = p.InputOffset;
        int k = fH * fW * inD;
        int oy = p0 / outW, ox = p0 - oy * outW - 1;
        for (int i = 0; i < n; i++)
        {
            if (++ox == outW) { ox = 0; oy++; } // step the pixel instead of dividing per row
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
                    TWiden.Widen(input + (((nint)b * inH + iy) * inW + inXOrigin) * inD, row + t, fW * inD, offset);
                    t += fW * inD;
                    continue;
                }
                for (int fx = 0; fx < fW; fx++, t += inD)
                {
                    int ix = inXOrigin + p.DilationWidth * fx;
                    if (!rowInside || ix < 0 || ix >= inW) new Span<short>(row + t, inD).Clear();
                    else TWiden.Widen(input + (((nint)b * inH + iy) * inW + ix) * inD, row + t, inD, offset);
                }
            }
            for (t = k; t < k2; t++) row[t] = 0;
        }
    }
}
