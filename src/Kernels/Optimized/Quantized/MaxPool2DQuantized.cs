using System.Numerics;
using System.Runtime.InteropServices;
using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>
/// MAX_POOL_2D for int8, uint8 and int16 vectorized over channels with <see cref="Vector{T}"/>: the maximum over the
/// window clipped to the image (the type's lowest value for an empty window), then the clamp. Maximum and clamp are
/// exact, so results are <see cref="Reference.Quantized.MaxPool2DQuantized"/>'s bit for bit. Output rows (of the
/// Batches x OutputHeight rows) can be split across threads.
/// </summary>
public static class MaxPool2DQuantized
{
    public static void Run(in QuantizedPoolParams p, ReadOnlySpan<sbyte> input, Span<sbyte> output) => RunRows(p, input, output, 0, p.Batches * p.OutputHeight);

    public static void Run(in QuantizedPoolParams p, ReadOnlySpan<byte> input, Span<byte> output) => RunRows(p, input, output, 0, p.Batches * p.OutputHeight);

    public static void Run(in QuantizedPoolParams p, ReadOnlySpan<short> input, Span<short> output) => RunRows(p, input, output, 0, p.Batches * p.OutputHeight);

    /// <summary>Output rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>); disjoint ranges may run at once.</summary>
    public static void RunRows<T>(in QuantizedPoolParams p, ReadOnlySpan<T> input, Span<T> output, int rowStart, int rowEnd)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        QuantizedChecks.Pool(p, input.Length, output.Length);
        if (rowStart < 0 || rowEnd > p.Batches * p.OutputHeight || rowStart > rowEnd)
            throw new ArgumentOutOfRangeException(nameof(rowStart), $"rows [{rowStart}, {rowEnd}) are outside the {p.Batches * p.OutputHeight} output rows");
        int depth = p.Depth, vl = Vector<T>.Count, vectorEnd = Vector.IsHardwareAccelerated ? depth - depth % vl : 0;
        T lo = T.CreateSaturating(p.ActivationMin), hi = T.CreateSaturating(p.ActivationMax);
        var vlo = new Vector<T>(lo);
        var vhi = new Vector<T>(hi);
        var lowest = new Vector<T>(T.MinValue);
        for (int row = rowStart; row < rowEnd; row++)
        {
            int b = row / p.OutputHeight, oy = row - b * p.OutputHeight;
            for (int ox = 0; ox < p.OutputWidth; ox++)
            {
                AveragePool2DQuantized.Window(p, oy, ox, out int yStart, out int yEnd, out int xStart, out int xEnd, out int inY0, out int inX0);
                var dst = output.Slice(((row * p.OutputWidth) + ox) * depth, depth);
                int c = 0;
                for (; c < vectorEnd; c += vl)
                {
                    var max = lowest;
                    for (int fy = yStart; fy < yEnd; fy++)
                    for (int fx = xStart; fx < xEnd; fx++)
                        max = Vector.Max(max, new Vector<T>(input.Slice(((b * p.InputHeight + inY0 + fy) * p.InputWidth + inX0 + fx) * depth + c, vl)));
                    Vector.Min(Vector.Max(max, vlo), vhi).CopyTo(dst[c..]);
                }
                for (; c < depth; c++)
                {
                    T max = T.MinValue;
                    for (int fy = yStart; fy < yEnd; fy++)
                    for (int fx = xStart; fx < xEnd; fx++)
                        max = T.Max(max, input[((b * p.InputHeight + inY0 + fy) * p.InputWidth + inX0 + fx) * depth + c]);
                    dst[c] = T.Min(T.Max(max, lo), hi);
                }
            }
        }
    }
}
