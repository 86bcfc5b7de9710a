namespace ManagedLite.Kernels.Reference;

/// <summary>
/// LOCAL_RESPONSE_NORMALIZATION along the last axis, float:
/// out[c] = in[c] * (bias + alpha * sum(in[k]^2 for k in [c - radius, c + radius])) ^ -beta.
/// The window is the one TensorFlow and TFLite's built-in (optimized) kernel use, both ends included; TFLite's
/// reference_ops variant stops one channel short of c + radius.
/// </summary>
public static class LocalResponseNormalization
{
    public static void Float(int outer, int depth, int radius, float bias, float alpha, float beta,
                             ReadOnlySpan<float> input,  // [outer, depth]
                             Span<float> output)         // [outer, depth]
    {
        if (outer < 0 || depth < 0 || radius < 0) throw new ArgumentException($"local response normalization: bad sizes {outer}x{depth}, radius {radius}");
        long n = (long)outer * depth;
        if (input.Length < n || output.Length < n)
            throw new ArgumentException($"local response normalization: {outer}x{depth} needs {n} elements");
        for (int i = 0; i < outer; i++)
        {
            var x = input.Slice(i * depth, depth);
            var y = output.Slice(i * depth, depth);
            for (int c = 0; c < depth; c++)
            {
                int begin = Math.Max(0, c - radius);
                int end = (int)Math.Min(depth - 1, (long)c + radius);
                float sum = 0f;
                for (int k = begin; k <= end; k++) sum += x[k] * x[k];
                y[c] = x[c] * MathF.Pow(bias + alpha * sum, -beta);
            }
        }
    }
}
