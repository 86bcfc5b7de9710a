namespace ManagedLite.Kernels.Reference;

/// <summary>
/// Float BATCH_MATMUL (TFLite reference batch_matmul): for each output batch b, out[b] = L[lhsBatch[b]] x R[rhsBatch[b]],
/// where L is [Rows, Depth] (stored [Depth, Rows] when <paramref name="adjX"/>) and R is [Depth, Cols] (stored
/// [Cols, Depth] when <paramref name="adjY"/>); output [batches, Rows, Cols]. Sums run over k in increasing order.
/// The batch index maps carry the broadcasting of the leading dimensions (computed once by the caller).
/// </summary>
public static class BatchMatMul
{
    public static void Run(int rows, int depth, int cols, bool adjX, bool adjY, ReadOnlySpan<float> lhs, ReadOnlySpan<float> rhs,
        ReadOnlySpan<int> lhsBatch, ReadOnlySpan<int> rhsBatch, Span<float> output)
    {
        if (rows < 0 || depth < 0 || cols < 0) throw new ArgumentException("batch matmul: negative dimension");
        if (lhsBatch.Length != rhsBatch.Length) throw new ArgumentException("batch matmul: batch index maps differ in length");
        long lhsSize = (long)rows * depth, rhsSize = (long)depth * cols, outSize = (long)rows * cols;
        if (output.Length < outSize * lhsBatch.Length) throw new ArgumentException($"batch matmul: output has {output.Length} elements, expected {outSize * lhsBatch.Length}");
        for (int b = 0; b < lhsBatch.Length; b++)
        {
            if (lhsBatch[b] < 0 || (lhsBatch[b] + 1) * lhsSize > lhs.Length) throw new ArgumentException($"batch matmul: lhs batch {lhsBatch[b]} out of range");
            if (rhsBatch[b] < 0 || (rhsBatch[b] + 1) * rhsSize > rhs.Length) throw new ArgumentException($"batch matmul: rhs batch {rhsBatch[b]} out of range");
            var l = lhs.Slice((int)(lhsBatch[b] * lhsSize), (int)lhsSize);
            var r = rhs.Slice((int)(rhsBatch[b] * rhsSize), (int)rhsSize);
            var o = output.Slice((int)(b * outSize), (int)outSize);
            for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
            {
                float sum = 0f;
                for (int k = 0; k < depth; k++)
                {
                    float a = adjX ? l[k * rows + i] : l[i * depth + k];
                    float w = adjY ? r[j * depth + k] : r[k * cols + j];
                    sum += a * w;
                }
                o[i * cols + j] = sum;
            }
        }
    }
}
