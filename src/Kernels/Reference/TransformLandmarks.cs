namespace ManagedLite.Kernels.Reference;

/// <summary>
/// MediaPipe's TransformLandmarks: every landmark (x, y[, z]) is mapped through the first two rows of a 4x4
/// row-major matrix applied to (x, y, 0, 1); z, when present, is copied. Version 1 multiplies the matrix's
/// translation column by a scale option; version 2 does not (scale 1).
/// </summary>
public static class TransformLandmarks
{
    /// <summary>
    /// <paramref name="landmarks"/> and <paramref name="output"/> hold <paramref name="count"/> landmarks of
    /// <paramref name="dimensions"/> (2 or 3) values each.
    /// </summary>
    public static void Run(ReadOnlySpan<float> landmarks, ReadOnlySpan<float> matrix, float scale, int dimensions, int count, Span<float> output)
    {
        float x0 = matrix[0], x1 = matrix[1], x2 = matrix[2], x3 = matrix[3] * scale;
        float y0 = matrix[4], y1 = matrix[5], y2 = matrix[6], y3 = matrix[7] * scale;
        for (int i = 0, o = 0; i < count; i++, o += dimensions)
        {
            float x = landmarks[o], y = landmarks[o + 1];
            output[o] = x0 * x + x1 * y + x2 * 0f + x3 * 1f;
            output[o + 1] = y0 * x + y1 * y + y2 * 0f + y3 * 1f;
            if (dimensions == 3) output[o + 2] = landmarks[o + 2];
        }
    }
}
