namespace ManagedLite.Kernels.Reference;

/// <summary>
/// MediaPipe's MaxPoolingWithArgmax2D (mediapipe/util/tflite/operations/max_pool_argmax.cc): float MAX_POOL_2D that also
/// writes, per output element, the position of the maximum inside its window (y * filter_width + x, as a float with
/// 0.1 added so that truncation recovers it). The first maximum wins; an empty window gives the lowest float and 0.
/// </summary>
public static class MaxPoolWithArgmax
{
    public static void Run(in PoolParams p,
                           ReadOnlySpan<float> input,  // [N, H, W, C]
                           Span<float> output,         // [N, OH, OW, C]
                           Span<float> indices)        // [N, OH, OW, C]
    {
        p.Check(input.Length, output.Length);
        p.Check(input.Length, indices.Length);
        int inH = p.InputHeight, inW = p.InputWidth, c = p.Channels;
        for (int b = 0; b < p.Batches; b++)
        for (int oy = 0; oy < p.OutputHeight; oy++)
        for (int ox = 0; ox < p.OutputWidth; ox++)
        for (int ch = 0; ch < c; ch++)
        {
            p.Window(oy, ox, out int inY0, out int inX0, out int yStart, out int yEnd, out int xStart, out int xEnd);
            float max = float.MinValue;
            int maxX = 0, maxY = 0;
            for (int ky = yStart; ky < yEnd; ky++)
            for (int kx = xStart; kx < xEnd; kx++)
            {
                float v = input[((b * inH + inY0 + ky) * inW + inX0 + kx) * c + ch];
                if (v > max)
                {
                    max = v;
                    maxX = kx;
                    maxY = ky;
                }
            }
            int o = ((b * p.OutputHeight + oy) * p.OutputWidth + ox) * c + ch;
            output[o] = Math.Min(Math.Max(max, p.ActivationMin), p.ActivationMax);
            indices[o] = maxY * p.FilterWidth + maxX + 0.1f;
        }
    }
}
