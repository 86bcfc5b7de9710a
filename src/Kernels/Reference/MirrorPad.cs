namespace ManagedLite.Kernels.Reference;

/// <summary>
/// MIRROR_PAD (TFLite <c>mirror_pad.cc</c>): padding mirrors the input. REFLECT excludes the edge element
/// (offset 1), SYMMETRIC repeats it (offset 0). Each pad must be at most dim - offset.
/// </summary>
public static class MirrorPad
{
    public static void Run<T>(ReadOnlySpan<int> inputShape, ReadOnlySpan<T> input,
                              ReadOnlySpan<int> leftPad, ReadOnlySpan<int> rightPad, bool reflect, Span<T> output)
        where T : unmanaged
    {
        int rank = inputShape.Length;
        int offset = reflect ? 1 : 0;
        Span<int> outShape = stackalloc int[rank];
        Pad.Validate(inputShape, input.Length, leftPad, rightPad, output.Length, outShape);
        for (int d = 0; d < rank; d++)
        {
            int limit = inputShape[d] - offset;
            if ((leftPad[d] > 0 && leftPad[d] > limit) || (rightPad[d] > 0 && rightPad[d] > limit))
                throw new ArgumentException(
                    $"{(reflect ? "REFLECT" : "SYMMETRIC")} padding of dimension {d} is ({leftPad[d]},{rightPad[d]}), " +
                    $"must be at most {Math.Max(limit, 0)} for size {inputShape[d]}");
        }

        Span<int> inStrides = stackalloc int[rank];
        ShapeMath.Strides(inputShape, inStrides);
        Span<int> coord = stackalloc int[rank];
        for (int o = 0; o < output.Length; o++)
        {
            int inIndex = 0;
            for (int d = 0; d < rank; d++)
                inIndex += InputIndex(coord[d], leftPad[d], inputShape[d], offset) * inStrides[d];
            output[o] = input[inIndex];
            for (int d = rank - 1; d >= 0; d--)
            {
                if (++coord[d] < outShape[d]) break;
                coord[d] = 0;
            }
        }
    }

    /// <summary>Input coordinate mirrored from padded coordinate <paramref name="p"/> (TFLite's GetInputDimension).</summary>
    public static int InputIndex(int p, int leftPad, int inputSize, int offset)
    {
        if (p < leftPad)
        {
            int origin = leftPad + offset - 1;
            return origin - Math.Min(p, origin - offset);
        }
        p -= leftPad;
        if (p >= inputSize)
        {
            p -= inputSize;
            int origin = inputSize - (1 + offset);
            return origin - Math.Min(p, origin);
        }
        return p;
    }
}
