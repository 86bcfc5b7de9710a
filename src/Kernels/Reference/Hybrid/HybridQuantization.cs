using ManagedLite.Kernels.Recurrent;

namespace ManagedLite.Kernels.Reference.Hybrid;

/// <summary>
/// On-the-fly input quantization of dynamic-range ("hybrid") kernels: TFLite's portable_tensor_utils
/// SymmetricQuantizeFloats / AsymmetricQuantizeFloats (shared with the recurrent kernels) and ReductionSumVector.
/// </summary>
public static class HybridQuantization
{
    /// <summary>
    /// Symmetric: q = clamp(round(x * 127 / max|x|), -127, 127) (halves away from zero); returns the scale
    /// max|x| / 127, or 1 when every value is zero (then q is all zero).
    /// </summary>
    public static float Symmetric(ReadOnlySpan<float> values, Span<sbyte> quantized) =>
        RecurrentFixedPoint.SymmetricQuantize(values, quantized[..values.Length]);

    /// <summary>
    /// Asymmetric over [min(0, min x), max(0, max x)] onto [-128, 127] with a nudged zero point
    /// (<paramref name="offset"/>); returns the scale, 1 (offset 0) when the range is empty.
    /// </summary>
    public static float Asymmetric(ReadOnlySpan<float> values, Span<sbyte> quantized, out int offset) =>
        RecurrentFixedPoint.AsymmetricQuantize(values, quantized[..values.Length], out offset);

    /// <summary>sums[r] = sum of row r of a [rows, cols] int8 matrix.</summary>
    public static void RowSums(ReadOnlySpan<sbyte> matrix, int rows, int cols, Span<int> sums)
    {
        if (matrix.Length < (long)rows * cols) throw new ArgumentException($"matrix has {matrix.Length} elements, expected {(long)rows * cols}");
        if (sums.Length < rows) throw new ArgumentException($"sums has {sums.Length} elements, expected {rows}");
        for (int r = 0; r < rows; r++)
        {
            int s = 0;
            foreach (sbyte v in matrix.Slice(r * cols, cols)) s += v;
            sums[r] = s;
        }
    }
}
