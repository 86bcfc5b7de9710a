namespace ManagedLite.Kernels.Reference;

/// <summary>
/// TILE (TFLite <c>tile.cc</c>): the output has shape input[d] * multiples[d] and element
/// output[c0..c(r-1)] = input[c0 mod d0, ..., c(r-1) mod d(r-1)]. A scalar input gives its one element.
/// </summary>
public static class Tile
{
    public static void Run<T>(ReadOnlySpan<int> inputShape, ReadOnlySpan<T> input, ReadOnlySpan<int> multiples, Span<T> output)
        where T : unmanaged
    {
        int rank = inputShape.Length;
        Span<int> outShape = stackalloc int[rank];
        Validate(inputShape, input.Length, multiples, output.Length, outShape);
        if (output.Length == 0) return;
        Span<int> inStrides = stackalloc int[rank];
        ShapeMath.Strides(inputShape, inStrides);
        Span<int> coord = stackalloc int[rank];   // output coordinate
        Span<int> source = stackalloc int[rank];  // the same coordinate modulo the input shape
        for (int o = 0; o < output.Length; o++)
        {
            int inIndex = 0;
            for (int d = 0; d < rank; d++) inIndex += source[d] * inStrides[d];
            output[o] = input[inIndex];
            for (int d = rank - 1; d >= 0; d--)
            {
                if (++source[d] == inputShape[d]) source[d] = 0;
                if (++coord[d] < outShape[d]) break;
                coord[d] = 0;
                source[d] = 0;
            }
        }
    }

    /// <summary>Checks multiples (one per dimension, non-negative) and the buffer lengths; fills the output shape.</summary>
    internal static void Validate(ReadOnlySpan<int> inputShape, int inputLength, ReadOnlySpan<int> multiples, int outputLength,
                                  Span<int> outShape)
    {
        int rank = inputShape.Length;
        if (multiples.Length != rank)
            throw new ArgumentException($"multiples has {multiples.Length} entries, expected {rank} (input rank)");
        for (int d = 0; d < rank; d++)
        {
            if (multiples[d] < 0) throw new ArgumentException($"multiple {multiples[d]} of dimension {d} is negative");
            long n = (long)inputShape[d] * multiples[d];
            if (n > int.MaxValue) throw new ArgumentException($"tiled dimension {d} overflows int32");
            outShape[d] = (int)n;
        }
        ShapeMath.CheckLength(inputLength, ShapeMath.FlatSize(inputShape, "input shape"), "input");
        ShapeMath.CheckLength(outputLength, ShapeMath.FlatSize(outShape, "output shape"), "output");
    }
}
