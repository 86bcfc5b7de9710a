using System.Numerics;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// GATHER_ND (reference_ops::GatherNd): indices [..., depth] address the first <c>depth</c> dimensions of params; each
/// index row copies one slice params[i0, ..., i(depth-1), :, ...]. Output shape: indices.shape[:-1] + params.shape[depth:].
/// A coordinate outside [0, dim) stops the kernel (TFLite returns an error there) and is reported, never read.
/// </summary>
public static class GatherNd
{
    /// <param name="paramsShape">Shape of <paramref name="data"/>.</param>
    /// <param name="indices">Index rows, <paramref name="depth"/> coordinates each ([slices, depth]).</param>
    /// <param name="slices">Number of index rows: the product of indices.shape[:-1] (also when depth is 0).</param>
    /// <param name="badIndex">The offending coordinate when false is returned.</param>
    /// <param name="badPosition">Its element position in <paramref name="indices"/>.</param>
    public static bool TryRun<T, TIndex>(ReadOnlySpan<int> paramsShape, ReadOnlySpan<T> data, ReadOnlySpan<TIndex> indices, int slices, int depth,
        Span<T> output, out long badIndex, out int badPosition)
        where T : unmanaged where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        badIndex = 0;
        badPosition = -1;
        if (depth < 0 || depth > paramsShape.Length) throw new ArgumentOutOfRangeException(nameof(depth));
        long sliceSize = 1;
        for (int d = depth; d < paramsShape.Length; d++) sliceSize *= paramsShape[d];
        long total = 1;
        foreach (int d in paramsShape) total *= d;
        if (total != data.Length) throw new ArgumentException($"params shape needs {total} elements, got {data.Length}");
        if ((long)slices * depth != indices.Length || (long)slices * sliceSize != output.Length)
            throw new ArgumentException($"expected {slices} index rows of {depth} and {slices} output slices of {sliceSize}, got {indices.Length} indices and {output.Length} outputs");
        Span<long> strides = stackalloc long[Math.Max(depth, 1)];
        long stride = data.Length;
        for (int j = 0; j < depth; j++)
        {
            stride = paramsShape[j] == 0 ? 0 : stride / paramsShape[j];
            strides[j] = stride;
        }
        for (int i = 0; i < slices; i++)
        {
            long from = 0;
            for (int j = 0; j < depth; j++)
            {
                long c = long.CreateTruncating(indices[i * depth + j]);
                if (c < 0 || c >= paramsShape[j])
                {
                    badIndex = c;
                    badPosition = i * depth + j;
                    return false;
                }
                from += c * strides[j];
            }
            data.Slice((int)from, (int)sliceSize).CopyTo(output.Slice((int)(i * sliceSize), (int)sliceSize));
        }
        return true;
    }
}
