using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ManagedLite.Kernels.Optimized.Gemm;

namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// f32-conv-fewc-4x32-v512: float CONV_2D with at most <see cref="MaxChannels"/> input channels (the RGB first layer
/// of image models: 3 x 3 x 3 taps) without im2col. It reads the weights packed for
/// <see cref="F32GemmMicrokernels.Gemm8x32FmaV512"/> (per panel of 32 output channels: bias, then KH*KW*IC rows) and
/// the input directly: an interior output pixel's filter row ky is KW*IC contiguous floats of input row iy0 + ky.
/// Four pixels of an output row share each weight load (eight accumulators), eight for a panel of at most 16 channels;
/// border pixels go through a one-pixel
/// im2col row in scratch. Every output is bias, then one FMA per tap in filter order, padding taps multiplying a
/// zero: exactly what the im2col + GEMM path computes, so the two are bit-identical.
/// </summary>
public static unsafe class Conv2DFewChannelsV512
{
    public const int MaxChannels = 4;
    private const int NR = 32;

    /// <summary>True when this kernel runs <paramref name="p"/> with weights packed for <paramref name="uk"/>.</summary>
    public static bool Covers(in ConvParams p, F32GemmMicrokernel uk)
        => Avx512F.IsSupported && ReferenceEquals(uk, F32GemmMicrokernels.Gemm8x32FmaV512) && p.Groups == 1 &&
           p.InputChannels <= MaxChannels && p.DilationHeight == 1 && p.DilationWidth == 1 && !Conv2D.IsPointwise(p);

    /// <summary>Floats of scratch a call needs: one im2col row for border pixels.</summary>
    public static int ScratchLength(in ConvParams p) => p.Depth;

    /// <summary>
    /// Output pixels [<paramref name="pixel"/>, <paramref name="pixel"/> + <paramref name="rows"/>), output channels
    /// [<paramref name="colStart"/>, <paramref name="colStart"/> + <paramref name="cols"/>) (colStart a multiple of 32);
    /// <paramref name="w"/> is the packed panel of <paramref name="colStart"/>. Callers (<see cref="Conv2D"/>) check sizes.
    /// </summary>
    internal static void Tile(in ConvParams p, float* input, float* w, float* output, int pixel, int rows, int colStart, int cols, float* scratch)
    {
        int outW = p.OutputWidth, outHW = p.OutputHeight * outW, n = p.OutputChannels, k = p.Depth;
        int inH = p.InputHeight, inW = p.InputWidth, c = p.InputChannels, kh = p.FilterHeight, kw = p.FilterWidth, sw = p.StrideWidth;
        int rowLen = kw * c;
        nint panel = (nint)(k + 1) * NR, inRow = (nint)inW * c, pixStep = (nint)sw * c;
        var lo = Vector512.Create(p.ActivationMin);
        var hi = Vector512.Create(p.ActivationMax);
        int b = pixel / outHW, rem = pixel - b * outHW;
        int oy = rem / outW, ox = rem - oy * outW;
        // Output columns whose filter window lies inside the input horizontally.
        int oxLo = Math.Min(outW, (p.PadLeft + sw - 1) / sw);
        int oxHi = inW - kw + p.PadLeft >= 0 ? Math.Max(oxLo, Math.Min(outW, (inW - kw + p.PadLeft) / sw + 1)) : oxLo;
        for (int r = 0; r < rows;)
        {
            int iy0 = oy * p.StrideHeight - p.PadTop;
            bool rowInside = iy0 >= 0 && iy0 + kh <= inH;
            float* o = output + (nint)(pixel + r) * n + colStart;
            int run;
            if (rowInside && ox >= oxLo && ox < oxHi)
            {
                run = Math.Min(oxHi - ox, rows - r);
                float* x = input + ((nint)(b * inH + iy0) * inW + (ox * sw - p.PadLeft)) * c;
                int j = 0;
                // A panel of at most 16 channels (a 16-channel stem, or the last panel) needs one vector per pixel: eight
                // pixels share each weight load.
                if (cols - (cols - 1) / NR * NR <= 16)
                {
                    int last = (cols - 1) / NR * NR;
                    for (; j + 8 <= run; j += 8, x += 8 * pixStep, o += 8 * n)
                    {
                        for (int col = 0; col < last; col += NR)
                        {
                            Quad(x, pixStep, inRow, kh, rowLen, w + col / NR * panel, o + col, n, NR, lo, hi);
                            Quad(x + 4 * pixStep, pixStep, inRow, kh, rowLen, w + col / NR * panel, o + 4 * n + col, n, NR, lo, hi);
                        }
                        Oct16(x, pixStep, inRow, kh, rowLen, w + last / NR * panel, o + last, n, cols - last, lo, hi);
                    }
                }
                for (; j + 4 <= run; j += 4, x += 4 * pixStep, o += 4 * n)
                    for (int col = 0; col < cols; col += NR)
                        Quad(x, pixStep, inRow, kh, rowLen, w + col / NR * panel, o + col, n, Math.Min(NR, cols - col), lo, hi);
                for (; j < run; j++, x += pixStep, o += n)
                    for (int col = 0; col < cols; col += NR)
                        One(x, inRow, kh, rowLen, w + col / NR * panel, o + col, Math.Min(NR, cols - col), lo, hi);
            }
            else
            {
                run = 1;
                Conv2D.Im2ColRow(p, input, b, oy, ox, scratch);
                for (int col = 0; col < cols; col += NR)
                    One(scratch, rowLen, kh, rowLen, w + col / NR * panel, o + col, Math.Min(NR, cols - col), lo, hi);
            }
            r += run;
            ox += run;
            if (ox == outW)
            {
                ox = 0;
                if (++oy == p.OutputHeight) { oy = 0; b++; }
            }
        }
    }

    /// <summary>Four pixels (pixel q's filter row ky at <c>x + q * pixStep + ky * rowStride</c>), one panel of up to 32 channels.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Quad(float* x, nint pixStep, nint rowStride, int kh, int rowLen, float* w, float* o, nint oStride, int nc,
                             Vector512<float> lo, Vector512<float> hi)
    {
        var c00 = Vector512.Load(w);
        var c01 = Vector512.Load(w + 16);
        Vector512<float> c10 = c00, c11 = c01, c20 = c00, c21 = c01, c30 = c00, c31 = c01;
        float* wk = w + NR;
        float* x0 = x, x1 = x + pixStep, x2 = x + 2 * pixStep, x3 = x + 3 * pixStep;
        for (int ky = 0; ky < kh; ky++, x0 += rowStride, x1 += rowStride, x2 += rowStride, x3 += rowStride)
        {
            for (int j = 0; j < rowLen; j++, wk += NR)
            {
                var b0 = Vector512.Load(wk);
                var b1 = Vector512.Load(wk + 16);
                var v = Vector512.Create(x0[j]); c00 = Avx512F.FusedMultiplyAdd(v, b0, c00); c01 = Avx512F.FusedMultiplyAdd(v, b1, c01);
                v = Vector512.Create(x1[j]); c10 = Avx512F.FusedMultiplyAdd(v, b0, c10); c11 = Avx512F.FusedMultiplyAdd(v, b1, c11);
                v = Vector512.Create(x2[j]); c20 = Avx512F.FusedMultiplyAdd(v, b0, c20); c21 = Avx512F.FusedMultiplyAdd(v, b1, c21);
                v = Vector512.Create(x3[j]); c30 = Avx512F.FusedMultiplyAdd(v, b0, c30); c31 = Avx512F.FusedMultiplyAdd(v, b1, c31);
            }
        }
        Store(o, c00, c01, nc, lo, hi);
        Store(o + oStride, c10, c11, nc, lo, hi);
        Store(o + 2 * oStride, c20, c21, nc, lo, hi);
        Store(o + 3 * oStride, c30, c31, nc, lo, hi);
    }

    /// <summary>Eight pixels, the first <paramref name="nc"/> &lt;= 16 channels of one panel (one vector per pixel).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Oct16(float* x, nint pixStep, nint rowStride, int kh, int rowLen, float* w, float* o, nint oStride, int nc,
                              Vector512<float> lo, Vector512<float> hi)
    {
        var c0 = Vector512.Load(w);
        Vector512<float> c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        float* wk = w + NR;
        for (int ky = 0; ky < kh; ky++, x += rowStride)
        {
            for (int j = 0; j < rowLen; j++, wk += NR)
            {
                var b = Vector512.Load(wk);
                float* xj = x + j;
                c0 = Avx512F.FusedMultiplyAdd(Vector512.Create(xj[0]), b, c0);
                c1 = Avx512F.FusedMultiplyAdd(Vector512.Create(xj[pixStep]), b, c1);
                c2 = Avx512F.FusedMultiplyAdd(Vector512.Create(xj[2 * pixStep]), b, c2);
                c3 = Avx512F.FusedMultiplyAdd(Vector512.Create(xj[3 * pixStep]), b, c3);
                c4 = Avx512F.FusedMultiplyAdd(Vector512.Create(xj[4 * pixStep]), b, c4);
                c5 = Avx512F.FusedMultiplyAdd(Vector512.Create(xj[5 * pixStep]), b, c5);
                c6 = Avx512F.FusedMultiplyAdd(Vector512.Create(xj[6 * pixStep]), b, c6);
                c7 = Avx512F.FusedMultiplyAdd(Vector512.Create(xj[7 * pixStep]), b, c7);
            }
        }
        Store16(o, c0, nc, lo, hi);
        Store16(o + oStride, c1, nc, lo, hi);
        Store16(o + 2 * oStride, c2, nc, lo, hi);
        Store16(o + 3 * oStride, c3, nc, lo, hi);
        Store16(o + 4 * oStride, c4, nc, lo, hi);
        Store16(o + 5 * oStride, c5, nc, lo, hi);
        Store16(o + 6 * oStride, c6, nc, lo, hi);
        Store16(o + 7 * oStride, c7, nc, lo, hi);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store16(float* o, Vector512<float> x, int nc, Vector512<float> lo, Vector512<float> hi)
    {
        x = Vector512.MinNative(hi, Vector512.MaxNative(lo, x));
        if (nc >= 16) x.Store(o);
        else Avx512F.MaskStore(o, Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(nc)).AsSingle(), x);
    }

    /// <summary>One pixel (filter row ky at <c>x + ky * rowStride</c>), one panel of up to 32 channels.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void One(float* x, nint rowStride, int kh, int rowLen, float* w, float* o, int nc, Vector512<float> lo, Vector512<float> hi)
    {
        var c0 = Vector512.Load(w);
        var c1 = Vector512.Load(w + 16);
        float* wk = w + NR;
        for (int ky = 0; ky < kh; ky++, x += rowStride)
        {
            for (int j = 0; j < rowLen; j++, wk += NR)
            {
                var v = Vector512.Create(x[j]);
                c0 = Avx512F.FusedMultiplyAdd(v, Vector512.Load(wk), c0);
                c1 = Avx512F.FusedMultiplyAdd(v, Vector512.Load(wk + 16), c1);
            }
        }
        Store(o, c0, c1, nc, lo, hi);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* o, Vector512<float> x0, Vector512<float> x1, int nc, Vector512<float> lo, Vector512<float> hi)
    {
        x0 = Vector512.MinNative(hi, Vector512.MaxNative(lo, x0));
        x1 = Vector512.MinNative(hi, Vector512.MaxNative(lo, x1));
        if (nc >= NR)
        {
            x0.Store(o);
            x1.Store(o + 16);
            return;
        }
        Avx512F.MaskStore(o, Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(nc)).AsSingle(), x0);
        Avx512F.MaskStore(o + 16, Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(nc - 16)).AsSingle(), x1);
    }
}
