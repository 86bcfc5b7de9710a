namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// REVERSE_V2 for one contiguous run of reversed dimensions (the only case TFLite accepts), by block copies:
/// seen as [upper, middle, lower], middle rows are copied in reverse order (lower &gt; 1) or each row reversed
/// (lower = 1). Other patterns fall back to the reference. Exact.
/// </summary>
public static class ReverseV2
{
    public static void Run<T>(ReadOnlySpan<int> shape, ReadOnlySpan<T> input, ReadOnlySpan<bool> reverse, Span<T> output)
        where T : unmanaged
    {
        Reference.ReverseV2.Validate(shape, input.Length, reverse, output.Length);
        int lo = -1, hi = -1;
        for (int d = 0; d < shape.Length; d++)
        {
            if (!reverse[d]) continue;
            if (lo < 0) lo = d;
            else if (hi != d - 1) { Reference.ReverseV2.Run(shape, input, reverse, output); return; }
            hi = d;
        }
        if (output.Length == 0) return;
        if (lo < 0)
        {
            input.CopyTo(output);
            return;
        }
        int upper = ShapeMath.FlatSize(shape[..lo], "shape");
        int middle = ShapeMath.FlatSize(shape[lo..(hi + 1)], "shape");
        int lower = ShapeMath.FlatSize(shape[(hi + 1)..], "shape");
        for (int u = 0; u < upper; u++)
        {
            int baseIndex = u * middle * lower;
            if (lower == 1)
            {
                var src = input.Slice(baseIndex, middle);
                var dst = output.Slice(baseIndex, middle);
                for (int j = 0; j < middle; j++) dst[middle - 1 - j] = src[j];
            }
            else
            {
                for (int j = 0; j < middle; j++)
                    input.Slice(baseIndex + j * lower, lower).CopyTo(output.Slice(baseIndex + (middle - 1 - j) * lower, lower));
            }
        }
    }
}
