namespace ManagedLite.Kernels.Quantization;

/// <summary>
/// On-the-fly float input quantization of the dynamic-range ("hybrid") kernels — fully connected, convolutions,
/// SVDF and LSTM: TFLite's portable_tensor_utils SymmetricQuantizeFloats / AsymmetricQuantizeFloats and
/// ReductionSumVector.
/// </summary>
public static class HybridQuantization
{
    /// <summary>
    /// Symmetric: q = clamp(round(x * 127 / max|x|), -127, 127) (halves away from zero); returns the scale
    /// max|x| / 127, or 1 when every value is zero (then q is all zero). Writes the first values.Length
    /// elements of <paramref name="quantized"/>.
    /// </summary>
    public static float Symmetric(ReadOnlySpan<float> values, Span<sbyte> quantized)
    {
        quantized = quantized[..values.Length];
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (float v in values)
        {
            if (v < min) min = v;
            if (v > max) max = v;
        }
        float range = MathF.Max(MathF.Abs(min), MathF.Abs(max));
        if (values.Length == 0 || range == 0)
        {
            quantized.Clear();
            return 1f;
        }
        float scaleInv = 127f / range;
        for (int i = 0; i < values.Length; i++)
        {
            int q = (int)MathF.Round(values[i] * scaleInv, MidpointRounding.AwayFromZero);
            quantized[i] = (sbyte)Math.Clamp(q, -127, 127);
        }
        return range / 127f;
    }

    /// <summary>
    /// Asymmetric over [min(0, min x), max(0, max x)] onto [-128, 127] with a nudged zero point
    /// (<paramref name="offset"/>); returns the scale, 1 (offset 0) when the range is empty. Writes the first
    /// values.Length elements of <paramref name="quantized"/>.
    /// </summary>
    public static float Asymmetric(ReadOnlySpan<float> values, Span<sbyte> quantized, out int offset)
    {
        quantized = quantized[..values.Length];
        float minV = float.PositiveInfinity, maxV = float.NegativeInfinity;
        foreach (float v in values)
        {
            if (v < minV) minV = v;
            if (v > maxV) maxV = v;
        }
        double rmin = Math.Min(0f, values.Length == 0 ? 0f : minV);
        double rmax = Math.Max(0f, values.Length == 0 ? 0f : maxV);
        if (rmin == rmax)
        {
            quantized.Clear();
            offset = 0;
            return 1f;
        }
        const double qmin = -128, qmax = 127;
        double scale = (rmax - rmin) / (qmax - qmin);
        double zpFromMin = qmin - rmin / scale;
        double zpFromMax = qmax - rmax / scale;
        double zpFromMinError = Math.Abs(qmin) + Math.Abs(rmin / scale);
        double zpFromMaxError = Math.Abs(qmax) + Math.Abs(rmax / scale);
        double zp = zpFromMinError < zpFromMaxError ? zpFromMin : zpFromMax;
        int nudged;
        if (zp <= qmin) nudged = -128;
        else if (zp >= qmax) nudged = 127;
        else nudged = (sbyte)Math.Round(zp, MidpointRounding.AwayFromZero);
        float scaleF = (float)scale;
        offset = nudged;
        float scaleInv = 1.0f / scaleF;
        for (int i = 0; i < values.Length; i++)
        {
            int q = (int)MathF.Round(nudged + values[i] * scaleInv, MidpointRounding.AwayFromZero);
            quantized[i] = (sbyte)Math.Clamp(q, -128, 127);
        }
        return scaleF;
    }

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
