namespace ManagedLite.Kernels.Reference;

/// <summary>
/// DEPTH_TO_SPACE (TFLite <c>reference_ops::DepthToSpace</c>, NHWC): input [b, h, w, c*bs*bs] becomes
/// [b, h*bs, w*bs, c]; output (y, x, d) reads input (y/bs, x/bs, ((y%bs)*bs + x%bs)*c + d).
/// </summary>
public static class DepthToSpace
{
    // input: [batch, height, width, depth]
    public static void Run<T>(ReadOnlySpan<int> inputShape, ReadOnlySpan<T> input, int blockSize, Span<T> output)
        where T : unmanaged
    {
        if (inputShape.Length != 4) throw new ArgumentException($"input must be 4D, got {ShapeMath.Format(inputShape)}");
        if (blockSize < 1) throw new ArgumentException($"block size must be >= 1, got {blockSize}");
        int batch = inputShape[0], inH = inputShape[1], inW = inputShape[2], inD = inputShape[3];
        long bb = (long)blockSize * blockSize;
        if (inD % bb != 0) throw new ArgumentException($"input depth {inD} is not divisible by block size squared ({bb})");
        int outD = (int)(inD / bb);
        int outH = checked(inH * blockSize), outW = checked(inW * blockSize);
        ShapeMath.CheckLength(input.Length, ShapeMath.FlatSize(inputShape, "input shape"), "input");
        ShapeMath.CheckLength(output.Length, input.Length, "output");

        int o = 0;
        for (int b = 0; b < batch; b++)
            for (int y = 0; y < outH; y++)
                for (int x = 0; x < outW; x++)
                {
                    int inY = y / blockSize, inX = x / blockSize;
                    int depthBase = ((y % blockSize) * blockSize + x % blockSize) * outD;
                    int inBase = ((b * inH + inY) * inW + inX) * inD + depthBase;
                    for (int d = 0; d < outD; d++) output[o++] = input[inBase + d];
                }
    }
}
