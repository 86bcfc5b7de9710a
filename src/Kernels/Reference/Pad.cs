namespace ManagedLite.Kernels.Reference;

/// <summary>
/// PAD / PADV2 (TFLite <c>reference_ops::Pad</c>): each output element is the input element at
/// (coordinate - leftPad) when that lies inside the input, else <c>padValue</c>. Element-type generic.
/// </summary>
public static class Pad
{
    /// <summary>Output shape is inputShape[d] + leftPad[d] + rightPad[d].</summary>
    public static void Run<T>(ReadOnlySpan<int> inputShape, ReadOnlySpan<T> input,
                              ReadOnlySpan<int> leftPad, ReadOnlySpan<int> rightPad, T padValue, Span<T> output)
        where T : unmanaged
    {
        int rank = inputShape.Length;
        Span<int> outShape = stackalloc int[rank];
        Validate(inputShape, input.Length, leftPad, rightPad, output.Length, outShape);

        Span<int> inStrides = stackalloc int[rank];
        ShapeMath.Strides(inputShape, inStrides);
        Span<int> coord = stackalloc int[rank];   // output coordinate, row-major odometer
        for (int o = 0; o < output.Length; o++)
        {
            bool inside = true;
            int inIndex = 0;
            for (int d = 0; d < rank; d++)
            {
                int c = coord[d] - leftPad[d];
                if (c < 0 || c >= inputShape[d]) { inside = false; break; }
                inIndex += c * inStrides[d];
            }
            output[o] = inside ? input[inIndex] : padValue;

            for (int d = rank - 1; d >= 0; d--)
            {
                if (++coord[d] < outShape[d]) break;
                coord[d] = 0;
            }
        }
    }

    /// <summary>Checks ranks, pads and buffer lengths; fills <paramref name="outShape"/>.</summary>
    internal static void Validate(ReadOnlySpan<int> inputShape, int inputLength, ReadOnlySpan<int> leftPad,
                                  ReadOnlySpan<int> rightPad, int outputLength, Span<int> outShape)
    {
        int rank = inputShape.Length;
        if (leftPad.Length != rank || rightPad.Length != rank)
            throw new ArgumentException($"paddings have {leftPad.Length}/{rightPad.Length} entries, expected {rank} (input rank)");
        for (int d = 0; d < rank; d++)
        {
            if (leftPad[d] < 0 || rightPad[d] < 0)
                throw new ArgumentException($"padding of dimension {d} is ({leftPad[d]},{rightPad[d]}); paddings must be >= 0");
            long n = (long)inputShape[d] + leftPad[d] + rightPad[d];
            if (n > int.MaxValue) throw new ArgumentException($"padded dimension {d} overflows");
            outShape[d] = (int)n;
        }
        ShapeMath.CheckLength(inputLength, ShapeMath.FlatSize(inputShape, "input shape"), "input");
        ShapeMath.CheckLength(outputLength, ShapeMath.FlatSize(outShape, "output shape"), "output");
    }
}
