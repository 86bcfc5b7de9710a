namespace ManagedLite.Runtime.Tests.Custom;

/// <summary>
/// The MediaPipe geometry operators' results written from their definitions in double precision, independently of
/// the kernels (which follow MediaPipe's float order of operations): the reference the tests compare against.
/// </summary>
internal static class MediaPipeGeometryFormulas
{
    /// <summary>Bilinear sample of channel <paramref name="ch"/> at (u, v): zero outside [0, W-1] x [0, H-1], neighbours past the edge zero.</summary>
    public static double Sample(ReadOnlySpan<float> image, int h, int w, int c, int ch, double u, double v)
    {
        if (u < 0 || u > w - 1 || v < 0 || v > h - 1) return 0;
        int x0 = (int)Math.Floor(u), y0 = (int)Math.Floor(v);
        double fx = u - x0, fy = v - y0;
        double At(ReadOnlySpan<float> img, int yy, int xx) => yy >= h || xx >= w ? 0 : img[(yy * w + xx) * c + ch];
        return (1 - fy) * ((1 - fx) * At(image, y0, x0) + fx * At(image, y0, x0 + 1)) + fy * ((1 - fx) * At(image, y0 + 1, x0) + fx * At(image, y0 + 1, x0 + 1));
    }

    /// <summary>
    /// Where TransformTensorBilinear version 2 samples output pixel (x, y): pixel centers (x + 0.5, y + 0.5) mapped by
    /// the matrix's first two rows, less 0.5.
    /// </summary>
    public static (double U, double V) SamplePosition(ReadOnlySpan<float> m, int x, int y) =>
        (m[0] * (x + 0.5) + m[1] * (y + 0.5) + m[3] - 0.5, m[4] * (x + 0.5) + m[5] * (y + 0.5) + m[7] - 0.5);

    /// <summary>
    /// Landmarks2TransformMatrix version 2: rotation r = target - angle(left -> right); the subset points (an odd count
    /// repeating the last) rotated by r bound a box (bw, bh) whose center, rotated back, is the crop center c; the
    /// matrix is shift(c) * rotate(-r) * scale(sx * bw / ow, sy * bh / oh) * shift(-ow / 2, -oh / 2), row-major 4x4.
    /// </summary>
    public static double[] CropMatrix(ReadOnlySpan<float> p, int[] subset, int left, int right, double target, int oh, int ow, double sx, double sy)
    {
        double r = target - Math.Atan2(p[3 * right + 1] - p[3 * left + 1], p[3 * right] - p[3 * left]);
        int count = subset.Length % 2 == 1 ? subset.Length + 1 : subset.Length;
        double minX = double.MaxValue, maxX = double.MinValue, minY = double.MaxValue, maxY = double.MinValue;
        for (int k = 0; k < count; k++)
        {
            int i = k < subset.Length ? subset[k] : subset[^1];
            double x = Math.Cos(r) * p[3 * i] - Math.Sin(r) * p[3 * i + 1], y = Math.Sin(r) * p[3 * i] + Math.Cos(r) * p[3 * i + 1];
            minX = Math.Min(minX, x); maxX = Math.Max(maxX, x); minY = Math.Min(minY, y); maxY = Math.Max(maxY, y);
        }
        double mx = (minX + maxX) / 2, my = (minY + maxY) / 2;
        double cx = Math.Cos(-r) * mx - Math.Sin(-r) * my, cy = Math.Sin(-r) * mx + Math.Cos(-r) * my;
        double kx = sx * (maxX - minX) / ow, ky = sy * (maxY - minY) / oh;
        double a = Math.Cos(-r) * kx, b = -Math.Sin(-r) * ky, c = Math.Sin(-r) * kx, d = Math.Cos(-r) * ky;
        return [a, b, 0, cx - a * ow / 2.0 - b * oh / 2.0, c, d, 0, cy - c * ow / 2.0 - d * oh / 2.0, 0, 0, 1, 0, 0, 0, 0, 1];
    }
}
