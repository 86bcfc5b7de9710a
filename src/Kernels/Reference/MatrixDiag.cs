namespace ManagedLite.Kernels.Reference;

/// <summary>
/// MATRIX_DIAG (TFLite <c>matrix_diag.cc</c>): input [..., n] becomes [..., n, n] with the input on the diagonal and
/// 0 elsewhere (the raw value 0, also for quantized types, as TFLite).
/// </summary>
public static class MatrixDiag
{
    // input: [batch, n]; output: [batch, n, n]
    public static void Run<T>(ReadOnlySpan<T> input, int batch, int n, Span<T> output) where T : unmanaged
    {
        if (batch < 0 || n < 0) throw new ArgumentException("batch and n must be non-negative");
        long inLen = (long)batch * n, outLen = inLen * n;
        ShapeMath.CheckLength(input.Length, inLen > int.MaxValue ? -1 : (int)inLen, "input");
        ShapeMath.CheckLength(output.Length, outLen > int.MaxValue ? -1 : (int)outLen, "output");
        int o = 0;
        for (int b = 0; b < batch; b++)
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    output[o++] = i == j ? input[b * n + i] : default;
    }
}
