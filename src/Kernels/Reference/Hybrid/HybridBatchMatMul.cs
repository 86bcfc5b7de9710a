using ManagedLite.Kernels.Quantization;
using ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Reference.Hybrid;

/// <summary>
/// Dynamic-range BATCH_MATMUL (TFLite batch_matmul.cc EvalHybrid with the reference hybrid BatchMatMul): float
/// lhs, constant int8 rhs with one scale or one per output column, float output. Every lhs row (of the adj_x
/// transposed lhs, Depth values) is quantized on its own (BatchQuantizeFloats: symmetric, or asymmetric with a zero
/// point); a per-tensor rhs scale is folded into the row scale as a float product. Per output:
/// <c>dot = (int)((float)dot - (float)colSum * (float)zeroPoint)</c> (TFLite's float round trip, also done with a
/// zero point of 0), then <c>out = 0 + (rowScale [* colScale]) * (float)dot</c>.
/// </summary>
public static class HybridBatchMatMul
{
    /// <summary>
    /// <paramref name="rhsScales"/>: 1 or Cols scales. <paramref name="columnSums"/>: for each rhs matrix m,
    /// Cols sums over the contracted dimension (<see cref="ColumnSums"/>). Scratch: <paramref name="quantized"/>
    /// lhs.Length values, <paramref name="rowScales"/> and <paramref name="rowOffsets"/> lhs.Length / Depth values,
    /// <paramref name="row"/> Depth values (used when adjX).
    /// </summary>
    public static void Run(int rows, int depth, int cols, bool adjX, bool adjY, ReadOnlySpan<float> lhs, ReadOnlySpan<sbyte> rhs,
        ReadOnlySpan<float> rhsScales, bool asymmetric, ReadOnlySpan<int> columnSums, ReadOnlySpan<int> lhsBatch,
        ReadOnlySpan<int> rhsBatch, Span<float> output, Span<sbyte> quantized, Span<float> rowScales, Span<int> rowOffsets,
        Span<float> row)
    {
        BatchMatMulQuantized.CheckShapes(rows, depth, cols, lhs.Length, rhs.Length, lhsBatch, rhsBatch, output.Length);
        if (rhsScales.Length != 1 && rhsScales.Length != cols)
            throw new ArgumentException($"hybrid batch matmul: expected 1 or {cols} rhs scales, got {rhsScales.Length}");
        if (depth == 0 || rows == 0) { output[..(rows * cols * lhsBatch.Length)].Clear(); return; }
        int lhsRows = lhs.Length / depth;
        int rhsMatrices = cols == 0 ? 0 : rhs.Length / (depth * cols);
        if (quantized.Length < lhsRows * depth || rowScales.Length < lhsRows || rowOffsets.Length < lhsRows || (adjX && row.Length < depth))
            throw new ArgumentException("hybrid batch matmul: scratch too small");
        if (columnSums.Length < rhsMatrices * cols) throw new ArgumentException($"hybrid batch matmul: column sums have {columnSums.Length} elements, expected {rhsMatrices * cols}");
        bool perChannel = rhsScales.Length > 1;

        // Quantize each row of the (transposed when adjX) lhs.
        int lhsMatrices = lhsRows / rows;
        for (int m = 0; m < lhsMatrices; m++)
        for (int i = 0; i < rows; i++)
        {
            int r = m * rows + i;
            ReadOnlySpan<float> values;
            if (adjX)
            {
                var src = lhs.Slice(m * rows * depth, rows * depth);
                for (int k = 0; k < depth; k++) row[k] = src[k * rows + i];
                values = row[..depth];
            }
            else
            {
                values = lhs.Slice(r * depth, depth);
            }
            var q = quantized.Slice(r * depth, depth);
            int offset = 0;
            float scale = asymmetric ? HybridQuantization.Asymmetric(values, q, out offset) : HybridQuantization.Symmetric(values, q);
            rowScales[r] = perChannel ? scale : scale * rhsScales[0];
            rowOffsets[r] = offset;
        }

        int rhsSize = depth * cols, outSize = rows * cols;
        for (int b = 0; b < lhsBatch.Length; b++)
        {
            int lm = lhsBatch[b], rm = rhsBatch[b];
            var w = rhs.Slice(rm * rhsSize, rhsSize);
            var sums = columnSums.Slice(rm * cols, cols);
            var o = output.Slice(b * outSize, outSize);
            for (int i = 0; i < rows; i++)
            {
                int r = lm * rows + i;
                var q = quantized.Slice(r * depth, depth);
                float rowScale = rowScales[r];
                float zeroPoint = rowOffsets[r];
                for (int j = 0; j < cols; j++)
                {
                    int dot = 0;
                    for (int k = 0; k < depth; k++)
                        dot = unchecked(dot + q[k] * (adjY ? w[j * depth + k] : w[k * cols + j]));
                    dot = (int)((float)dot - (float)sums[j] * zeroPoint);
                    float scale = perChannel ? rowScale * rhsScales[j] : rowScale;
                    o[i * cols + j] = 0f + scale * (float)dot;
                }
            }
        }
    }

    /// <summary>sums[m * Cols + j] = sum over k of rhs matrix m's (k, j) entry (TFLite's row sums of the transposed rhs).</summary>
    public static void ColumnSums(int depth, int cols, bool adjY, ReadOnlySpan<sbyte> rhs, Span<int> sums)
    {
        int size = depth * cols;
        int matrices = size == 0 ? 0 : rhs.Length / size;
        if (sums.Length < matrices * cols) throw new ArgumentException($"column sums have {sums.Length} elements, expected {matrices * cols}");
        for (int m = 0; m < matrices; m++)
        {
            var w = rhs.Slice(m * size, size);
            for (int j = 0; j < cols; j++)
            {
                int s = 0;
                for (int k = 0; k < depth; k++) s += adjY ? w[j * depth + k] : w[k * cols + j];
                sums[m * cols + j] = s;
            }
        }
    }
}
