namespace ManagedLite.Kernels.Reference;

/// <summary>
/// MediaPipe's TransformTensorBilinear (version 2; version 1 is registered as TransformTensor): each output pixel
/// (x, y) of [1, OH, OW, C] samples the input [.., H, W, C] (batch 0) at (u, v) = the first two rows of the 4x4
/// row-major matrix applied to (x, y, 0, 1). Version 2 first shifts the matrix for pixel centers (T -> S * T * A
/// with A adding 0.5 and S subtracting 0.5). A sample outside [0, W - 1] x [0, H - 1] is 0; inside, the four
/// neighbours at floor(u), floor(u) + 1, floor(v), floor(v) + 1 are blended, a neighbour past the last row or column
/// counting 0. The blend mixes float and double as MediaPipe's C++ does (the weights 1 - f are doubles).
/// </summary>
public static class TransformTensorBilinear
{
    public static void Run(bool alignCorners, ReadOnlySpan<float> input, int inputHeight, int inputWidth, int inputChannels,
                           ReadOnlySpan<float> matrix, Span<float> output, int outputHeight, int outputWidth, int outputChannels)
    {
        float x0 = matrix[0], x1 = matrix[1], x2 = matrix[2], x3 = matrix[3];
        float y0 = matrix[4], y1 = matrix[5], y2 = matrix[6], y3 = matrix[7];
        if (alignCorners)
        {
            x3 = (float)(x3 + (x0 * 0.5 + x1 * 0.5 - 0.5));
            y3 = (float)(y3 + (y0 * 0.5 + y1 * 0.5 - 0.5));
        }
        int o = 0;
        for (int oy = 0; oy < outputHeight; oy++)
        {
            for (int ox = 0; ox < outputWidth; ox++, o += outputChannels)
            {
                float fx = ox, fy = oy;
                float u = x0 * fx + x1 * fy + x2 * 0f + x3 * 1f;
                float v = y0 * fx + y1 * fy + y2 * 0f + y3 * 1f;
                var dst = output.Slice(o, outputChannels);
                if (u < 0 || u > inputWidth - 1 || v < 0 || v > inputHeight - 1)
                {
                    dst.Clear();
                    continue;
                }
                float fu = MathF.Floor(u), fv = MathF.Floor(v);
                int w0 = (int)fu, h0 = (int)fv;
                float right = u - fu, lower = v - fv;
                for (int c = 0; c < outputChannels; c++)
                {
                    float q11 = Read(input, inputHeight, inputWidth, inputChannels, h0, w0, c);
                    float q21 = Read(input, inputHeight, inputWidth, inputChannels, h0, w0 + 1, c);
                    float q12 = Read(input, inputHeight, inputWidth, inputChannels, h0 + 1, w0, c);
                    float q22 = Read(input, inputHeight, inputWidth, inputChannels, h0 + 1, w0 + 1, c);
                    float top = (float)((1.0 - right) * q11 + right * q21);
                    float bottom = (float)((1.0 - right) * q12 + right * q22);
                    dst[c] = (float)(lower * bottom + (1.0 - lower) * top);
                }
            }
        }
    }

    private static float Read(ReadOnlySpan<float> input, int height, int width, int channels, int h, int w, int c) =>
        h < 0 || w < 0 || h >= height || w >= width ? 0 : input[(h * width + w) * channels + c];
}
