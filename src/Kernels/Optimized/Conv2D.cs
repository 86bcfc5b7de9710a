using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ManagedLite.Kernels.Optimized.Gemm;

namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// Float CONV_2D as GEMM: output pixels are rows of A, filter rows ([OC, KH*KW*IC]) are packed once into panels
/// for a <see cref="F32GemmMicrokernel"/>. 1x1 stride-1 unpadded convolutions read the input directly; the rest
/// build im2col rows for a tile of output pixels in scratch (padding taps become zeros). Grouped convolution and
/// machines without any supported microkernel use <see cref="Reference.Conv2D"/>.
/// Work is split by output pixel (<c>RunRows</c>), so a caller can hand disjoint ranges to threads.
/// </summary>
public static unsafe class Conv2D
{
    /// <summary>Same contract as <see cref="Reference.Conv2D.Run"/>; packs the filter into a temporary array (allocates).</summary>
    public static void Run(in ConvParams p, ReadOnlySpan<float> input, ReadOnlySpan<float> filter, ReadOnlySpan<float> bias, Span<float> output)
    {
        var uk = SelectMicrokernel(p);
        if (uk is null)
        {
            Reference.Conv2D.Run(p, input, filter, bias, output);
            return;
        }
        Run(p, uk, input, filter, bias, output);
    }

    /// <summary>Runs with the given microkernel (tests and benchmarks force each one); allocates packing and scratch.</summary>
    public static void Run(in ConvParams p, F32GemmMicrokernel uk, ReadOnlySpan<float> input, ReadOnlySpan<float> filter,
                           ReadOnlySpan<float> bias, Span<float> output)
    {
        p.Check(input.Length, filter.Length, bias.Length, output.Length);
        if (p.Groups != 1) throw new ArgumentException("optimized conv: grouped convolution uses the reference kernel");
        var packed = new float[PackedWeightsLength(p, uk)];
        PackWeights(p, uk, filter, bias, packed);
        var scratch = new float[ScratchLength(p, uk)];
        RunPacked(p, uk, input, packed, output, scratch);
    }

    /// <summary>The microkernel for this convolution, or null when the reference kernel must be used.</summary>
    public static F32GemmMicrokernel? SelectMicrokernel(in ConvParams p)
    {
        if (p.Groups != 1) return null;
        var uk = F32GemmMicrokernels.SelectNarrow(p.OutputChannels, p.InputChannels);
        // Few input channels: the direct kernel (no im2col) reads 8x32 panels; for 3 to 16 output channels that pads
        // them, but still costs less than the im2col it saves (256 x 256 x 3 -> 16, 3 x 3 stride 2: 0.244 ms against 0.258).
        if (uk is not null && uk.NR > 1 && UseFewChannels && Conv2DFewChannelsV512.Covers(p, F32GemmMicrokernels.Gemm8x32FmaV512))
            return F32GemmMicrokernels.Gemm8x32FmaV512;
        return uk;
    }

    /// <summary>
    /// True when <paramref name="uk"/> is the one-column dot kernel and the convolution is not pointwise: it then reads
    /// the input directly (no im2col): per output pixel and channel, one dot product per filter row in bounds.
    /// </summary>
    public static bool IsDirectDot(in ConvParams p, F32GemmMicrokernel uk) => uk.NR == 1 && !IsPointwise(p);

    public static int PackedWeightsLength(in ConvParams p, F32GemmMicrokernel uk)
        => F32Gemm.PackedLength(p.OutputChannels, p.Depth, uk.NR);

    /// <summary>Packs filter [OC, KH, KW, IC] and bias for <paramref name="uk"/> (once, at prepare, for constant filters).</summary>
    public static void PackWeights(in ConvParams p, F32GemmMicrokernel uk, ReadOnlySpan<float> filter, ReadOnlySpan<float> bias, Span<float> packed)
    {
        if (filter.Length < p.FilterLength) throw new ArgumentException($"conv: filter has {filter.Length} elements, needs {p.FilterLength}");
        F32Gemm.Pack(filter, p.OutputChannels, p.Depth, bias, uk.NR, packed);
    }

    /// <summary>True when A is the input itself: 1x1 filter, stride 1, no padding, same spatial size.</summary>
    public static bool IsPointwise(in ConvParams p)
        => p.FilterHeight == 1 && p.FilterWidth == 1 && p.StrideHeight == 1 && p.StrideWidth == 1 &&
           p.PadTop == 0 && p.PadLeft == 0 && p.OutputHeight == p.InputHeight && p.OutputWidth == p.InputWidth;

    /// <summary>Output pixels per im2col tile.</summary>
    public static int TileRows(in ConvParams p, F32GemmMicrokernel uk)
    {
        int rows = Math.Max(1, 8192 / Math.Max(1, p.Depth)) / uk.MR * uk.MR;
        return Math.Max(rows, uk.MR);
    }

    /// <summary>Floats of scratch one call to <c>RunRows</c> needs (im2col tile of [TileRows, KH*KW*IC]).</summary>
    public static int ScratchLength(in ConvParams p, F32GemmMicrokernel uk)
        => IsPointwise(p) || IsDirectDot(p, uk) ? 0 : checked(TileRows(p, uk) * p.Depth);

    /// <summary>Runs on weights packed by <see cref="PackWeights"/>; no allocation.</summary>
    public static void RunPacked(in ConvParams p, F32GemmMicrokernel uk, ReadOnlySpan<float> input, ReadOnlySpan<float> packed,
                                 Span<float> output, Span<float> scratch)
        => RunRows(p, uk, input, packed, output, scratch, 0, checked(p.Batches * p.OutputHeight * p.OutputWidth));

    /// <summary>Computes output pixels [<paramref name="rowStart"/>, <paramref name="rowEnd"/>) (pixel = (b * OH + oy) * OW + ox).</summary>
    public static void RunRows(in ConvParams p, F32GemmMicrokernel uk, ReadOnlySpan<float> input, ReadOnlySpan<float> packed,
                               Span<float> output, Span<float> scratch, int rowStart, int rowEnd)
        => RunRows(p, uk, input, packed, output, scratch, rowStart, rowEnd, default, 0f, 0f);

    /// <summary>
    /// As <see cref="RunRows(in ConvParams, F32GemmMicrokernel, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, int, int)"/>,
    /// then, when <paramref name="residual"/> is not empty (a tensor of the output's shape), adds it to each tile of
    /// output while the tile is in cache and clamps to [<paramref name="residualMin"/>, <paramref name="residualMax"/>]
    /// (a residual ADD folded into the convolution; bit-identical to running the ADD after it).
    /// </summary>
    public static void RunRows(in ConvParams p, F32GemmMicrokernel uk, ReadOnlySpan<float> input, ReadOnlySpan<float> packed,
                               Span<float> output, Span<float> scratch, int rowStart, int rowEnd,
                               ReadOnlySpan<float> residual, float residualMin, float residualMax)
        => RunTile(p, uk, input, packed, output, scratch, rowStart, rowEnd, 0, p.OutputChannels, residual, residualMin, residualMax);

    /// <summary>
    /// As <see cref="RunRows(in ConvParams, F32GemmMicrokernel, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, int, int, ReadOnlySpan{float}, float, float)"/>
    /// for output channels [<paramref name="colStart"/>, <paramref name="colEnd"/>) only: a caller splits a convolution
    /// with few output pixels and many channels (the 8 x 8 layers of pose models) across threads by channel panels.
    /// <paramref name="colStart"/> must be a multiple of the microkernel's NR, <paramref name="colEnd"/> one too or the
    /// channel count; the one-column dot kernel takes only the whole range. Every output value is computed exactly as
    /// by the whole-range call.
    /// </summary>
    public static void RunTile(in ConvParams p, F32GemmMicrokernel uk, ReadOnlySpan<float> input, ReadOnlySpan<float> packed,
                               Span<float> output, Span<float> scratch, int rowStart, int rowEnd, int colStart, int colEnd,
                               ReadOnlySpan<float> residual, float residualMin, float residualMax)
    {
        if (colStart < 0 || colEnd > p.OutputChannels || colStart >= colEnd || colStart % uk.NR != 0 ||
            (colEnd != p.OutputChannels && colEnd % uk.NR != 0) || (IsDirectDot(p, uk) && (colStart != 0 || colEnd != p.OutputChannels)))
            throw new ArgumentOutOfRangeException(nameof(colStart), $"optimized conv: channel range [{colStart}, {colEnd}) of {p.OutputChannels} is not whole panels of {uk.NR}");
        if (!residual.IsEmpty && residual.Length < p.OutputLength)
            throw new ArgumentException($"optimized conv: residual has {residual.Length} elements, needs {p.OutputLength}");
        p.Check(input.Length, (int)Math.Min(int.MaxValue, p.FilterLength), 0, output.Length);
        if (p.Groups != 1) throw new ArgumentException("optimized conv: grouped convolution uses the reference kernel");
        if (!uk.IsSupported) throw new PlatformNotSupportedException($"{uk.Id} is not supported on this machine");
        int totalRows = p.Batches * p.OutputHeight * p.OutputWidth;
        if (rowStart < 0 || rowEnd > totalRows || rowStart > rowEnd) throw new ArgumentOutOfRangeException(nameof(rowStart));
        if (packed.Length < PackedWeightsLength(p, uk)) throw new ArgumentException("optimized conv: packed weights too short");
        if (scratch.Length < ScratchLength(p, uk)) throw new ArgumentException("optimized conv: scratch too short");
        int n = p.OutputChannels, k = p.Depth, cols = colEnd - colStart;

        fixed (float* pIn = input)
        fixed (float* pW = packed)
        fixed (float* pOut = output)
        fixed (float* pScratch = scratch)
        fixed (float* pRes = residual)
        {
            float* res = residual.IsEmpty ? null : pRes;
            float* w = pW + (nint)(colStart / uk.NR) * (k + 1) * uk.NR; // panels are [bias NR][K rows of NR]
            bool pointwise = IsPointwise(p), direct = IsDirectDot(p, uk);
            bool fewChannels = !pointwise && !direct && UseFewChannels && Conv2DFewChannelsV512.Covers(p, uk);
            int tile = pointwise || direct ? Math.Max(uk.MR, 4096 / Math.Max(1, n) / uk.MR * uk.MR) : TileRows(p, uk);
            if ((pointwise || direct) && res is null) tile = rowEnd - rowStart; // no epilogue: one call
            for (int r0 = rowStart; r0 < rowEnd; r0 += tile)
            {
                int rows = Math.Min(tile, rowEnd - r0);
                if (pointwise)
                {
                    F32Gemm.Run(uk, rows, cols, k, pIn + (nint)r0 * k, k, w, pOut + (nint)r0 * n + colStart, n, p.ActivationMin, p.ActivationMax);
                }
                else if (direct)
                {
                    DirectDotRows(p, pIn, pW, pOut, r0, r0 + rows);
                }
                else if (fewChannels)
                {
                    Conv2DFewChannelsV512.Tile(p, pIn, w, pOut, r0, rows, colStart, cols, pScratch);
                }
                else
                {
                    Im2ColTile(p, pIn, r0, rows, pScratch);
                    F32Gemm.Run(uk, rows, cols, k, pScratch, k, w, pOut + (nint)r0 * n + colStart, n, p.ActivationMin, p.ActivationMax);
                }
                if (res is null) continue;
                if (cols == n)
                    ResidualAdd.Apply(pOut + (nint)r0 * n, res + (nint)r0 * n, (nint)rows * n, residualMin, residualMax);
                else
                    for (int r = r0; r < r0 + rows; r++)
                        ResidualAdd.Apply(pOut + (nint)r * n + colStart, res + (nint)r * n + colStart, cols, residualMin, residualMax);
            }
        }
    }

    /// <summary>Off switch for <see cref="Conv2DFewChannelsV512"/> (tests compare it with the im2col path it replaces).</summary>
    internal static bool UseFewChannels = true;

    /// <summary>
    /// Writes the im2col rows of output pixels [<paramref name="pixel"/>, <paramref name="pixel"/> + <paramref name="rows"/>)
    /// consecutively into <paramref name="dst"/>; the pixel is decoded into (batch, y, x) once and then stepped.
    /// </summary>
    private static void Im2ColTile(in ConvParams p, float* input, int pixel, int rows, float* dst)
    {
        int outW = p.OutputWidth, outHW = p.OutputHeight * outW, k = p.Depth;
        int b = pixel / outHW, rem = pixel - b * outHW;
        int oy = rem / outW, ox = rem - oy * outW;
        int inH = p.InputHeight, inW = p.InputWidth, c = p.InputChannels, kh = p.FilterHeight, kw = p.FilterWidth;
        int sw = p.StrideWidth, rowFloats = kw * c;
        // Output columns whose filter window lies inside the input horizontally (dilation 1).
        int oxLo = 0, oxHi = 0;
        if (p.DilationWidth == 1 && inW - kw + p.PadLeft >= 0)
        {
            oxLo = Math.Min(outW, (p.PadLeft + sw - 1) / sw);
            oxHi = Math.Max(oxLo, Math.Min(outW, (inW - kw + p.PadLeft) / sw + 1));
        }
        for (int r = 0; r < rows;)
        {
            int iy0 = oy * p.StrideHeight - p.PadTop;
            if (p.DilationHeight == 1 && ox >= oxLo && ox < oxHi && iy0 >= 0 && iy0 + kh <= inH)
            {
                // Interior run of this output row: every filter row is kw * c contiguous floats of the input.
                int run = Math.Min(oxHi - ox, rows - r);
                float* src = input + ((nint)(b * inH + iy0) * inW + (ox * sw - p.PadLeft)) * c;
                nint step = (nint)sw * c, rowStep = (nint)inW * c;
                for (int i = 0; i < run; i++, src += step, dst += k)
                {
                    float* s = src;
                    for (int ky = 0; ky < kh; ky++, s += rowStep) CopyFloats(s, dst + ky * rowFloats, rowFloats);
                }
                r += run;
                ox += run;
            }
            else
            {
                Im2ColRow(p, input, b, oy, ox, dst);
                dst += k;
                r++;
                ox++;
            }
            if (ox == outW)
            {
                ox = 0;
                if (++oy == p.OutputHeight) { oy = 0; b++; }
            }
        }
    }

    /// <summary>Writes the KH*KW*IC inputs of output pixel (b, oy, ox) in filter order, zeros for padding.</summary>
    internal static void Im2ColRow(in ConvParams p, float* input, int b, int oy, int ox, float* row)
    {
        int inH = p.InputHeight, inW = p.InputWidth, c = p.InputChannels;
        int iy0 = oy * p.StrideHeight - p.PadTop, ix0 = ox * p.StrideWidth - p.PadLeft;
        int kw = p.FilterWidth;
        for (int ky = 0; ky < p.FilterHeight; ky++)
        {
            int iy = iy0 + ky * p.DilationHeight;
            if ((uint)iy >= (uint)inH)
            {
                new Span<float>(row, kw * c).Clear();
                row += kw * c;
                continue;
            }
            float* src = input + ((nint)(b * inH + iy) * inW) * c;
            if (p.DilationWidth == 1 && ix0 >= 0 && ix0 + kw <= inW)
            {
                // The whole filter row is in bounds and contiguous in the input: one copy of kw*c floats.
                CopyFloats(src + (nint)ix0 * c, row, kw * c);
                row += kw * c;
                continue;
            }
            for (int kx = 0; kx < kw; kx++, row += c)
            {
                int ix = ix0 + kx * p.DilationWidth;
                if ((uint)ix >= (uint)inW)
                    new Span<float>(row, c).Clear();
                else
                    CopyFloats(src + (nint)ix * c, row, c);
            }
        }
    }

    /// <summary>
    /// Copies <paramref name="count"/> floats with 256-bit moves (the last one overlapping), so the short filter rows of
    /// few-channel layers (3 x 3 taps of RGB: 9 floats) cost two moves, not a call into the general copy.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyFloats(float* src, float* dst, int count)
    {
        if (count >= 8 && Vector256.IsHardwareAccelerated)
        {
            int i = 0;
            for (; i <= count - 8; i += 8) Vector256.Store(Vector256.Load(src + i), dst + i);
            if (i < count) Vector256.Store(Vector256.Load(src + count - 8), dst + count - 8);
            return;
        }
        if (count >= 4 && Vector128.IsHardwareAccelerated)
        {
            Vector128.Store(Vector128.Load(src), dst);
            Vector128.Store(Vector128.Load(src + count - 4), dst + count - 4);
            return;
        }
        for (int i = 0; i < count; i++) dst[i] = src[i];
    }
    /// <summary>
    /// Output pixels [rowStart, rowEnd) on weights packed with NR = 1 (per channel: bias, then KH*KW*IC weights): the
    /// taps of a filter row that lie inside the input are contiguous in both input and weights (dilation 1), so each
    /// is one dot product with full vectors; one horizontal sum per output value.
    /// </summary>
    private static void DirectDotRows(in ConvParams p, float* input, float* packed, float* output, int rowStart, int rowEnd)
    {
        int outW = p.OutputWidth, outHW = p.OutputHeight * outW;
        int inH = p.InputHeight, inW = p.InputWidth, c = p.InputChannels, kw = p.FilterWidth, kh = p.FilterHeight;
        int oc = p.OutputChannels, depth = p.Depth;
        nint panel = (nint)depth + 1;
        int b = rowStart / outHW, rem = rowStart - b * outHW;
        int oy = rem / outW, ox = rem - oy * outW;
        for (int pixel = rowStart; pixel < rowEnd; pixel++, ox++)
        {
            if (ox == outW)
            {
                ox = 0;
                if (++oy == p.OutputHeight) { oy = 0; b++; }
            }
            int iy0 = oy * p.StrideHeight - p.PadTop, ix0 = ox * p.StrideWidth - p.PadLeft;
            // Filter columns inside the input: [kx0, kx1) when dilation is 1.
            int kx0 = 0, kx1 = kw;
            if (p.DilationWidth == 1)
            {
                kx0 = Math.Max(0, -ix0);
                kx1 = Math.Min(kw, inW - ix0);
            }
            float* outPixel = output + (nint)pixel * oc;
            for (int o = 0; o < oc; o++)
            {
                float* w = packed + o * panel;
                float bias = w[0];
                w++;
                var acc = System.Runtime.Intrinsics.Vector256<float>.Zero;
                float tail = 0f;
                for (int ky = 0; ky < kh; ky++)
                {
                    int iy = iy0 + ky * p.DilationHeight;
                    if ((uint)iy >= (uint)inH) continue;
                    float* src = input + ((nint)(b * inH + iy) * inW) * c;
                    float* wRow = w + (nint)ky * kw * c;
                    if (p.DilationWidth == 1)
                    {
                        if (kx1 > kx0)
                            F32Gemm4x1DotV256.Accumulate(src + (nint)(ix0 + kx0) * c, wRow + (nint)kx0 * c, (kx1 - kx0) * c, ref acc, ref tail);
                        continue;
                    }
                    for (int kx = 0; kx < kw; kx++)
                    {
                        int ix = ix0 + kx * p.DilationWidth;
                        if ((uint)ix < (uint)inW)
                            F32Gemm4x1DotV256.Accumulate(src + (nint)ix * c, wRow + (nint)kx * c, c, ref acc, ref tail);
                    }
                }
                outPixel[o] = Math.Min(Math.Max(F32Gemm4x1DotV256.Finish(acc, tail) + bias, p.ActivationMin), p.ActivationMax);
            }
        }
    }
}
