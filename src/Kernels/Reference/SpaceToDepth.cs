namespace ManagedLite.Kernels.Reference;

/// <summary>
/// SPACE_TO_DEPTH (TFLite <c>reference_ops::SpaceToDepth</c>, NHWC): input [b, h*bs, w*bs, c] becomes
/// [b, h, w, c*bs*bs]; input (y, x, d) goes to output (y/bs, x/bs, ((y%bs)*bs + x%bs)*c + d).
/// </summary>
public static class SpaceToDepth
{
    // input: [batch, height, width, depth]
    public static void Run<T>(ReadOnlySpan<int> inputShape, ReadOnlySpan<T> input, int blockSize, Span<T> output)
        where T : unmanaged
    {
        if (inputShape.Length != 4) throw new ArgumentException($"input must be 4D, got {ShapeMath.Format(inputShape)}");
        if (blockSize < 1) throw new ArgumentException($"block size must be >= 1, got {blockSize}");
        int batch = inputShape[0], inH = inputShape[1], inW = inputShape[2], inD = inputShape[3];
        if (inH % blockSize != 0 || inW % blockSize != 0)
            throw new ArgumentException($"input height {inH} and width {inW} must be divisible by block size {blockSize}");
        int outH = inH / blockSize, outW = inW / blockSize, outD = checked(inD * blockSize * blockSize);
        ShapeMath.CheckLength(input.Length, ShapeMath.FlatSize(inputShape, "input shape"), "input");
        ShapeMath.CheckLength(output.Length, input.Length, "output");

        int i = 0;
        for (int b = 0; b < batch; b++)
            for (int y = 0; y < inH; y++)
                for (int x = 0; x < inW; x++)
                {
                    int outY = y / blockSize, outX = x / blockSize;
                    int depthBase = ((y % blockSize) * blockSize + x % blockSize) * inD;
                    int outBase = ((b * outH + outY) * outW + outX) * outD + depthBase;
                    for (int d = 0; d < inD; d++) output[outBase + d] = input[i++];
                }
    }
}
