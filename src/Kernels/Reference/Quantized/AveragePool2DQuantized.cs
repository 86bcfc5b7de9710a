using System.Numerics;
using ManagedLite.Kernels.Params;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// AVERAGE_POOL_2D for int8, int16 (TFLite reference_integer_ops::AveragePool) and uint8 (reference_ops::AveragePool).
/// The window is clipped to the image; the int32 sum is divided by the clipped count rounding half away from zero:
/// sum &gt; 0 ? (sum + count/2) / count : (sum - count/2) / count (C truncating division); then clamped.
/// </summary>
public static class AveragePool2DQuantized
{
    /// <summary>int8. Returns false (output incomplete) when a window has no in-image tap, as TFLite does.</summary>
    public static bool Run(in QuantizedPoolParams p, ReadOnlySpan<sbyte> input, Span<sbyte> output) => RunCore(p, input, output);

    /// <summary>int16.</summary>
    public static bool Run(in QuantizedPoolParams p, ReadOnlySpan<short> input, Span<short> output) => RunCore(p, input, output);

    /// <summary>uint8 (sums are never negative, so this is (sum + count/2) / count).</summary>
    public static bool Run(in QuantizedPoolParams p, ReadOnlySpan<byte> input, Span<byte> output) => RunCore(p, input, output);

    private static bool RunCore<T>(in QuantizedPoolParams p, ReadOnlySpan<T> input, Span<T> output) where T : unmanaged, IBinaryInteger<T>
    {
        QuantizedChecks.Pool(p, input.Length, output.Length);
        int o = 0;
        for (int b = 0; b < p.Batches; b++)
        for (int oy = 0; oy < p.OutputHeight; oy++)
        for (int ox = 0; ox < p.OutputWidth; ox++)
        for (int c = 0; c < p.Depth; c++, o++)
        {
            Window(p, oy, ox, out int yStart, out int yEnd, out int xStart, out int xEnd, out int inY0, out int inX0);
            int acc = 0, count = 0;
            for (int fy = yStart; fy < yEnd; fy++)
            for (int fx = xStart; fx < xEnd; fx++)
            {
                acc += int.CreateTruncating(input[((b * p.InputHeight + inY0 + fy) * p.InputWidth + inX0 + fx) * p.Depth + c]);
                count++;
            }
            if (count == 0) return false;
            output[o] = T.CreateTruncating(Finish(acc, count, p.ActivationMin, p.ActivationMax));
        }
        return true;
    }

    internal static void Window(in QuantizedPoolParams p, int oy, int ox, out int yStart, out int yEnd, out int xStart,
        out int xEnd, out int inYOrigin, out int inXOrigin)
    {
        inXOrigin = ox * p.StrideWidth - p.PadWidth;
        inYOrigin = oy * p.StrideHeight - p.PadHeight;
        xStart = Math.Max(0, -inXOrigin);
        xEnd = Math.Min(p.FilterWidth, p.InputWidth - inXOrigin);
        yStart = Math.Max(0, -inYOrigin);
        yEnd = Math.Min(p.FilterHeight, p.InputHeight - inYOrigin);
    }

    private static int Finish(int acc, int count, int min, int max)
    {
        acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
        return Math.Min(Math.Max(acc, min), max);
    }
}
