using System.Numerics;

namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// Float AVERAGE_POOL_2D / MAX_POOL_2D vectorized over channels with <see cref="Vector{T}"/>. The window is summed in
/// the same order as the reference, so results match it exactly (NaN handling of max aside).
/// </summary>
public static unsafe class Pooling
{
    public static void AveragePool(in PoolParams p, ReadOnlySpan<float> input, Span<float> output) =>
        PoolRows(p, input, output, average: true, 0, p.Batches * p.OutputHeight);

    public static void MaxPool(in PoolParams p, ReadOnlySpan<float> input, Span<float> output) =>
        PoolRows(p, input, output, average: false, 0, p.Batches * p.OutputHeight);

    /// <summary>
    /// <see cref="AveragePool"/> or <see cref="MaxPool"/> for output rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>)
    /// of the Batches x OutputHeight rows: disjoint ranges may run on different threads; each output is computed the same way.
    /// </summary>
    public static void PoolRows(in PoolParams p, ReadOnlySpan<float> input, Span<float> output, bool average, int rowStart, int rowEnd)
    {
        if (!Vector.IsHardwareAccelerated && rowStart == 0 && rowEnd == p.Batches * p.OutputHeight)
        {
            if (average) Reference.Pooling.AveragePool(p, input, output);
            else Reference.Pooling.MaxPool(p, input, output);
            return;
        }
        Pool(p, input, output, average, rowStart, rowEnd); // software Vector<T> where there is no vector hardware: slower, same results
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
                        acc = average ? acc + v : Vector.MaxNative(acc, v);
                    }
                    if (average) acc = count == 0 ? Vector<float>.Zero : acc / new Vector<float>(count);
                    Vector.MinNative(hi, Vector.MaxNative(lo, acc)).Store(o + ch);
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
