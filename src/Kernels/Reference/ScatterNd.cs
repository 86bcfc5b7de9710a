namespace ManagedLite.Kernels.Reference;

/// <summary>
/// SCATTER_ND (reference_ops::ScatterNd): the output [shape] starts at zero and every index row
/// indices[i] = (c0, ..., c(depth-1)) adds slice updates[i] into output[c0, ..., c(depth-1), :, ...] (repeated rows
/// accumulate; integer additions wrap, bool ones are an OR). A coordinate outside [0, dim) stops the kernel (TFLite
/// returns an error) and is reported.
/// </summary>
public static class ScatterNd
{
    /// <param name="outputShape">Shape of <paramref name="output"/>.</param>
    /// <param name="indices">[slices, depth] coordinates.</param>
    /// <param name="updates">[slices, sliceSize] values; sliceSize = product of outputShape[depth:].</param>
    public static bool TryRun<T, TAdd>(ReadOnlySpan<int> outputShape, ReadOnlySpan<int> indices, int slices, int depth,
        ReadOnlySpan<T> updates, Span<T> output, out long badIndex, out int badPosition)
        where T : unmanaged where TAdd : IReducer<T>
    {
        badIndex = 0;
        badPosition = -1;
        if (depth < 0 || depth > outputShape.Length) throw new ArgumentOutOfRangeException(nameof(depth));
        long total = 1, sliceSize = 1;
        for (int d = 0; d < outputShape.Length; d++)
        {
            total *= outputShape[d];
            if (d >= depth) sliceSize *= outputShape[d];
        }
        if (total != output.Length || (long)slices * depth != indices.Length || (long)slices * sliceSize > updates.Length)
            throw new ArgumentException($"output {output.Length} (shape needs {total}), {indices.Length} indices for {slices}x{depth}, {updates.Length} updates for {slices}x{sliceSize}");
        output.Clear();
        Span<long> strides = stackalloc long[Math.Max(depth, 1)];
        long stride = total;
        for (int j = 0; j < depth; j++)
        {
            stride = outputShape[j] == 0 ? 0 : stride / outputShape[j];
            strides[j] = stride;
        }
        for (int i = 0; i < slices; i++)
        {
            long to = 0;
            for (int j = 0; j < depth; j++)
            {
                int c = indices[i * depth + j];
                if (c < 0 || c >= outputShape[j])
                {
                    badIndex = c;
                    badPosition = i * depth + j;
                    return false;
                }
                to += c * strides[j];
            }
            var dst = output.Slice((int)to, (int)sliceSize);
            var src = updates.Slice((int)(i * sliceSize), (int)sliceSize);
            for (int k = 0; k < dst.Length; k++) dst[k] = TAdd.Apply(dst[k], src[k]);
        }
        return true;
    }
}
