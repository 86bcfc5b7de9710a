namespace ManagedLite.Kernels.Reference;

/// <summary>
/// Reference LOG_SOFTMAX over the last axis (TFLite reference_ops::LogSoftmax, float): per row, max; then
/// sum of exp(x_c - max) in float; then x_c - max - log(sum).
/// </summary>
public static class LogSoftmax
{
    public static void Eval(ReadOnlySpan<float> input, Span<float> output, int depth)
    {
        Activations.CheckLengths(input, output);
        if (depth <= 0) { if (input.Length != 0) throw new ArgumentException("depth must be positive"); return; }
        if (input.Length % depth != 0) throw new ArgumentException($"length {input.Length} is not a multiple of depth {depth}");
        for (int row = 0; row < input.Length; row += depth)
        {
            var x = input.Slice(row, depth);
            var y = output.Slice(row, depth);
            float max = float.MinValue;
            for (int c = 0; c < depth; c++) max = max < x[c] ? x[c] : max;
            float sum = 0f;
            for (int c = 0; c < depth; c++) sum += MathF.Exp(x[c] - max);
            float logSum = MathF.Log(sum);
            for (int c = 0; c < depth; c++) y[c] = x[c] - max - logSum;
        }
    }
}
