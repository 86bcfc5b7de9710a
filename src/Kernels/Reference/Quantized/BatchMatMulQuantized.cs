using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// Quantized BATCH_MATMUL (TFLite reference_ops::BatchMatMul with FullyConnectedParams, per-tensor scales, no fused
/// activation): for each output batch b, out[b] = L[lhsBatch[b]] x R[rhsBatch[b]] with L [Rows, Depth] (stored
/// [Depth, Rows] when adjX) and R [Depth, Cols] (stored [Cols, Depth] when adjY), output [batches, Rows, Cols].
/// Each output is sum_k (l + LhsOffset) * (r + RhsOffset), requantized by MultiplyByQuantizedMultiplier, plus
/// OutputOffset, clamped to [ActivationMin, ActivationMax]. int8 accumulates in wrapping int32; int16 in int64 with
/// the int64 MultiplyByQuantizedMultiplier (TFLite's BatchMatMul&lt;int16_t, int64_t&gt;).
/// </summary>
public static class BatchMatMulQuantized
{
    /// <summary>Requantization parameters; offsets are the negated input zero points, OutputOffset the output's zero point.</summary>
    public readonly record struct Params(int LhsOffset, int RhsOffset, int OutputOffset, int Multiplier, int Shift,
                                         int ActivationMin, int ActivationMax);

    /// <summary>int8 x int8 -> int8, int32 accumulation.</summary>
    public static void RunInt8(in Params q, int rows, int depth, int cols, bool adjX, bool adjY, ReadOnlySpan<sbyte> lhs,
        ReadOnlySpan<sbyte> rhs, ReadOnlySpan<int> lhsBatch, ReadOnlySpan<int> rhsBatch, Span<sbyte> output)
    {
        Check(q, rows, depth, cols, lhs.Length, rhs.Length, lhsBatch, rhsBatch, output.Length);
        int lhsSize = rows * depth, rhsSize = depth * cols, outSize = rows * cols;
        for (int b = 0; b < lhsBatch.Length; b++)
        {
            var l = lhs.Slice(lhsBatch[b] * lhsSize, lhsSize);
            var r = rhs.Slice(rhsBatch[b] * rhsSize, rhsSize);
            var o = output.Slice(b * outSize, outSize);
            for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
            {
                int acc = 0;
                for (int k = 0; k < depth; k++)
                {
                    int a = (adjX ? l[k * rows + i] : l[i * depth + k]) + q.LhsOffset;
                    int w = (adjY ? r[j * depth + k] : r[k * cols + j]) + q.RhsOffset;
                    acc = unchecked(acc + a * w);
                }
                o[i * cols + j] = (sbyte)QuantizedMath.Requantize(acc, q.Multiplier, q.Shift, q.OutputOffset, q.ActivationMin, q.ActivationMax);
            }
        }
    }

    /// <summary>int16 x int16 -> int16, int64 accumulation (zero points are 0 in valid models, but offsets are applied as given).</summary>
    public static void RunInt16(in Params q, int rows, int depth, int cols, bool adjX, bool adjY, ReadOnlySpan<short> lhs,
        ReadOnlySpan<short> rhs, ReadOnlySpan<int> lhsBatch, ReadOnlySpan<int> rhsBatch, Span<short> output)
    {
        Check(q, rows, depth, cols, lhs.Length, rhs.Length, lhsBatch, rhsBatch, output.Length);
        int lhsSize = rows * depth, rhsSize = depth * cols, outSize = rows * cols;
        for (int b = 0; b < lhsBatch.Length; b++)
        {
            var l = lhs.Slice(lhsBatch[b] * lhsSize, lhsSize);
            var r = rhs.Slice(rhsBatch[b] * rhsSize, rhsSize);
            var o = output.Slice(b * outSize, outSize);
            for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
            {
                long acc = 0;
                for (int k = 0; k < depth; k++)
                {
                    long a = (long)(adjX ? l[k * rows + i] : l[i * depth + k]) + q.LhsOffset;
                    long w = (long)(adjY ? r[j * depth + k] : r[k * cols + j]) + q.RhsOffset;
                    acc = unchecked(acc + a * w);
                }
                int v = unchecked(QuantizedMath.MultiplyByQuantizedMultiplier(acc, q.Multiplier, q.Shift) + q.OutputOffset);
                o[i * cols + j] = (short)Math.Min(Math.Max(v, q.ActivationMin), q.ActivationMax);
            }
        }
    }

    internal static void Check(in Params q, int rows, int depth, int cols, int lhsLength, int rhsLength,
        ReadOnlySpan<int> lhsBatch, ReadOnlySpan<int> rhsBatch, int outputLength)
    {
        if (q.ActivationMin > q.ActivationMax) throw new ArgumentException($"batch matmul: activation min {q.ActivationMin} > max {q.ActivationMax}");
        CheckShapes(rows, depth, cols, lhsLength, rhsLength, lhsBatch, rhsBatch, outputLength);
    }

    internal static void CheckShapes(int rows, int depth, int cols, int lhsLength, int rhsLength,
        ReadOnlySpan<int> lhsBatch, ReadOnlySpan<int> rhsBatch, int outputLength)
    {
        if (rows < 0 || depth < 0 || cols < 0) throw new ArgumentException("batch matmul: negative dimension");
        if (lhsBatch.Length != rhsBatch.Length) throw new ArgumentException("batch matmul: batch index maps differ in length");
        long lhsSize = (long)rows * depth, rhsSize = (long)depth * cols, outSize = (long)rows * cols;
        if (lhsSize > int.MaxValue || rhsSize > int.MaxValue || outSize * lhsBatch.Length > int.MaxValue)
            throw new ArgumentException("batch matmul: tensors too large");
        if (outputLength < outSize * lhsBatch.Length) throw new ArgumentException($"batch matmul: output has {outputLength} elements, expected {outSize * lhsBatch.Length}");
        for (int b = 0; b < lhsBatch.Length; b++)
        {
            if (lhsBatch[b] < 0 || (lhsBatch[b] + 1L) * lhsSize > lhsLength) throw new ArgumentException($"batch matmul: lhs batch {lhsBatch[b]} out of range");
            if (rhsBatch[b] < 0 || (rhsBatch[b] + 1L) * rhsSize > rhsLength) throw new ArgumentException($"batch matmul: rhs batch {rhsBatch[b]} out of range");
        }
    }
}
