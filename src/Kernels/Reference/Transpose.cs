namespace ManagedLite.Kernels.Reference;

/// <summary>
/// TRANSPOSE (TFLite <c>reference_ops::Transpose</c>): output dimension i is input dimension perm[i];
/// output[c0..c(r-1)] = input[x] with x[perm[i]] = c_i.
/// </summary>
public static class Transpose
{
    public const int MaxRank = 8;

    public static void Run<T>(ReadOnlySpan<int> inputShape, ReadOnlySpan<int> perm, ReadOnlySpan<T> input, Span<T> output)
        where T : unmanaged
    {
        int rank = inputShape.Length;
        Span<int> outShape = stackalloc int[rank];
        Validate(inputShape, perm, input.Length, output.Length, outShape);
        Span<int> inStrides = stackalloc int[rank];
        ShapeMath.Strides(inputShape, inStrides);
        Span<int> coord = stackalloc int[rank];
        for (int o = 0; o < output.Length; o++)
        {
            int inIndex = 0;
            for (int i = 0; i < rank; i++) inIndex += coord[i] * inStrides[perm[i]];
            output[o] = input[inIndex];
            for (int d = rank - 1; d >= 0; d--)
            {
                if (++coord[d] < outShape[d]) break;
                coord[d] = 0;
            }
        }
    }

    /// <summary>Checks that <paramref name="perm"/> is a permutation of 0..rank-1 and fills the output shape.</summary>
    internal static void Validate(ReadOnlySpan<int> inputShape, ReadOnlySpan<int> perm, int inputLength, int outputLength,
                                  Span<int> outShape)
    {
        int rank = inputShape.Length;
        if (rank > MaxRank) throw new ArgumentException($"transpose supports rank <= {MaxRank}, got {rank}");
        if (perm.Length != rank)
            throw new ArgumentException($"perm has {perm.Length} entries, expected {rank} (input rank)");
        int seen = 0;
        for (int i = 0; i < rank; i++)
        {
            int p = perm[i];
            if ((uint)p >= (uint)rank || (seen & (1 << p)) != 0)
                throw new ArgumentException($"perm {ShapeMath.Format(perm)} is not a permutation of 0..{rank - 1}");
            seen |= 1 << p;
            outShape[i] = inputShape[p];
        }
        ShapeMath.CheckLength(inputLength, ShapeMath.FlatSize(inputShape, "input shape"), "input");
        ShapeMath.CheckLength(outputLength, inputLength, "output");
    }
}
