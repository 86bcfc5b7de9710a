namespace ManagedLite.Kernels.Reference;

/// <summary>
/// MATRIX_SET_DIAG (TFLite <c>matrix_set_diag.cc</c>): a copy of input [..., rows, cols] whose main diagonal is replaced
/// by diagonal [..., min(rows, cols)].
/// </summary>
public static class MatrixSetDiag
{
    // input, output: [batch, rows, cols]; diagonal: [batch, min(rows, cols)]
    public static void Run<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> diagonal, int batch, int rows, int cols, Span<T> output)
        where T : unmanaged
    {
        if (batch < 0 || rows < 0 || cols < 0) throw new ArgumentException("batch, rows and cols must be non-negative");
        int diag = Math.Min(rows, cols);
        long len = (long)batch * rows * cols, diagLen = (long)batch * diag;
        ShapeMath.CheckLength(input.Length, len > int.MaxValue ? -1 : (int)len, "input");
        ShapeMath.CheckLength(output.Length, len > int.MaxValue ? -1 : (int)len, "output");
        ShapeMath.CheckLength(diagonal.Length, diagLen > int.MaxValue ? -1 : (int)diagLen, "diagonal");
        int o = 0;
        for (int b = 0; b < batch; b++)
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++, o++)
                    output[o] = i == j ? diagonal[b * diag + i] : input[o];
    }
}
