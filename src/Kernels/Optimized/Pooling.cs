using System.Numerics;

namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// Float AVERAGE_POOL_2D / MAX_POOL_2D vectorized over channels with <see cref="Vector{T}"/>. The window is summed in
/// the same order as the reference, so results match it exactly. Max uses <see cref="Vector.Max{T}(Vector{T}, Vector{T})"/>,
/// which is <see cref="Math.Max(float, float)"/> per lane (a NaN operand wins, the first one when both are NaN; -0 &lt; +0),
/// so NaN inputs give the reference's NaN, payload included. Large windows with overlapping rows (SPPF's 5x5 stride 1)
/// are separable: each input row's horizontal window maxima go once into a ring of FilterHeight rows, and each output
/// row is the maximum of its window's ring rows. Max is associative and commutative under those rules except for which
/// NaN wins, and taking each row's horizontal maximum before combining rows top to bottom keeps the reference's
/// row-major first NaN, so that path is bit-identical too.
/// </summary>
public static unsafe class Pooling
{
    public static void AveragePool(in PoolParams p, ReadOnlySpan<float> input, Span<float> output) =>
        PoolRows(p, input, output, average: true, 0, p.Batches * p.OutputHeight);

    /// <summary>MAX_POOL_2D over all rows; allocates the separable path's ring (the op passes scratch to <see cref="PoolRows"/>).</summary>
    public static void MaxPool(in PoolParams p, ReadOnlySpan<float> input, Span<float> output) =>
        PoolRows(p, input, output, average: false, 0, p.Batches * p.OutputHeight, new float[MaxPoolScratchLength(p)]);

    /// <summary>Taller windows take the direct path (the separable one keeps a stack table of the window's ring rows).</summary>
    private const int MaxSeparableFilterHeight = 256;

    /// <summary>
    /// Floats of scratch one thread's <see cref="PoolRows"/> call needs for a max pool: the separable path's ring of
    /// FilterHeight rows of OutputWidth x Channels horizontal maxima, or 0 where the direct window loop is used (small or
    /// non-overlapping windows, where the ring's extra store and load per tap would not pay).
    /// </summary>
    public static int MaxPoolScratchLength(in PoolParams p)
    {
        if (!Vector.IsHardwareAccelerated || p.Channels < Vector<float>.Count) return 0;
        int fh = p.FilterHeight, fw = p.FilterWidth;
        int rowsPerOutput = Math.Min(p.StrideHeight, fh);           // new input rows per output row
        long direct = (long)fh * fw + 1, separable = (long)rowsPerOutput * (fw + 1) + fh + 1;
        if (separable * 5 > direct * 4) return 0;
        long length = (long)fh * p.OutputWidth * p.Channels;
        return fh > MaxSeparableFilterHeight || length > int.MaxValue / 8 ? 0 : (int)length;
    }

    /// <summary>
    /// <see cref="AveragePool"/> or <see cref="MaxPool"/> for output rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>)
    /// of the Batches x OutputHeight rows: disjoint ranges may run on different threads (each with its own
    /// <paramref name="scratch"/>); each output is computed the same way. A max pool takes the separable path when
    /// <see cref="MaxPoolScratchLength"/> is positive and <paramref name="scratch"/> holds that many floats, else the
    /// direct one (same bits).
    /// </summary>
    public static void PoolRows(in PoolParams p, ReadOnlySpan<float> input, Span<float> output, bool average, int rowStart, int rowEnd,
                                Span<float> scratch = default)
    {
        if (!Vector.IsHardwareAccelerated && rowStart == 0 && rowEnd == p.Batches * p.OutputHeight)
        {
            if (average) Reference.Pooling.AveragePool(p, input, output);
            else Reference.Pooling.MaxPool(p, input, output);
            return;
        }
        if (!average)
        {
            int ring = MaxPoolScratchLength(p);
            if (ring > 0 && scratch.Length >= ring)
            {
                SeparableMax(p, input, output, rowStart, rowEnd, scratch[..ring]);
                return;
            }
        }
        Pool(p, input, output, average, rowStart, rowEnd); // software Vector<T> where there is no vector hardware: slower, same results
    }

    /// <summary>
    /// The separable max pool (Channels &gt;= one vector). Input rows are needed in increasing order (batch-major global row
    /// index), and an output row's window spans at most FilterHeight of them, so global row g lives in ring slot
    /// g % FilterHeight from when it is first needed until no later output row needs it.
    /// </summary>
    private static void SeparableMax(in PoolParams p, ReadOnlySpan<float> input, Span<float> output, int rowStart, int rowEnd, Span<float> ring)
    {
        p.Check(input.Length, output.Length);
        if (rowStart < 0 || rowEnd > p.Batches * p.OutputHeight || rowStart > rowEnd)
            throw new ArgumentOutOfRangeException(nameof(rowStart), $"rows [{rowStart}, {rowEnd}) are outside the {p.Batches * p.OutputHeight} output rows");
        int inH = p.InputHeight, inW = p.InputWidth, c = p.Channels, ow = p.OutputWidth, fh = p.FilterHeight;
        int vl = Vector<float>.Count, rowLen = ow * c;
        var lowest = new Vector<float>(float.MinValue);
        var lo = new Vector<float>(p.ActivationMin);
        var hi = new Vector<float>(p.ActivationMax);
        long computed = long.MinValue;                                 // highest global input row in the ring
        float** window = stackalloc float*[fh];                        // the current output row's ring rows, top to bottom
        fixed (float* pIn = input)
        fixed (float* pOut = output)
        fixed (float* pRing = ring)
        {
            for (int row = rowStart; row < rowEnd; row++)
            {
                int b = row / p.OutputHeight, oy = row - b * p.OutputHeight;
                int iy0 = oy * p.StrideHeight - p.PadTop;
                int yStart = Math.Max(0, -iy0), yEnd = Math.Min(fh, inH - iy0);
                long gBase = (long)b * inH + iy0;
                for (int ky = yStart; ky < yEnd; ky++)
                {
                    long g = gBase + ky;
                    float* slot = pRing + (nint)(g % fh) * rowLen;
                    window[ky - yStart] = slot;
                    if (g <= computed) continue;
                    HorizontalMax(p, pIn + (nint)g * inW * c, slot);
                    computed = g;
                }
                int taps = Math.Max(0, yEnd - yStart);
                float* o = pOut + (nint)row * rowLen;
                // Rows top to bottom, each flat over [OutputWidth, Channels]; the last vector overlaps the previous one.
                for (int i = 0; i < rowLen; i += vl)
                {
                    if (i > rowLen - vl) i = rowLen - vl;
                    var acc = lowest;
                    for (int k = 0; k < taps; k++) acc = Vector.Max(acc, Vector.Load(window[k] + i));
                    Vector.Min(Vector.Max(acc, lo), hi).Store(o + i);
                }
            }
        }
    }

    /// <summary>hrow[ox, ch] = the maximum, from float.MinValue, over the in-bounds columns of output column ox's window in one input row.</summary>
    private static void HorizontalMax(in PoolParams p, float* inRow, float* hrow)
    {
        int c = p.Channels, vl = Vector<float>.Count, inW = p.InputWidth;
        var lowest = new Vector<float>(float.MinValue);
        for (int ox = 0; ox < p.OutputWidth; ox++, hrow += c)
        {
            int ix0 = ox * p.StrideWidth - p.PadLeft;
            int xStart = Math.Max(0, -ix0), xEnd = Math.Min(p.FilterWidth, inW - ix0);
            float* win = inRow + (nint)ix0 * c;
            for (int ch = 0; ch < c; ch += vl)
            {
                if (ch > c - vl) ch = c - vl;
                var acc = lowest;
                for (int kx = xStart; kx < xEnd; kx++) acc = Vector.Max(acc, Vector.Load(win + (nint)kx * c + ch));
                acc.Store(hrow + ch);
            }
        }
    }

    private static void Pool(in PoolParams p, ReadOnlySpan<float> input, Span<float> output, bool average, int rowStart, int rowEnd)
    {
        p.Check(input.Length, output.Length);
        if (rowStart < 0 || rowEnd > p.Batches * p.OutputHeight || rowStart > rowEnd)
            throw new ArgumentOutOfRangeException(nameof(rowStart), $"rows [{rowStart}, {rowEnd}) are outside the {p.Batches * p.OutputHeight} output rows");
        int inH = p.InputHeight, inW = p.InputWidth, c = p.Channels;
        int vl = Vector<float>.Count;
        var lo = new Vector<float>(p.ActivationMin);
        var hi = new Vector<float>(p.ActivationMax);
        fixed (float* pIn = input)
        fixed (float* pOut = output)
        {
            float* o = pOut + (nint)rowStart * p.OutputWidth * c;
            for (int row = rowStart; row < rowEnd; row++)
            for (int ox = 0; ox < p.OutputWidth; ox++, o += c)
            {
                int b = row / p.OutputHeight, oy = row - b * p.OutputHeight;
                int iy0 = oy * p.StrideHeight - p.PadTop, ix0 = ox * p.StrideWidth - p.PadLeft;
                int yStart = Math.Max(0, -iy0), yEnd = Math.Min(p.FilterHeight, inH - iy0);
                int xStart = Math.Max(0, -ix0), xEnd = Math.Min(p.FilterWidth, inW - ix0);
                int count = Math.Max(0, yEnd - yStart) * Math.Max(0, xEnd - xStart);
                float* win = pIn + ((nint)(b * inH + iy0) * inW + ix0) * c;
                int ch = 0;
                // The last vector overlaps the previous one so that it ends at channel c (the channels done twice get the
                // same bits); scalar code only below one vector's width.
                for (; ch < c && c >= vl; ch += vl)
                {
                    if (ch > c - vl) ch = c - vl;
                    var acc = average ? Vector<float>.Zero : new Vector<float>(float.MinValue);
                    for (int ky = yStart; ky < yEnd; ky++)
                    for (int kx = xStart; kx < xEnd; kx++)
                    {
                        var v = Vector.Load(win + ((nint)ky * inW + kx) * c + ch);
                        acc = average ? acc + v : Vector.Max(acc, v);
                    }
                    if (average) acc = count == 0 ? Vector<float>.Zero : acc / new Vector<float>(count);
                    // maxps/minps return their second operand when one is NaN: the bound first keeps a NaN average. A maximum can
                    // be -0, which Math.Max(-0, +0) raises to +0 (maxps keeps the second operand): the exact forms there.
                    if (average) Vector.MinNative(hi, Vector.MaxNative(lo, acc)).Store(o + ch);
                    else Vector.Min(Vector.Max(acc, lo), hi).Store(o + ch);
                }
                for (; ch < c; ch++)
                {
                    float acc = average ? 0f : float.MinValue;
                    for (int ky = yStart; ky < yEnd; ky++)
                    for (int kx = xStart; kx < xEnd; kx++)
                    {
                        float v = win[((nint)ky * inW + kx) * c + ch];
                        acc = average ? acc + v : Math.Max(acc, v);
                    }
                    if (average) acc = count == 0 ? 0f : acc / count;
                    o[ch] = Math.Min(Math.Max(acc, p.ActivationMin), p.ActivationMax);
                }
            }
        }
    }
}
