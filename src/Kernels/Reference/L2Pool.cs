namespace ManagedLite.Kernels.Reference;

/// <summary>
/// Float L2_POOL_2D as TFLite's reference kernel: sqrt(mean of squares) over the in-bounds part of each window
/// (padding is not counted), then clamped to the fused activation's range.
/// </summary>
public static class L2Pool
{
    public static void Run(in PoolParams p,
                           ReadOnlySpan<float> input,  // [N, H, W, C]
                           Span<float> output)         // [N, OH, OW, C]
    {
        p.Check(input.Length, output.Length);
        int inH = p.InputHeight, inW = p.InputWidth, c = p.Channels;
        for (int b = 0; b < p.Batches; b++)
        for (int oy = 0; oy < p.OutputHeight; oy++)
        for (int ox = 0; ox < p.OutputWidth; ox++)
        for (int ch = 0; ch < c; ch++)
        {
            p.Window(oy, ox, out int inY0, out int inX0, out int yStart, out int yEnd, out int xStart, out int xEnd);
            float squares = 0f;
            int count = 0;
            for (int ky = yStart; ky < yEnd; ky++)
            for (int kx = xStart; kx < xEnd; kx++)
            {
                float v = input[((b * inH + inY0 + ky) * inW + inX0 + kx) * c + ch];
                squares += v * v;
                count++;
            }
            // TFLite divides by zero (NaN) for a window entirely outside the input; write 0 so it is defined.
            float result = count == 0 ? 0f : MathF.Sqrt(squares / count);
            output[((b * p.OutputHeight + oy) * p.OutputWidth + ox) * c + ch] =
                Math.Min(Math.Max(result, p.ActivationMin), p.ActivationMax);
        }
    }
}
