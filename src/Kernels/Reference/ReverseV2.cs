namespace ManagedLite.Kernels.Reference;

/// <summary>
/// REVERSE_V2 (TFLite <c>reference_ops::Reverse</c>): every dimension d with <c>reverse[d]</c> set is read backwards:
/// output[.., c_d, ..] = input[.., size_d - 1 - c_d, ..].
/// </summary>
public static class ReverseV2
{
    public static void Run<T>(ReadOnlySpan<int> shape, ReadOnlySpan<T> input, ReadOnlySpan<bool> reverse, Span<T> output)
        where T : unmanaged
    {
        int rank = shape.Length;
        Validate(shape, input.Length, reverse, output.Length);
        if (output.Length == 0) return;
        Span<int> strides = stackalloc int[rank];
        ShapeMath.Strides(shape, strides);
        Span<int> coord = stackalloc int[rank];
        for (int o = 0; o < output.Length; o++)
        {
            int inIndex = 0;
            for (int d = 0; d < rank; d++)
                inIndex += (reverse[d] ? shape[d] - 1 - coord[d] : coord[d]) * strides[d];
            output[o] = input[inIndex];
            for (int d = rank - 1; d >= 0; d--)
            {
                if (++coord[d] < shape[d]) break;
                coord[d] = 0;
            }
        }
    }

    internal static void Validate(ReadOnlySpan<int> shape, int inputLength, ReadOnlySpan<bool> reverse, int outputLength)
    {
        if (reverse.Length != shape.Length)
            throw new ArgumentException($"reverse flags have {reverse.Length} entries, expected {shape.Length} (rank)");
        int n = ShapeMath.FlatSize(shape, "shape");
        ShapeMath.CheckLength(inputLength, n, "input");
        ShapeMath.CheckLength(outputLength, n, "output");
    }
}
