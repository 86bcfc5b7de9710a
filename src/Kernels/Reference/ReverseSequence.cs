using System.Numerics;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// REVERSE_SEQUENCE (TFLite <c>reference_ops::ReverseSequence</c>): for batch b (along <c>batchDim</c>) the first
/// L = seqLengths[b] positions along <c>seqDim</c> are reversed: output[.., s, ..] = input[.., L - 1 - s, ..] for s &lt; L,
/// the rest is copied. A length of 0 or less copies the batch unchanged (as TFLite does).
/// </summary>
public static class ReverseSequence
{
    public static void Run<T, TLength>(ReadOnlySpan<int> shape, ReadOnlySpan<T> input, ReadOnlySpan<TLength> seqLengths,
                                       int seqDim, int batchDim, Span<T> output)
        where T : unmanaged where TLength : unmanaged, IBinaryInteger<TLength>
    {
        int rank = shape.Length;
        Validate(shape, input.Length, seqLengths, seqDim, batchDim, output.Length);
        if (output.Length == 0) return;
        Span<int> strides = stackalloc int[rank];
        ShapeMath.Strides(shape, strides);
        Span<int> coord = stackalloc int[rank];
        for (int o = 0; o < output.Length; o++)
        {
            long length = long.CreateTruncating(seqLengths[coord[batchDim]]);
            int s = coord[seqDim];
            int source = s < length ? (int)(length - 1 - s) : s;
            int inIndex = o + (source - s) * strides[seqDim];
            output[o] = input[inIndex];
            for (int d = rank - 1; d >= 0; d--)
            {
                if (++coord[d] < shape[d]) break;
                coord[d] = 0;
            }
        }
    }

    /// <summary>Checks the dimensions and that no length exceeds the sequence dimension.</summary>
    internal static void Validate<TLength>(ReadOnlySpan<int> shape, int inputLength, ReadOnlySpan<TLength> seqLengths,
                                           int seqDim, int batchDim, int outputLength)
        where TLength : unmanaged, IBinaryInteger<TLength>
    {
        int rank = shape.Length;
        if ((uint)seqDim >= (uint)rank || (uint)batchDim >= (uint)rank || seqDim == batchDim)
            throw new ArgumentException($"seq_dim {seqDim} and batch_dim {batchDim} must be different dimensions of rank {rank}");
        if (seqLengths.Length != shape[batchDim])
            throw new ArgumentException($"seq_lengths has {seqLengths.Length} entries, expected {shape[batchDim]} (batch dimension)");
        foreach (var l in seqLengths)
            if (long.CreateTruncating(l) > shape[seqDim])
                throw new ArgumentException($"sequence length {l} is larger than dimension {seqDim} (size {shape[seqDim]})");
        int n = ShapeMath.FlatSize(shape, "shape");
        ShapeMath.CheckLength(inputLength, n, "input");
        ShapeMath.CheckLength(outputLength, n, "output");
    }
}
