namespace ManagedLite.Kernels.Reference;

/// <summary>Float AVERAGE_POOL_2D and MAX_POOL_2D as TFLite's reference kernels.</summary>
public static class Pooling
{
    /// <summary>Average over the in-bounds part of each window (padding is not counted), then clamped.</summary>
    public static void AveragePool(in PoolParams p,
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
            float total = 0f;
            int count = 0;
            for (int ky = yStart; ky < yEnd; ky++)
            for (int kx = xStart; kx < xEnd; kx++)
            {
                total += input[((b * inH + inY0 + ky) * inW + inX0 + kx) * c + ch];
                count++;
            }
            // TFLite leaves the output untouched for an empty window; write 0 so it is defined.
            float avg = count == 0 ? 0f : total / count;
            output[((b * p.OutputHeight + oy) * p.OutputWidth + ox) * c + ch] =
                Math.Min(Math.Max(avg, p.ActivationMin), p.ActivationMax);
        }
    }

    /// <summary>Maximum over the in-bounds part of each window, then clamped.</summary>
    public static void MaxPool(in PoolParams p,
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
            float max = float.MinValue;
            for (int ky = yStart; ky < yEnd; ky++)
            for (int kx = xStart; kx < xEnd; kx++)
                max = Math.Max(max, input[((b * inH + inY0 + ky) * inW + inX0 + kx) * c + ch]);
            output[((b * p.OutputHeight + oy) * p.OutputWidth + ox) * c + ch] =
                Math.Min(Math.Max(max, p.ActivationMin), p.ActivationMax);
        }
    }
}
