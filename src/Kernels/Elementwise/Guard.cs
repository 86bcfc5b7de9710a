namespace ManagedLite.Kernels.Elementwise;

internal static class Guard
{
    /// <summary>Element-wise kernels allow exact in-place aliasing only: equal lengths, no shifted overlap.</summary>
    public static void SameLengthNoPartialOverlap(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        if (x.Length != y.Length)
            throw new ArgumentException($"element-wise spans differ in length: {x.Length} vs {y.Length}");
        if (x.Overlaps(y, out int offset) && offset != 0)
            throw new ArgumentException("element-wise output partially overlaps an input");
    }
}
