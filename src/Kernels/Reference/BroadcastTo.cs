namespace ManagedLite.Kernels.Reference;

/// <summary>
/// BROADCAST_TO (TFLite <c>reference_ops::BroadcastTo</c>): the input shape, padded with leading 1s to the output
/// rank, must equal the output shape or be 1 in each dimension; output[c] = input[c with broadcast dimensions at 0].
/// </summary>
public static class BroadcastTo
{
    public static void Run<T>(ReadOnlySpan<int> inputShape, ReadOnlySpan<T> input, ReadOnlySpan<int> outputShape, Span<T> output)
        where T : unmanaged
    {
        int rank = outputShape.Length;
        Span<int> inShape = stackalloc int[rank];
        Validate(inputShape, input.Length, outputShape, output.Length, inShape);
        if (output.Length == 0) return;
        Span<int> inStrides = stackalloc int[rank];
        ShapeMath.Strides(inShape, inStrides);
        Span<int> coord = stackalloc int[rank];
        for (int o = 0; o < output.Length; o++)
        {
            int inIndex = 0;
            for (int d = 0; d < rank; d++)
                if (inShape[d] != 1) inIndex += coord[d] * inStrides[d];
            output[o] = input[inIndex];
            for (int d = rank - 1; d >= 0; d--)
            {
                if (++coord[d] < outputShape[d]) break;
                coord[d] = 0;
            }
        }
    }

    /// <summary>Checks that the input broadcasts to the output; fills the input shape extended to the output rank.</summary>
    internal static void Validate(ReadOnlySpan<int> inputShape, int inputLength, ReadOnlySpan<int> outputShape, int outputLength,
                                  Span<int> extended)
    {
        int rank = outputShape.Length;
        if (inputShape.Length > rank)
            throw new ArgumentException($"input rank {inputShape.Length} is larger than output rank {rank}");
        int lead = rank - inputShape.Length;
        for (int d = 0; d < rank; d++)
        {
            extended[d] = d < lead ? 1 : inputShape[d - lead];
            if (extended[d] != 1 && extended[d] != outputShape[d])
                throw new ArgumentException($"input shape {ShapeMath.Format(inputShape)} does not broadcast to {ShapeMath.Format(outputShape)}");
        }
        ShapeMath.CheckLength(inputLength, ShapeMath.FlatSize(inputShape, "input shape"), "input");
        ShapeMath.CheckLength(outputLength, ShapeMath.FlatSize(outputShape, "output shape"), "output");
    }
}
