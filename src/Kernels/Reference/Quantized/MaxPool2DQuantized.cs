using System.Numerics;
using ManagedLite.Kernels.Params;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// MAX_POOL_2D for int8, int16 (TFLite reference_integer_ops::MaxPool) and uint8 (reference_ops::MaxPool): maximum
/// over the window clipped to the image (the type's lowest value for an empty window), then clamped.
/// </summary>
public static class MaxPool2DQuantized
{
    /// <summary>int8.</summary>
    public static void Run(in QuantizedPoolParams p, ReadOnlySpan<sbyte> input, Span<sbyte> output) => RunCore(p, input, output);

    /// <summary>int16.</summary>
    public static void Run(in QuantizedPoolParams p, ReadOnlySpan<short> input, Span<short> output) => RunCore(p, input, output);

    /// <summary>uint8.</summary>
    public static void Run(in QuantizedPoolParams p, ReadOnlySpan<byte> input, Span<byte> output) => RunCore(p, input, output);

    private static void RunCore<T>(in QuantizedPoolParams p, ReadOnlySpan<T> input, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        QuantizedChecks.Pool(p, input.Length, output.Length);
        int lowest = int.CreateTruncating(T.MinValue);
        int o = 0;
        for (int b = 0; b < p.Batches; b++)
        for (int oy = 0; oy < p.OutputHeight; oy++)
        for (int ox = 0; ox < p.OutputWidth; ox++)
        for (int c = 0; c < p.Depth; c++, o++)
        {
            AveragePool2DQuantized.Window(p, oy, ox, out int yStart, out int yEnd, out int xStart, out int xEnd, out int inY0, out int inX0);
            int max = lowest;
            for (int fy = yStart; fy < yEnd; fy++)
            for (int fx = xStart; fx < xEnd; fx++)
                max = Math.Max(max, int.CreateTruncating(input[((b * p.InputHeight + inY0 + fy) * p.InputWidth + inX0 + fx) * p.Depth + c]));
            output[o] = T.CreateTruncating(Math.Min(Math.Max(max, p.ActivationMin), p.ActivationMax));
        }
    }
}
