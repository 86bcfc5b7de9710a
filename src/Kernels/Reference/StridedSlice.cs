namespace ManagedLite.Kernels.Reference;

/// <summary>
/// STRIDED_SLICE and SLICE data movement over resolved ranges (see <see cref="StridedSliceParams.Resolve"/>):
/// output is [Count[0], ..., Count[r-1]] and element (c0..) reads input (Start[d] + c_d * Stride[d]).
/// </summary>
public static class StridedSlice
{
    public static void Run<T>(ReadOnlySpan<int> inputShape, ReadOnlySpan<T> input, ReadOnlySpan<int> start,
                              ReadOnlySpan<int> stride, ReadOnlySpan<int> count, Span<T> output) where T : unmanaged
    {
        int rank = inputShape.Length;
        Validate(inputShape, input.Length, start, stride, count, output.Length);
        if (output.Length == 0) return;
        Span<int> inStrides = stackalloc int[rank];
        ShapeMath.Strides(inputShape, inStrides);
        Span<int> coord = stackalloc int[rank];
        for (int o = 0; o < output.Length; o++)
        {
            int inIndex = 0;
            for (int d = 0; d < rank; d++)
                inIndex += (start[d] + coord[d] * stride[d]) * inStrides[d];
            output[o] = input[inIndex];
            for (int d = rank - 1; d >= 0; d--)
            {
                if (++coord[d] < count[d]) break;
                coord[d] = 0;
            }
        }
    }

    /// <summary>Checks that every range stays inside the input and that the buffers have the right lengths.</summary>
    internal static void Validate(ReadOnlySpan<int> inputShape, int inputLength, ReadOnlySpan<int> start,
                                  ReadOnlySpan<int> stride, ReadOnlySpan<int> count, int outputLength)
    {
        int rank = inputShape.Length;
        if (start.Length != rank || stride.Length != rank || count.Length != rank)
            throw new ArgumentException($"start/stride/count must have {rank} entries (input rank)");
        for (int d = 0; d < rank; d++)
        {
            if (count[d] < 0) throw new ArgumentException($"count of dimension {d} is negative ({count[d]})");
            if (count[d] == 0) continue;
            long last = start[d] + (long)(count[d] - 1) * stride[d];
            if (start[d] < 0 || start[d] >= inputShape[d] || last < 0 || last >= inputShape[d])
                throw new ArgumentException(
                    $"dimension {d}: {count[d]} elements from {start[d]} by {stride[d]} fall outside size {inputShape[d]}");
        }
        ShapeMath.CheckLength(inputLength, ShapeMath.FlatSize(inputShape, "input shape"), "input");
        ShapeMath.CheckLength(outputLength, ShapeMath.FlatSize(count, "output shape"), "output");
    }
}
