using System.Numerics;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// SPARSE_TO_DENSE (reference_ops::SparseToDense): the output (rank &lt;= 4) is filled with the default value, then
/// output[indices[i]] = values[i] (or the single value when values is a scalar) for every index row in order, so a
/// repeated index keeps its last value. A coordinate outside the output shape stops the kernel (TFLite returns an
/// error, leaving the rows before it written) and is reported.
/// </summary>
public static class SparseToDense
{
    /// <param name="indices">[count, depth] coordinates (depth = output rank; 1 for 0-D and 1-D indices).</param>
    /// <param name="outputShape">Shape of <paramref name="output"/>, rank = depth, at most 4.</param>
    public static bool TryRun<T, TIndex>(ReadOnlySpan<TIndex> indices, int count, ReadOnlySpan<T> values, bool scalarValue, T defaultValue,
        ReadOnlySpan<int> outputShape, Span<T> output, out long badIndex, out int badPosition)
        where T : unmanaged where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        badIndex = 0;
        badPosition = -1;
        int depth = outputShape.Length;
        long total = 1;
        foreach (int d in outputShape) total *= d;
        if (depth > 4 || total != output.Length || indices.Length != (long)count * depth || (!scalarValue && values.Length < count) || values.Length < 1 && count > 0)
            throw new ArgumentException($"sparse to dense: {indices.Length} indices for {count}x{depth}, {values.Length} values, output {output.Length} of {total}");
        output.Fill(defaultValue);
        for (int i = 0; i < count; i++)
        {
            long offset = 0;
            for (int d = 0; d < depth; d++)
            {
                long c = long.CreateTruncating(indices[i * depth + d]);
                if (c < 0 || c >= outputShape[d])
                {
                    badIndex = c;
                    badPosition = i * depth + d;
                    return false;
                }
                offset = offset * outputShape[d] + c;
            }
            output[(int)offset] = scalarValue ? values[0] : values[i];
        }
        return true;
    }
}
