using System.Numerics;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// GATHER (TFLite <c>reference_ops::Gather</c> with batch_dims). Seen around the axis, the input is
/// [batch, outer, axisSize, inner] and the indices are [batch, coords]; the output is
/// [batch, outer, coords, inner] with output[b, o, i, :] = input[b, o, indices[b, i], :].
/// An index outside [0, axisSize) stops the copy and is reported, never read.
/// </summary>
public static class Gather
{
    /// <summary>
    /// Returns false (with the offending index value and its position in <paramref name="indices"/>) when an
    /// index is out of range; the output is then partly written.
    /// </summary>
    public static bool TryRun<T, TIndex>(ReadOnlySpan<T> input, ReadOnlySpan<TIndex> indices, int batch, int outer,
                                         int axisSize, int inner, Span<T> output, out long badIndex, out int badPosition)
        where T : unmanaged where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        int coords = Validate(input.Length, indices.Length, batch, outer, axisSize, inner, output.Length);
        for (int b = 0; b < batch; b++)
            for (int o = 0; o < outer; o++)
                for (int i = 0; i < coords; i++)
                {
                    long index = long.CreateTruncating(indices[b * coords + i]);
                    if (index < 0 || index >= axisSize)
                    {
                        badIndex = index;
                        badPosition = b * coords + i;
                        return false;
                    }
                    int src = ((b * outer + o) * axisSize + (int)index) * inner;
                    int dst = ((b * outer + o) * coords + i) * inner;
                    for (int j = 0; j < inner; j++) output[dst + j] = input[src + j];
                }
        badIndex = 0;
        badPosition = -1;
        return true;
    }

    /// <summary>Checks the buffer lengths; returns the number of indices per batch.</summary>
    internal static int Validate(int inputLength, int indicesLength, int batch, int outer, int axisSize, int inner, int outputLength)
    {
        if (batch < 0 || outer < 0 || axisSize < 0 || inner < 0)
            throw new ArgumentException("gather sizes must be non-negative");
        long inputSize = (long)batch * outer * axisSize * inner;
        ShapeMath.CheckLength(inputLength, inputSize > int.MaxValue ? -1 : (int)inputSize, "input");
        if (batch == 0)
        {
            ShapeMath.CheckLength(outputLength, 0, "output");
            return 0;
        }
        if (indicesLength % batch != 0)
            throw new ArgumentException($"indices length {indicesLength} is not a multiple of batch {batch}");
        int coords = indicesLength / batch;
        long outputSize = (long)batch * outer * coords * inner;
        ShapeMath.CheckLength(outputLength, outputSize > int.MaxValue ? -1 : (int)outputSize, "output");
        return coords;
    }
}
