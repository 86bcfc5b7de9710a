using System.Numerics;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// ONE_HOT (TFLite <c>one_hot.cc</c>): with the indices seen as [prefix, suffix] around the new axis, the output is
/// [prefix, depth, suffix] and output[p, j, s] = (int)indices[p, s] == j ? on : off. As TFLite, an index is compared
/// after conversion to int32, and indices outside [0, depth) give an all-off row.
/// </summary>
public static class OneHot
{
    public static void Run<T, TIndex>(ReadOnlySpan<TIndex> indices, int prefix, int depth, T on, T off, Span<T> output)
        where T : unmanaged where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        if (prefix < 0 || depth < 0) throw new ArgumentException("prefix and depth must be non-negative");
        if (prefix == 0)
        {
            ShapeMath.CheckLength(output.Length, 0, "output");
            return;
        }
        if (indices.Length % prefix != 0)
            throw new ArgumentException($"indices length {indices.Length} is not a multiple of prefix {prefix}");
        int suffix = indices.Length / prefix;
        long n = (long)prefix * depth * suffix;
        ShapeMath.CheckLength(output.Length, n > int.MaxValue ? -1 : (int)n, "output");
        int o = 0;
        for (int p = 0; p < prefix; p++)
            for (int j = 0; j < depth; j++)
                for (int s = 0; s < suffix; s++)
                    output[o++] = int.CreateTruncating(indices[p * suffix + s]) == j ? on : off;
    }
}
