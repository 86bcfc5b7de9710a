namespace ManagedLite.Kernels.Reference;

/// <summary>
/// StableHLO pad (TFLite's stablehlo_pad.cc; also DILATE, which is a pad with interior padding dilation - 1 and no
/// edges): per dimension, <c>interior</c> padding values go between neighbouring input elements and <c>low</c> /
/// <c>high</c> values before / after them; a negative edge crops instead. Output dimension:
/// <c>d + max(d - 1, 0) * interior + low + high</c>. Element type independent (bit copies).
/// </summary>
public static class StableHloPad
{
    /// <summary>The output shape (a dimension that would be negative is 0: everything is cropped), or null when one is over int32.</summary>
    public static int[]? OutputShape(ReadOnlySpan<int> input, ReadOnlySpan<long> low, ReadOnlySpan<long> high, ReadOnlySpan<long> interior)
    {
        var shape = new int[input.Length];
        for (int d = 0; d < input.Length; d++)
        {
            // |pads| are bounded by the caller (int32 range), so the sum fits in a long.
            long n = input[d] + (long)Math.Max(input[d] - 1, 0) * interior[d] + low[d] + high[d];
            if (n > int.MaxValue) return null;
            shape[d] = (int)Math.Max(n, 0);
        }
        return shape;
    }

    /// <summary>Writes every output element: the input element it maps to, or <paramref name="padding"/>.</summary>
    public static void Run<T>(ReadOnlySpan<int> inputShape, ReadOnlySpan<T> input, T padding, ReadOnlySpan<long> low,
        ReadOnlySpan<long> interior, ReadOnlySpan<int> outputShape, Span<T> output) where T : unmanaged
    {
        int rank = inputShape.Length;
        if (outputShape.Length != rank || low.Length != rank || interior.Length != rank)
            throw new ArgumentException("pad parameters must have the input's rank");
        long count = 1;
        foreach (int d in outputShape) count *= d;
        long inCount = 1;
        foreach (int d in inputShape) inCount *= d;
        if (output.Length != count || input.Length != inCount) throw new ArgumentException("span lengths do not match their shapes");
        Span<int> index = stackalloc int[rank];
        for (long flat = 0; flat < count; flat++)
        {
            long rem = flat, src = 0, stride = 1;
            bool inside = true;
            for (int d = rank - 1; d >= 0; d--)
            {
                long p = rem % outputShape[d];
                rem /= outputShape[d];
                long q = p - low[d], step = interior[d] + 1;
                if (inside && (q < 0 || q % step != 0 || q / step >= inputShape[d])) inside = false;
                if (inside) src += q / step * stride;
                stride *= inputShape[d];
            }
            output[(int)flat] = inside ? input[(int)src] : padding;
        }
    }
}
