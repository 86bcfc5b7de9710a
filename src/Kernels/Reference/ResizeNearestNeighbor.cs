namespace ManagedLite.Kernels.Reference;

/// <summary>
/// RESIZE_NEAREST_NEIGHBOR (TFLite <c>reference_ops::ResizeNearestNeighbor</c>, NHWC). Element-type generic.
/// </summary>
public static class ResizeNearestNeighbor
{
    // input: [batch, inH, inW, depth]; output: [batch, outH, outW, depth]
    public static void Run<T>(ReadOnlySpan<int> inputShape, ReadOnlySpan<T> input, int outHeight, int outWidth,
                              bool alignCorners, bool halfPixelCenters, Span<T> output) where T : unmanaged
    {
        if (inputShape.Length != 4) throw new ArgumentException($"input must be 4D, got {ShapeMath.Format(inputShape)}");
        if (outHeight <= 0 || outWidth <= 0) throw new ArgumentException($"output size must be positive, got {outHeight}x{outWidth}");
        int batch = inputShape[0], inH = inputShape[1], inW = inputShape[2], depth = inputShape[3];
        ShapeMath.CheckLength(input.Length, ShapeMath.FlatSize(inputShape, "input shape"), "input");
        ShapeMath.CheckLength(output.Length, ShapeMath.FlatSize([batch, outHeight, outWidth, depth], "output shape"), "output");
        if (output.Length == 0) return;
        if (inH <= 0 || inW <= 0) throw new ArgumentException($"input height and width must be positive, got {inH}x{inW}");

        int o = 0;
        for (int b = 0; b < batch; b++)
            for (int y = 0; y < outHeight; y++)
            {
                int inY = Source(y, inH, outHeight, alignCorners, halfPixelCenters);
                for (int x = 0; x < outWidth; x++)
                {
                    int inX = Source(x, inW, outWidth, alignCorners, halfPixelCenters);
                    int inBase = ((b * inH + inY) * inW + inX) * depth;
                    for (int d = 0; d < depth; d++) output[o++] = input[inBase + d];
                }
            }
    }

    /// <summary>Source coordinate of output coordinate <paramref name="value"/> (TFLite's GetNearestNeighbor).</summary>
    public static int Source(int value, int inputSize, int outputSize, bool alignCorners, bool halfPixelCenters)
    {
        float scale = alignCorners && outputSize > 1
            ? (inputSize - 1) / (float)(outputSize - 1)
            : inputSize / (float)outputSize;
        float offset = halfPixelCenters ? 0.5f : 0f;
        float scaled = (value + offset) * scale;
        int result = alignCorners
            ? (int)MathF.Round(scaled, MidpointRounding.AwayFromZero)
            : (int)MathF.Floor(scaled);
        result = Math.Min(result, inputSize - 1);
        if (halfPixelCenters) result = Math.Max(0, result);
        return result;
    }
}
