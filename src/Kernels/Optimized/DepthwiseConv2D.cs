using System.Numerics;

namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// Float DEPTHWISE_CONV_2D vectorized over channels with <see cref="Vector{T}"/> (AVX2: 8 lanes, NEON: 4), FMA where
/// the hardware has it; channels past the last whole vector are done by one more vector overlapping it (scalar only below one vector's width). Per output pixel it builds one input pointer per tap (taps in the
/// padding point at a zero row, so the inner loops have no bounds checks) and runs two FMA chains at once. Depth multiplier 1 only; other multipliers use
/// <see cref="Reference.DepthwiseConv2D"/>. Work is split by output row (<see cref="RunRows"/>) for future threading.
/// </summary>
public static unsafe class DepthwiseConv2D
{
    public const int MaxStackChannels = 2048;
    public const int MaxStackTaps = 256;

    public static void Run(in DepthwiseParams p, ReadOnlySpan<float> input, ReadOnlySpan<float> filter, ReadOnlySpan<float> bias, Span<float> output)
    {
        if (!IsCovered(p))
        {
            Reference.DepthwiseConv2D.Run(p, input, filter, bias, output);
            return;
        }
        RunRows(p, input, filter, bias, output, 0, p.Batches * p.OutputHeight);
    }

    /// <summary>
    /// True when this kernel handles <paramref name="p"/> itself: depth multiplier 1, vector hardware, and at most
    /// <see cref="MaxStackChannels"/> channels and <see cref="MaxStackTaps"/> taps (its tables live on the stack).
    /// </summary>
    public static bool IsCovered(in DepthwiseParams p)
        => p.DepthMultiplier == 1 && Vector.IsHardwareAccelerated && p.InputChannels <= MaxStackChannels &&
           (long)p.FilterHeight * p.FilterWidth <= MaxStackTaps;

    /// <summary>Computes output rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>) where row = b * OH + oy.</summary>
    public static void RunRows(in DepthwiseParams p, ReadOnlySpan<float> input, ReadOnlySpan<float> filter, ReadOnlySpan<float> bias,
                               Span<float> output, int rowStart, int rowEnd)
    {
        p.Check(input.Length, filter.Length, bias.Length, output.Length);
        if (p.DepthMultiplier != 1 || p.InputChannels > MaxStackChannels || (long)p.FilterHeight * p.FilterWidth > MaxStackTaps)
            throw new ArgumentException("optimized depthwise conv: needs depth multiplier 1 and no more than 2048 channels and 256 taps (see IsCovered)");
        if (rowStart < 0 || rowEnd > p.Batches * p.OutputHeight || rowStart > rowEnd) throw new ArgumentOutOfRangeException(nameof(rowStart));
        int inH = p.InputHeight, inW = p.InputWidth, c = p.InputChannels;
        int kh = p.FilterHeight, kw = p.FilterWidth, outW = p.OutputWidth;
        int vl = Vector<float>.Count;
        var lo = new Vector<float>(p.ActivationMin);
        var hi = new Vector<float>(p.ActivationMax);
        bool hasBias = !bias.IsEmpty;

        int taps = kh * kw;
        // Zero row for taps in the padding, and one input pointer per tap of the current output pixel.
        Span<float> zeroSpan = stackalloc float[c];
        zeroSpan.Clear();
        Span<nint> tapSpan = stackalloc nint[taps];
        // Tap offsets (floats) from an output pixel's top-left input pixel, and the output columns whose taps are all
        // inside the input horizontally.
        Span<nint> offsetSpan = stackalloc nint[taps];
        var (interiorStart, interiorEnd) = TapOffsets(p, offsetSpan);

        fixed (float* pIn = input)
        fixed (float* pW = filter)
        fixed (float* pB = bias)
        fixed (float* pOut = output)
        fixed (float* zero = zeroSpan)
        fixed (nint* tap = tapSpan)
        fixed (nint* offsets = offsetSpan)
        {
            for (int row = rowStart; row < rowEnd; row++)
            {
                int b = row / p.OutputHeight, oy = row - b * p.OutputHeight;
                int iy0 = oy * p.StrideHeight - p.PadTop;
                float* inBatch = pIn + (nint)b * inH * inW * c;
                float* outRow = pOut + (nint)row * outW * c;
                bool rowInside = iy0 >= 0 && iy0 + (kh - 1) * p.DilationHeight < inH;
                for (int ox = 0; ox < outW; ox++, outRow += c)
                {
                    if (rowInside && ox == interiorStart && interiorEnd > interiorStart)
                    {
                        // Every tap of these pixels is inside the input: fixed tap offsets, no table, no branches.
                        float* first = inBatch + ((nint)iy0 * inW + ((nint)ox * p.StrideWidth - p.PadLeft)) * c;
                        Interior(first, (nint)p.StrideWidth * c, interiorEnd - interiorStart, c, taps, offsets, pW, hasBias ? pB : null, outRow, p.ActivationMin, p.ActivationMax);
                        outRow += (nint)(interiorEnd - interiorStart - 1) * c;
                        ox = interiorEnd - 1;
                        continue;
                    }
                    int ix0 = ox * p.StrideWidth - p.PadLeft;
                    int t = 0;
                    for (int ky = 0; ky < kh; ky++)
                    {
                        int iy = iy0 + ky * p.DilationHeight;
                        for (int kx = 0; kx < kw; kx++, t++)
                        {
                            int ix = ix0 + kx * p.DilationWidth;
                            tap[t] = (uint)iy < (uint)inH && (uint)ix < (uint)inW
                                ? (nint)(inBatch + ((nint)iy * inW + ix) * c)
                                : (nint)zero;
                        }
                    }
                    int ch = 0;
                    // Two channel vectors at a time: two independent FMA chains.
                    for (; ch + 2 * vl <= c; ch += 2 * vl)
                    {
                        var acc0 = hasBias ? Vector.Load(pB + ch) : Vector<float>.Zero;
                        var acc1 = hasBias ? Vector.Load(pB + ch + vl) : Vector<float>.Zero;
                        float* w = pW + ch;
                        for (int k = 0; k < taps; k++, w += c)
                        {
                            float* x = (float*)tap[k] + ch;
                            acc0 = Vector.MultiplyAddEstimate(Vector.Load(x), Vector.Load(w), acc0);
                            acc1 = Vector.MultiplyAddEstimate(Vector.Load(x + vl), Vector.Load(w + vl), acc1);
                        }
                        Vector.MinNative(hi, Vector.MaxNative(lo, acc0)).Store(outRow + ch);
                        Vector.MinNative(hi, Vector.MaxNative(lo, acc1)).Store(outRow + ch + vl);
                    }
                    // One channel vector: one chain in tap order, as the interior path (a border pixel then computes
                    // exactly what it would on an input padded with zeros: PAD folding is bit-identical). The last one
                    // overlaps the previous (it ends at channel c): each lane's chain is the same whichever vector computes
                    // it, so the channels done twice get the same bits, and no tail channel goes through scalar code.
                    for (; ch < c && c >= vl; ch += vl)
                    {
                        if (ch > c - vl) ch = c - vl;
                        var acc0 = hasBias ? Vector.Load(pB + ch) : Vector<float>.Zero;
                        float* w = pW + ch;
                        for (int k = 0; k < taps; k++, w += c)
                            acc0 = Vector.MultiplyAddEstimate(Vector.Load((float*)tap[k] + ch), Vector.Load(w), acc0);
                        Vector.MinNative(hi, Vector.MaxNative(lo, acc0)).Store(outRow + ch);
                    }
                    for (; ch < c; ch++)
                    {
                        float acc = hasBias ? pB[ch] : 0f;
                        for (int k = 0; k < taps; k++)
                            acc = MathF.FusedMultiplyAdd(((float*)tap[k])[ch], pW[(nint)k * c + ch], acc);
                        outRow[ch] = Math.Min(Math.Max(acc, p.ActivationMin), p.ActivationMax);
                    }
                }
            }
        }
    }
    /// <summary>
    /// Fills <paramref name="offsets"/> (one per tap, in filter order) with the tap's offset in floats from an output
    /// pixel's top-left input pixel, and returns the output columns [Start, End) whose taps all lie inside the input
    /// horizontally. Shared with <see cref="DepthwiseConv2DF32V512"/>.
    /// </summary>
    internal static (int Start, int End) TapOffsets(in DepthwiseParams p, Span<nint> offsets)
    {
        int inW = p.InputWidth, c = p.InputChannels, kw = p.FilterWidth, outW = p.OutputWidth;
        for (int ky = 0, t = 0; ky < p.FilterHeight; ky++)
            for (int kx = 0; kx < kw; kx++, t++)
                offsets[t] = ((nint)ky * p.DilationHeight * inW + (nint)kx * p.DilationWidth) * c;
        int start = Math.Min(outW, (p.PadLeft + p.StrideWidth - 1) / p.StrideWidth);
        long lastIx = (long)inW - 1 - (long)(kw - 1) * p.DilationWidth + p.PadLeft; // ox * stride <= lastIx
        int end = lastIx < 0 ? 0 : (int)Math.Min(outW, lastIx / p.StrideWidth + 1);
        return (start, Math.Max(start, end));
    }

    /// <summary>
    /// <paramref name="count"/> output pixels whose taps are all in bounds: pixel j reads <c>first + j * step + offsets[t]</c>.
    /// Four pixels at a time share each weight load (four independent FMA chains, taps in filter order).
    /// </summary>
    private static void Interior(float* first, nint step, int count, int c, int taps, nint* offsets, float* pW, float* pB,
                                 float* outRow, float min, float max)
    {
        int vl = Vector<float>.Count;
        var lo = new Vector<float>(min);
        var hi = new Vector<float>(max);
        bool hasBias = pB != null;
        int j = 0;
        for (; j + 4 <= count; j += 4, first += 4 * step, outRow += 4 * c)
        {
            float* x0 = first, x1 = first + step, x2 = first + 2 * step, x3 = first + 3 * step;
            int ch = 0;
            for (; ch < c && c >= vl; ch += vl)
            {
                if (ch > c - vl) ch = c - vl; // overlapping last vector, as in RunRows
                var b = hasBias ? Vector.Load(pB + ch) : Vector<float>.Zero;
                Vector<float> a0 = b, a1 = b, a2 = b, a3 = b;
                float* w = pW + ch;
                for (int t = 0; t < taps; t++, w += c)
                {
                    var wv = Vector.Load(w);
                    nint o = offsets[t] + ch;
                    a0 = Vector.MultiplyAddEstimate(Vector.Load(x0 + o), wv, a0);
                    a1 = Vector.MultiplyAddEstimate(Vector.Load(x1 + o), wv, a1);
                    a2 = Vector.MultiplyAddEstimate(Vector.Load(x2 + o), wv, a2);
                    a3 = Vector.MultiplyAddEstimate(Vector.Load(x3 + o), wv, a3);
                }
                Vector.MinNative(hi, Vector.MaxNative(lo, a0)).Store(outRow + ch);
                Vector.MinNative(hi, Vector.MaxNative(lo, a1)).Store(outRow + c + ch);
                Vector.MinNative(hi, Vector.MaxNative(lo, a2)).Store(outRow + 2 * c + ch);
                Vector.MinNative(hi, Vector.MaxNative(lo, a3)).Store(outRow + 3 * c + ch);
            }
            for (; ch < c; ch++)
                for (int q = 0; q < 4; q++)
                    outRow[q * c + ch] = ScalarTap(first + q * step, ch, c, taps, offsets, pW, pB, min, max);
        }
        for (; j < count; j++, first += step, outRow += c)
        {
            int ch = 0;
            for (; ch + 2 * vl <= c; ch += 2 * vl)
            {
                var a0 = hasBias ? Vector.Load(pB + ch) : Vector<float>.Zero;
                var a1 = hasBias ? Vector.Load(pB + ch + vl) : Vector<float>.Zero;
                float* w = pW + ch;
                for (int t = 0; t < taps; t++, w += c)
                {
                    float* x = first + offsets[t] + ch;
                    a0 = Vector.MultiplyAddEstimate(Vector.Load(x), Vector.Load(w), a0);
                    a1 = Vector.MultiplyAddEstimate(Vector.Load(x + vl), Vector.Load(w + vl), a1);
                }
                Vector.MinNative(hi, Vector.MaxNative(lo, a0)).Store(outRow + ch);
                Vector.MinNative(hi, Vector.MaxNative(lo, a1)).Store(outRow + ch + vl);
            }
            for (; ch < c && c >= vl; ch += vl)
            {
                if (ch > c - vl) ch = c - vl; // overlapping last vector, as in RunRows
                var a0 = hasBias ? Vector.Load(pB + ch) : Vector<float>.Zero;
                float* w = pW + ch;
                for (int t = 0; t < taps; t++, w += c)
                    a0 = Vector.MultiplyAddEstimate(Vector.Load(first + offsets[t] + ch), Vector.Load(w), a0);
                Vector.MinNative(hi, Vector.MaxNative(lo, a0)).Store(outRow + ch);
            }
            for (; ch < c; ch++)
                outRow[ch] = ScalarTap(first, ch, c, taps, offsets, pW, pB, min, max);
        }
    }

    private static float ScalarTap(float* x, int ch, int c, int taps, nint* offsets, float* pW, float* pB, float min, float max)
    {
        float acc = pB != null ? pB[ch] : 0f;
        for (int t = 0; t < taps; t++)
            acc = MathF.FusedMultiplyAdd(x[offsets[t] + ch], pW[(nint)t * c + ch], acc);
        return Math.Min(Math.Max(acc, min), max);
    }
}
