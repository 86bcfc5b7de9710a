using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// f32-dwconv-v512: float DEPTHWISE_CONV_2D (depth multiplier 1) on AVX-512 over weights packed once per model.
/// Packed layout, per block of 16 channels: <c>[16 bias][taps][16 weights]</c>, channels past C zero.
/// Loop order: output row, a chunk of up to <see cref="ChunkPixels"/> output pixels, channel block, pixels (four at a
/// time sharing each weight load), taps. A channel block's weights (at most 16 KiB for a 16x16 filter, 1.6 KiB for
/// 5x5) and the input it reads for the chunk stay in L1, where the pixel-outer order of
/// <see cref="DepthwiseConv2D"/> streams every channel's weights through L2 per pixel. The last, partial block uses
/// masked loads and stores. Each output is bias, then one FMA per tap in filter order (taps in the padding multiply a
/// zero), exactly as <see cref="DepthwiseConv2D"/> computes it: the two are bit-identical.
/// </summary>
public static unsafe class DepthwiseConv2DF32V512
{
    private const int Lanes = 16;
    /// <summary>Output pixels whose tap pointers are tabulated at once (fewer for large filters: the table is on the stack).</summary>
    public const int ChunkPixels = 64;

    /// <summary>
    /// True when the machine has AVX-512F and <paramref name="p"/> has depth multiplier 1, at most 2048 channels and at
    /// most 256 taps (the zero pixel and the tap tables live on the stack).
    /// </summary>
    public static bool Covers(in DepthwiseParams p)
        => Avx512F.IsSupported && p.DepthMultiplier == 1 && p.InputChannels > 0 && p.InputChannels <= DepthwiseConv2D.MaxStackChannels &&
           (long)p.FilterHeight * p.FilterWidth <= DepthwiseConv2D.MaxStackTaps;

    /// <summary>
    /// True when this kernel is expected to beat <see cref="DepthwiseConv2D"/> (measured on MobileNet-style layers): the
    /// channels fill whole 16-lane blocks, or there are enough of them that a half-empty last block costs little, or fewer
    /// than one <see cref="System.Numerics.Vector{T}"/> (which that kernel would do in scalar code; 32x32x4 3x3: 35 vs 10 us).
    /// Other counts (12, 20, 28, 36, ... once its last vector overlaps instead of going scalar) run faster there: 32x32x36
    /// 17 vs 24 us, 64x64x28 stride 2 14 vs 17 us.
    /// </summary>
    public static bool IsPreferred(in DepthwiseParams p) =>
        Covers(p) && (p.InputChannels % Lanes == 0 || p.InputChannels >= 128 || p.InputChannels < System.Numerics.Vector<float>.Count);

    private static int Blocks(in DepthwiseParams p) => (p.InputChannels + Lanes - 1) / Lanes;

    /// <summary>Floats of the packed weights.</summary>
    public static int PackedLength(in DepthwiseParams p)
        => checked(Blocks(p) * (p.FilterHeight * p.FilterWidth + 1) * Lanes);

    /// <summary>Packs filter [1, KH, KW, C] and the optional bias [C] (empty: zeros).</summary>
    public static void Pack(in DepthwiseParams p, ReadOnlySpan<float> filter, ReadOnlySpan<float> bias, Span<float> packed)
    {
        int c = p.InputChannels, taps = p.FilterHeight * p.FilterWidth;
        if (p.DepthMultiplier != 1) throw new ArgumentException("f32-dwconv-v512: depth multiplier 1 only");
        if (filter.Length < (long)taps * c) throw new ArgumentException($"f32-dwconv-v512: filter has {filter.Length} floats, needs {(long)taps * c}");
        if (!bias.IsEmpty && bias.Length < c) throw new ArgumentException($"f32-dwconv-v512: bias has {bias.Length} floats, needs {c}");
        if (packed.Length < PackedLength(p)) throw new ArgumentException($"f32-dwconv-v512: packed has {packed.Length} floats, needs {PackedLength(p)}");
        int o = 0;
        for (int cb = 0; cb < c; cb += Lanes)
        {
            for (int j = 0; j < Lanes; j++) packed[o++] = cb + j < c && !bias.IsEmpty ? bias[cb + j] : 0f;
            for (int t = 0; t < taps; t++)
                for (int j = 0; j < Lanes; j++) packed[o++] = cb + j < c ? filter[t * c + cb + j] : 0f;
        }
    }

    /// <summary>Computes output rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>) where row = b * OH + oy.</summary>
    [SkipLocalsInit] // the stack tables (up to 16 KiB) are written before they are read; the zero pixel is cleared explicitly
    public static void RunRows(in DepthwiseParams p, ReadOnlySpan<float> input, ReadOnlySpan<float> packed, Span<float> output,
                               int rowStart, int rowEnd)
    {
        if (!Covers(p)) throw new PlatformNotSupportedException("f32-dwconv-v512: needs AVX-512F, depth multiplier 1, at most 2048 channels and 256 taps (see Covers)");
        p.Check(input.Length, (int)Math.Min(int.MaxValue, p.FilterLength), 0, output.Length);
        if (packed.Length < PackedLength(p)) throw new ArgumentException("f32-dwconv-v512: packed weights too short");
        if (rowStart < 0 || rowEnd > p.Batches * p.OutputHeight || rowStart > rowEnd) throw new ArgumentOutOfRangeException(nameof(rowStart));
        int inH = p.InputHeight, inW = p.InputWidth, c = p.InputChannels;
        int kh = p.FilterHeight, kw = p.FilterWidth, outW = p.OutputWidth, taps = kh * kw;
        int blocks = Blocks(p), fullBlocks = c / Lanes;
        int chunk = Math.Max(4, Math.Min(ChunkPixels, 2048 / taps));
        var lo = Vector512.Create(p.ActivationMin);
        var hi = Vector512.Create(p.ActivationMax);
        var tailMask = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(c - fullBlocks * Lanes)).AsSingle();

        Span<float> zeroSpan = stackalloc float[blocks * Lanes]; // a zero pixel for taps in the padding
        zeroSpan.Clear();
        Span<nint> offsetSpan = stackalloc nint[taps];           // tap offsets (floats) from a pixel's top-left input
        Span<nint> tableSpan = stackalloc nint[chunk * taps];    // [chunk pixels][taps] input pixel pointers
        var (interiorStart, interiorEnd) = DepthwiseConv2D.TapOffsets(p, offsetSpan);
        nint step = (nint)p.StrideWidth * c;

        fixed (float* pIn = input)
        fixed (float* pW = packed)
        fixed (float* pOut = output)
        fixed (float* zero = zeroSpan)
        fixed (nint* offsets = offsetSpan)
        fixed (nint* table = tableSpan)
        {
            var geo = new Geometry { C = c, Taps = taps, Blocks = blocks, FullBlocks = fullBlocks, Lo = lo, Hi = hi, TailMask = tailMask,
                                     Group = PixelGroup(p) };
            for (int row = rowStart; row < rowEnd; row++)
            {
                int b = row / p.OutputHeight, oy = row - b * p.OutputHeight;
                int iy0 = oy * p.StrideHeight - p.PadTop;
                float* inBatch = pIn + (nint)b * inH * inW * c;
                float* outRow = pOut + (nint)row * outW * c;
                bool rowInside = iy0 >= 0 && iy0 + (kh - 1) * p.DilationHeight < inH;
                for (int ox = 0; ox < outW;)
                {
                    if (rowInside && ox >= interiorStart && ox < interiorEnd)
                    {
                        // Every tap inside the input: pixel j reads first + j * step + offsets[t].
                        int count = Math.Min(interiorEnd - ox, chunk);
                        float* first = inBatch + ((nint)iy0 * inW + ((nint)ox * p.StrideWidth - p.PadLeft)) * c;
                        Interior(geo, first, step, offsets, count, pW, outRow + (nint)ox * c);
                        ox += count;
                        continue;
                    }
                    // Border pixels up to the next interior run (or the chunk size): tabulate each tap's input pixel.
                    int end = rowInside && ox < interiorStart ? interiorStart : outW;
                    int n = Math.Min(end - ox, chunk);
                    for (int j = 0; j < n; j++)
                    {
                        int ix0 = (ox + j) * p.StrideWidth - p.PadLeft;
                        nint* tab = table + (nint)j * taps;
                        for (int ky = 0, t = 0; ky < kh; ky++)
                        {
                            int iy = iy0 + ky * p.DilationHeight;
                            for (int kx = 0; kx < kw; kx++, t++)
                            {
                                int ix = ix0 + kx * p.DilationWidth;
                                tab[t] = (uint)iy < (uint)inH && (uint)ix < (uint)inW ? (nint)(inBatch + ((nint)iy * inW + ix) * c) : (nint)zero;
                            }
                        }
                    }
                    Tabulated(geo, table, n, pW, outRow + (nint)ox * c);
                    ox += n;
                }
            }
        }
    }

    private struct Geometry
    {
        public int C, Taps, Blocks, FullBlocks;
        /// <summary>Pixels run per channel block before the next block: 4 (pixel-outer) or a whole chunk (block-outer).</summary>
        public int Group;
        public Vector512<float> Lo, Hi, TailMask;
    }

    private interface IAccess
    {
        static abstract Vector512<float> Load(float* x, Vector512<float> mask);
        static abstract void Store(float* x, Vector512<float> v, Vector512<float> mask);
    }

    private struct Full : IAccess
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load(float* x, Vector512<float> mask) => Vector512.Load(x);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(float* x, Vector512<float> v, Vector512<float> mask) => v.Store(x);
    }

    private struct Tail : IAccess
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load(float* x, Vector512<float> mask) => Avx512F.MaskLoad(x, mask, Vector512<float>.Zero);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(float* x, Vector512<float> v, Vector512<float> mask) => Avx512F.MaskStore(x, mask, v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Clamp(Vector512<float> v, in Geometry g) => Vector512.MinNative(g.Hi, Vector512.MaxNative(g.Lo, v));

    /// <summary>
    /// Block-outer order pays off when the input window of four pixels across all channels, plus all the weights, would
    /// not stay in L1 (large filters, many channels); otherwise pixel-outer order reads each pixel's channels
    /// contiguously, which the prefetchers prefer.
    /// </summary>
    public static int PixelGroup(in DepthwiseParams p)
    {
        long windowPixels = (long)p.FilterHeight * ((p.FilterWidth - 1) * p.DilationWidth + 1 + 3 * p.StrideWidth);
        long bytes = (windowPixels + (long)p.FilterHeight * p.FilterWidth) * p.InputChannels * sizeof(float);
        return bytes <= PixelOuterMaxBytes ? 4 : ChunkPixels;
    }

    /// <summary>Working-set bound (bytes) for pixel-outer order.</summary>
    internal static int PixelOuterMaxBytes = 24 * 1024;

    // The loops are split into small non-inlined methods on purpose: with every variant inlined into one method the JIT
    // spilled the four pixel pointers of the inner loop to the stack (reloading them on every tap).
    private static void Interior(in Geometry g, float* first, nint step, nint* offsets, int count, float* pW, float* out0)
    {
        int c = g.C, full = g.FullBlocks;
        bool tail = full < g.Blocks;
        nint blockLength = (nint)(g.Taps + 1) * Lanes;
        if (g.Group == 4)
        {
            // Pixel-outer: up to four pixels over every channel block, then the next four.
            for (int j = 0; j < count; j += 4)
            {
                int n = Math.Min(4, count - j);
                float* x = first + j * step, o = out0 + (nint)j * c;
                if (full > 0) PixelsAllBlocks(g, x, step, offsets, n, pW, o);
                if (tail) RowBlock<Tail>(g, x + full * Lanes, step, offsets, n, pW + full * blockLength, o + full * Lanes);
            }
            return;
        }
        // Block-outer: one channel block over every pixel, then the next block.
        for (int cb = 0; cb < full; cb++)
            RowBlock<Full>(g, first + cb * Lanes, step, offsets, count, pW + cb * blockLength, out0 + cb * Lanes);
        if (tail) RowBlock<Tail>(g, first + full * Lanes, step, offsets, count, pW + full * blockLength, out0 + full * Lanes);
    }

    /// <summary><paramref name="count"/> pixels of one channel block: four at a time, then one at a time.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RowBlock<TA>(in Geometry g, float* x, nint step, nint* offsets, int count, float* w, float* o) where TA : struct, IAccess
    {
        int c = g.C, j = 0;
        for (; j + 8 <= count; j += 8, x += 8 * step, o += 8 * c) Oct<TA>(g, x, step, offsets, w, o);
        for (; j + 4 <= count; j += 4, x += 4 * step, o += 4 * c) Quad<TA>(g, x, step, offsets, w, o);
        for (; j < count; j++, x += step, o += c) One<TA>(g, x, offsets, w, o);
    }

    /// <summary><paramref name="n"/> (1 to 4) pixels over every full channel block.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void PixelsAllBlocks(in Geometry g, float* x, nint step, nint* offsets, int n, float* w, float* o)
    {
        nint blockLength = (nint)(g.Taps + 1) * Lanes;
        int full = g.FullBlocks;
        if (n == 4)
        {
            for (int cb = 0; cb < full; cb++, x += Lanes, o += Lanes, w += blockLength) Quad<Full>(g, x, step, offsets, w, o);
            return;
        }
        for (int q = 0; q < n; q++, x += step, o += g.C)
        {
            float* xb = x, ob = o, wb = w;
            for (int cb = 0; cb < full; cb++, xb += Lanes, ob += Lanes, wb += blockLength) One<Full>(g, xb, offsets, wb, ob);
        }
    }

    /// <summary>Four pixels (pixel q reads <c>x + q * step + offsets[t]</c>) of one channel block, sharing each weight load.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Quad<TA>(in Geometry g, float* x, nint step, nint* offsets, float* w, float* o) where TA : struct, IAccess
    {
        int taps = g.Taps, c = g.C;
        var mask = g.TailMask;
        float* x1 = x + step, x2 = x + 2 * step, x3 = x + 3 * step;
        var a0 = Vector512.Load(w);
        Vector512<float> a1 = a0, a2 = a0, a3 = a0;
        float* wk = w + Lanes;
        for (int t = 0; t < taps; t++, wk += Lanes)
        {
            var wv = Vector512.Load(wk);
            nint off = offsets[t];
            a0 = Avx512F.FusedMultiplyAdd(TA.Load(x + off, mask), wv, a0);
            a1 = Avx512F.FusedMultiplyAdd(TA.Load(x1 + off, mask), wv, a1);
            a2 = Avx512F.FusedMultiplyAdd(TA.Load(x2 + off, mask), wv, a2);
            a3 = Avx512F.FusedMultiplyAdd(TA.Load(x3 + off, mask), wv, a3);
        }
        TA.Store(o, Clamp(a0, g), mask);
        TA.Store(o + c, Clamp(a1, g), mask);
        TA.Store(o + 2 * c, Clamp(a2, g), mask);
        TA.Store(o + 3 * c, Clamp(a3, g), mask);
    }

    /// <summary>Eight pixels of one channel block (eight independent FMA chains), sharing each weight load.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Oct<TA>(in Geometry g, float* x, nint step, nint* offsets, float* w, float* o) where TA : struct, IAccess
    {
        int taps = g.Taps, c = g.C;
        var mask = g.TailMask;
        float* x4 = x + 4 * step;
        var a0 = Vector512.Load(w);
        Vector512<float> a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        float* wk = w + Lanes;
        for (int t = 0; t < taps; t++, wk += Lanes)
        {
            var wv = Vector512.Load(wk);
            float* xa = x + offsets[t], xb = x4 + offsets[t];
            a0 = Avx512F.FusedMultiplyAdd(TA.Load(xa, mask), wv, a0);
            a1 = Avx512F.FusedMultiplyAdd(TA.Load(xa + step, mask), wv, a1);
            a2 = Avx512F.FusedMultiplyAdd(TA.Load(xa + 2 * step, mask), wv, a2);
            a3 = Avx512F.FusedMultiplyAdd(TA.Load(xa + 3 * step, mask), wv, a3);
            a4 = Avx512F.FusedMultiplyAdd(TA.Load(xb, mask), wv, a4);
            a5 = Avx512F.FusedMultiplyAdd(TA.Load(xb + step, mask), wv, a5);
            a6 = Avx512F.FusedMultiplyAdd(TA.Load(xb + 2 * step, mask), wv, a6);
            a7 = Avx512F.FusedMultiplyAdd(TA.Load(xb + 3 * step, mask), wv, a7);
        }
        TA.Store(o, Clamp(a0, g), mask);
        TA.Store(o + c, Clamp(a1, g), mask);
        TA.Store(o + 2 * c, Clamp(a2, g), mask);
        TA.Store(o + 3 * c, Clamp(a3, g), mask);
        TA.Store(o + 4 * c, Clamp(a4, g), mask);
        TA.Store(o + 5 * c, Clamp(a5, g), mask);
        TA.Store(o + 6 * c, Clamp(a6, g), mask);
        TA.Store(o + 7 * c, Clamp(a7, g), mask);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void One<TA>(in Geometry g, float* x, nint* offsets, float* w, float* o) where TA : struct, IAccess
    {
        int taps = g.Taps;
        var mask = g.TailMask;
        var a0 = Vector512.Load(w);
        float* wk = w + Lanes;
        for (int t = 0; t < taps; t++, wk += Lanes)
            a0 = Avx512F.FusedMultiplyAdd(TA.Load(x + offsets[t], mask), Vector512.Load(wk), a0);
        TA.Store(o, Clamp(a0, g), mask);
    }

    /// <summary>Border pixels: pixel j's tap t reads <c>table[j * taps + t] + channel</c> (a zero pixel in the padding). Pixel-outer, two at a time.</summary>
    private static void Tabulated(in Geometry g, nint* table, int count, float* pW, float* out0)
    {
        int c = g.C, taps = g.Taps, full = g.FullBlocks;
        bool tail = full < g.Blocks;
        nint blockLength = (nint)(taps + 1) * Lanes;
        for (int j = 0; j < count; j += 2)
        {
            int n = Math.Min(2, count - j);
            nint* t = table + (nint)j * taps;
            float* o = out0 + (nint)j * c;
            if (full > 0) TableBlocks<Full>(g, t, n, 0, full, pW, o);
            if (tail) TableBlocks<Tail>(g, t, n, full, full + 1, pW + full * blockLength, o + full * Lanes);
        }
    }

    /// <summary><paramref name="n"/> (1 or 2) tabulated pixels over channel blocks [<paramref name="cb0"/>, <paramref name="cb1"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void TableBlocks<TA>(in Geometry g, nint* table, int n, int cb0, int cb1, float* w, float* o) where TA : struct, IAccess
    {
        nint blockLength = (nint)(g.Taps + 1) * Lanes;
        for (int cb = cb0; cb < cb1; cb++, w += blockLength, o += Lanes)
        {
            if (n == 2) TablePair<TA>(g, table, cb * Lanes, w, o);
            else TableOne<TA>(g, table, cb * Lanes, w, o);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TablePair<TA>(in Geometry g, nint* t0, int channel, float* w, float* o) where TA : struct, IAccess
    {
        int taps = g.Taps;
        var mask = g.TailMask;
        nint* t1 = t0 + taps;
        var a0 = Vector512.Load(w);
        var a1 = a0;
        float* wk = w + Lanes;
        for (int t = 0; t < taps; t++, wk += Lanes)
        {
            var wv = Vector512.Load(wk);
            a0 = Avx512F.FusedMultiplyAdd(TA.Load((float*)t0[t] + channel, mask), wv, a0);
            a1 = Avx512F.FusedMultiplyAdd(TA.Load((float*)t1[t] + channel, mask), wv, a1);
        }
        TA.Store(o, Clamp(a0, g), mask);
        TA.Store(o + g.C, Clamp(a1, g), mask);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TableOne<TA>(in Geometry g, nint* t0, int channel, float* w, float* o) where TA : struct, IAccess
    {
        int taps = g.Taps;
        var mask = g.TailMask;
        var a0 = Vector512.Load(w);
        float* wk = w + Lanes;
        for (int t = 0; t < taps; t++, wk += Lanes)
            a0 = Avx512F.FusedMultiplyAdd(TA.Load((float*)t0[t] + channel, mask), Vector512.Load(wk), a0);
        TA.Store(o, Clamp(a0, g), mask);
    }
}
