namespace ManagedLite.Kernels.Reference;

/// <summary>Options of MediaPipe's Landmarks2TransformMatrix version 2.</summary>
public sealed record LandmarksToTransformMatrixV2Params(
    int[] SubsetIndices, int LeftRotationIndex, int RightRotationIndex, float TargetRotationRadians,
    int OutputHeight, int OutputWidth, float ScaleX, float ScaleY);

/// <summary>Options of MediaPipe's Landmarks2TransformMatrix version 1.</summary>
public sealed record LandmarksToTransformMatrixV1Params(
    int[] SubsetIndices, int LeftRotationIndex, int RightRotationIndex, int LandmarksRange, float BboxSizeMultiplier,
    int InputHeight, int InputWidth, int OutputHeight, int OutputWidth);

/// <summary>
/// MediaPipe's Landmarks2TransformMatrix: from landmarks (x, y, z triplets) a 4x4 row-major matrix that maps a
/// pixel (x, y, 0, 1) of the crop to be produced to the coordinates it samples in the source (the matrix
/// TransformTensorBilinear and TransformLandmarks take). The crop is aligned with the line from the left to the
/// right rotation landmark and bounds the subset landmarks. Float arithmetic in MediaPipe's order of operations.
/// Subset index pairs are flattened; an odd count repeats the last index, as MediaPipe's parser does.
/// </summary>
public static class LandmarksToTransformMatrix
{
    /// <summary>Version 2 (face_landmark_with_attention): landmarks [N * 3], output [16].</summary>
    public static void V2(LandmarksToTransformMatrixV2Params p, ReadOnlySpan<float> landmarks, Span<float> output)
    {
        float leftX = landmarks[p.LeftRotationIndex * 3], leftY = landmarks[p.LeftRotationIndex * 3 + 1];
        float rightX = landmarks[p.RightRotationIndex * 3], rightY = landmarks[p.RightRotationIndex * 3 + 1];
        float rotation = p.TargetRotationRadians - MathF.Atan2(rightY - leftY, rightX - leftX);

        // Rotate the subset points by the rotation (z = 1), take their bounding box, rotate its center back.
        float c = MathF.Cos(rotation), s = MathF.Sin(rotation);
        float ci = MathF.Cos(-rotation), si = MathF.Sin(-rotation);
        float maxX = 0, maxY = 0, minX = 0, minY = 0;
        int count = Points(p.SubsetIndices);
        for (int i = 0; i < count; i++)
        {
            int idx = PointIndex(p.SubsetIndices, i);
            float x = landmarks[idx * 3], y = landmarks[idx * 3 + 1];
            float rx = Row3(c, -s, 0, x, y, 1);
            float ry = Row3(s, c, 0, x, y, 1);
            if (i == 0)
            {
                maxX = minX = rx;
                maxY = minY = ry;
                continue;
            }
            if (maxX < rx) maxX = rx;
            if (maxY < ry) maxY = ry;
            if (minX > rx) minX = rx;
            if (minY > ry) minY = ry;
        }
        float cropWidth = maxX - minX, cropHeight = maxY - minY;
        float midX = (minX + maxX) / 2, midY = (minY + maxY) / 2;
        float cropX = Row3(ci, -si, 0, midX, midY, 1);
        float cropY = Row3(si, ci, 0, midX, midY, 1);

        Span<float> t = stackalloc float[16];
        Span<float> m = stackalloc float[16];
        Identity(t);
        Identity(m); m[3] = cropX; m[7] = cropY;
        MulInPlace(t, m);
        float r = -rotation;
        Identity(m); m[0] = MathF.Cos(r); m[1] = -MathF.Sin(r); m[4] = MathF.Sin(r); m[5] = MathF.Cos(r);
        MulInPlace(t, m);
        Identity(m); m[0] = p.ScaleX * cropWidth / p.OutputWidth; m[5] = p.ScaleY * cropHeight / p.OutputHeight;
        MulInPlace(t, m);
        Identity(m); m[3] = (float)(-1.0 * (p.OutputWidth / 2.0)); m[7] = (float)(-1.0 * (p.OutputHeight / 2.0));
        MulInPlace(t, m);
        t.CopyTo(output);
    }

    /// <summary>Version 1: landmarks [N * 3], output [16] (a 3x3 affine map embedded in 4x4).</summary>
    public static void V1(LandmarksToTransformMatrixV1Params p, ReadOnlySpan<float> landmarks, Span<float> output)
    {
        float leftX = landmarks[p.LeftRotationIndex * 3], leftY = landmarks[p.LeftRotationIndex * 3 + 1];
        float rightX = landmarks[p.RightRotationIndex * 3], rightY = landmarks[p.RightRotationIndex * 3 + 1];
        float alpha = -MathF.Atan((rightY - leftY) / (rightX - leftX));
        float ca = MathF.Cos(alpha), sa = MathF.Sin(alpha);
        float maxX = -100000, maxY = -100000, minX = 100000, minY = 100000;
        int count = Points(p.SubsetIndices);
        for (int i = 0; i < count; i++)
        {
            int idx = PointIndex(p.SubsetIndices, i);
            float x = landmarks[idx * 3], y = landmarks[idx * 3 + 1];
            float rx = x * ca - y * sa, ry = x * sa + y * ca;
            // std::max(a, b) is (a < b ? b : a), std::min(a, b) is (b < a ? b : a).
            if (maxX < rx) maxX = rx;
            if (maxY < ry) maxY = ry;
            if (rx < minX) minX = rx;
            if (ry < minY) minY = ry;
        }
        float bboxX = (maxX - minX) * p.BboxSizeMultiplier, bboxY = (maxY - minY) * p.BboxSizeMultiplier;
        Span<float> scale = [bboxX / p.LandmarksRange, 0, 0, 0, bboxY / p.LandmarksRange, 0, 0, 0, 1];
        float midX = (float)((maxX + minX) / 2.0), midY = (float)((maxY + minY) / 2.0);
        float cn = MathF.Cos(-alpha), sn = MathF.Sin(-alpha);
        float rmX = midX * cn - midY * sn, rmY = midX * sn + midY * cn;
        Span<float> rotation =
        [
            cn, -sn, (float)(rmX / p.LandmarksRange * 2.0 - 1.0),
            sn, cn, (float)(rmY / p.LandmarksRange * 2.0 - 1.0),
            0, 0, 1,
        ];
        Span<float> toRelative = [(float)(2.0 / (p.OutputWidth - 1.0)), 0, -1, 0, (float)(2.0 / (p.OutputHeight - 1.0)), -1, 0, 0, 1];
        Span<float> toAbsolute =
        [
            (float)((p.InputWidth - 1.0) / 2.0), 0, (float)((p.InputWidth - 1.0) / 2.0),
            0, (float)((p.InputHeight - 1.0) / 2.0), (float)((p.InputHeight - 1.0) / 2.0),
            0, 0, 1,
        ];
        Span<float> a = stackalloc float[9];
        Span<float> b = stackalloc float[9];
        Mul3(toAbsolute, rotation, a);
        Mul3(a, scale, b);
        Mul3(b, toRelative, a);
        output.Clear();
        output[0] = a[0]; output[1] = a[1]; output[3] = a[2];
        output[4] = a[3]; output[5] = a[4]; output[7] = a[5];
        output[8] = a[6]; output[9] = a[7]; output[10] = a[8];
        output[15] = 1;
    }

    /// <summary>Number of points the subset names: its pairs flattened, an odd last index counted twice.</summary>
    public static int Points(int[] subset) => subset.Length % 2 == 0 ? subset.Length : subset.Length + 1;

    private static int PointIndex(int[] subset, int i) => i < subset.Length ? subset[i] : subset[^1];

    /// <summary>One row of a 3x3 matrix times (x, y, z), summed from zero as MediaPipe's Mat3 does.</summary>
    private static float Row3(float a, float b, float c, float x, float y, float z)
    {
        float sum = 0;
        sum += a * x;
        sum += b * y;
        sum += c * z;
        return sum;
    }

    private static void Identity(Span<float> m)
    {
        m.Clear();
        m[0] = m[5] = m[10] = m[15] = 1;
    }

    /// <summary>t = t * m for row-major 4x4 matrices, each sum accumulated from zero in float.</summary>
    private static void MulInPlace(Span<float> t, ReadOnlySpan<float> m)
    {
        Span<float> result = stackalloc float[16];
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 4; c++)
            {
                float sum = 0;
                for (int k = 0; k < 4; k++) sum += t[r * 4 + k] * m[k * 4 + c];
                result[r * 4 + c] = sum;
            }
        result.CopyTo(t);
    }

    private static void Mul3(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> result)
    {
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++)
            {
                float sum = 0;
                for (int k = 0; k < 3; k++) sum += a[r * 3 + k] * b[k * 3 + c];
                result[r * 3 + c] = sum;
            }
    }
}
