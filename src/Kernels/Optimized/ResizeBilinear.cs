using System.Numerics;

namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// Float RESIZE_BILINEAR with per-column interpolation tables computed once per call (on the stack) and the
/// channel loop vectorized with <see cref="Vector{T}"/>. The arithmetic is the reference's, term for term and
/// in the same order (no FMA), so results are bit-identical to <see cref="Reference.ResizeBilinear"/>.
/// Falls back to the reference for very wide outputs.
/// </summary>
public static class ResizeBilinear
{
    private const int MaxTableWidth = 2048;

    /// <summary>Whether <see cref="RunRows"/> covers an output of this width (wider ones run the reference).</summary>
    public static bool CoversWidth(int outWidth) => outWidth > 0 && outWidth <= MaxTableWidth;

    // input: [batch, inH, inW, depth]; output: [batch, outH, outW, depth]
    public static void Run(ReadOnlySpan<int> inputShape, ReadOnlySpan<float> input, int outHeight, int outWidth,
                           bool alignCorners, bool halfPixelCenters, Span<float> output)
    {
        if (!CoversWidth(outWidth))
        {
            Reference.ResizeBilinear.Run(inputShape, input, outHeight, outWidth, alignCorners, halfPixelCenters, output);
            return;
        }
        RunRows(inputShape, input, outHeight, outWidth, alignCorners, halfPixelCenters, output, 0, inputShape[0] * outHeight);
    }

    /// <summary>
    /// Output rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>) of the batch-major row sequence
    /// (row = batch * outHeight + y), only; each row is computed as in <see cref="Run"/>, so disjoint row ranges may run
    /// on different threads and together give the same bits. The width must pass <see cref="CoversWidth"/>.
    /// </summary>
    public static void RunRows(ReadOnlySpan<int> inputShape, ReadOnlySpan<float> input, int outHeight, int outWidth,
                               bool alignCorners, bool halfPixelCenters, Span<float> output, int rowStart, int rowEnd)
    {
        if (!CoversWidth(outWidth)) throw new ArgumentOutOfRangeException(nameof(outWidth), outWidth, $"1 to {MaxTableWidth}");
        var (batch, inH, inW, depth) = Reference.ResizeBilinear.Validate(inputShape, input.Length, outHeight, outWidth,
                                                                          alignCorners, halfPixelCenters, output.Length);
        if ((uint)rowStart > (uint)rowEnd || rowEnd > batch * outHeight)
            throw new ArgumentOutOfRangeException(nameof(rowEnd), $"rows [{rowStart}, {rowEnd}) outside [0, {batch * outHeight})");
        if (output.Length == 0 || rowStart == rowEnd) return;
        float heightScale = Reference.ResizeBilinear.Scale(inH, outHeight, alignCorners);
        float widthScale = Reference.ResizeBilinear.Scale(inW, outWidth, alignCorners);

        Span<int> xLo = stackalloc int[outWidth];
        Span<int> xHi = stackalloc int[outWidth];
        Span<float> wx1 = stackalloc float[outWidth];    // inX - x0
        Span<float> wx0 = stackalloc float[outWidth];    // 1 - (inX - x0)
        for (int x = 0; x < outWidth; x++)
        {
            Reference.ResizeBilinear.Interpolation(x, widthScale, halfPixelCenters, inW, out float inX, out int x0, out int x1);
            xLo[x] = x0 * depth;
            xHi[x] = x1 * depth;
            wx1[x] = inX - x0;
            wx0[x] = 1 - (inX - x0);
        }

        int vw = Vector<float>.Count;
        int o = rowStart * outWidth * depth;
        for (int row = rowStart; row < rowEnd; row++)
        {
            int b = row / outHeight, y = row % outHeight;
            Reference.ResizeBilinear.Interpolation(y, heightScale, halfPixelCenters, inH, out float inY, out int y0, out int y1);
            float fy1 = inY - y0, fy0 = 1 - (inY - y0);
            ReadOnlySpan<float> row0 = input.Slice((b * inH + y0) * inW * depth, inW * depth);
            ReadOnlySpan<float> row1 = input.Slice((b * inH + y1) * inW * depth, inW * depth);
            var vy0 = new Vector<float>(fy0);
            var vy1 = new Vector<float>(fy1);
            for (int x = 0; x < outWidth; x++)
            {
                ReadOnlySpan<float> a00 = row0.Slice(xLo[x], depth), a10 = row1.Slice(xLo[x], depth);
                ReadOnlySpan<float> a01 = row0.Slice(xHi[x], depth), a11 = row1.Slice(xHi[x], depth);
                Span<float> dst = output.Slice(o, depth);
                float fx0 = wx0[x], fx1 = wx1[x];
                int c = 0;
                if (depth >= vw)
                {
                    var vx0 = new Vector<float>(fx0);
                    var vx1 = new Vector<float>(fx1);
                    for (; c <= depth - vw; c += vw)
                    {
                        var r = new Vector<float>(a00[c..]) * vy0 * vx0 +
                                new Vector<float>(a10[c..]) * vy1 * vx0 +
                                new Vector<float>(a01[c..]) * vy0 * vx1 +
                                new Vector<float>(a11[c..]) * vy1 * vx1;
                        r.CopyTo(dst[c..]);
                    }
                }
                for (; c < depth; c++)
                    dst[c] = a00[c] * fy0 * fx0 + a10[c] * fy1 * fx0 + a01[c] * fy0 * fx1 + a11[c] * fy1 * fx1;
                o += depth;
            }
        }
    }
}
