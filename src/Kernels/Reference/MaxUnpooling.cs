namespace ManagedLite.Kernels.Reference;

/// <summary>
/// MediaPipe's MaxUnpooling2D (mediapipe/util/tflite/operations/max_unpooling.cc): scatters each input value to the
/// output position its argmax index (as written by MaxPoolingWithArgmax2D) names inside its window; every other output
/// is zero. Geometry: <see cref="PoolParams"/> with the pooled tensor as "input" [N, H, W, C] and the unpooled one as
/// "output" [N, OH, OW, C].
/// </summary>
public static class MaxUnpooling
{
    /// <summary>
    /// Runs the scatter; returns -1, or the flat index of the first input element whose argmax index is not a window
    /// position or lands outside the output (MediaPipe writes out of bounds there; nothing is written past it here).
    /// </summary>
    public static long Run(in PoolParams p,
                           ReadOnlySpan<float> input,    // [N, H, W, C]
                           ReadOnlySpan<float> indices,  // [N, H, W, C]
                           Span<float> output)           // [N, OH, OW, C]
    {
        long inLength = (long)p.Batches * p.InputHeight * p.InputWidth * p.Channels;
        long outLength = (long)p.Batches * p.OutputHeight * p.OutputWidth * p.Channels;
        if (input.Length < inLength || indices.Length < inLength || output.Length < outLength)
            throw new ArgumentException($"max unpooling: buffers too short for {p}");
        output[..(int)outLength].Clear();
        int c = p.Channels, window = p.FilterHeight * p.FilterWidth;
        int i = 0;
        for (int b = 0; b < p.Batches; b++)
        for (int y = 0; y < p.InputHeight; y++)
        for (int x = 0; x < p.InputWidth; x++)
        for (int ch = 0; ch < c; ch++, i++)
        {
            float f = indices[i];
            if (!(f >= 0f && f < window)) return i;
            int idx = (int)f;
            int outX = x * p.StrideWidth - p.PadLeft + idx % p.FilterWidth;
            int outY = y * p.StrideHeight - p.PadTop + idx / p.FilterWidth;
            if ((uint)outX >= (uint)p.OutputWidth || (uint)outY >= (uint)p.OutputHeight) return i;
            output[((b * p.OutputHeight + outY) * p.OutputWidth + outX) * c + ch] = input[i];
        }
        return -1;
    }
}
