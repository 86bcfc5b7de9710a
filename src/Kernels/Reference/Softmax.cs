namespace ManagedLite.Kernels.Reference;

/// <summary>
/// Reference SOFTMAX over the last axis (TFLite reference_ops::Softmax, float): per row, max; then
/// e_c = exp((x_c - max) * beta) summed sequentially in float; then e_c / sum.
/// </summary>
public static class Softmax
{
    public static void Eval(ReadOnlySpan<float> input, Span<float> output, int depth, float beta)
    {
        Activations.CheckLengths(input, output);
        if (depth <= 0) { if (input.Length != 0) throw new ArgumentException("depth must be positive"); return; }
        if (input.Length % depth != 0) throw new ArgumentException($"length {input.Length} is not a multiple of depth {depth}");
        for (int row = 0; row < input.Length; row += depth)
        {
            var x = input.Slice(row, depth);
            var y = output.Slice(row, depth);
            float max = float.MinValue;
            for (int c = 0; c < depth; c++) max = max < x[c] ? x[c] : max;   // std::max(max, x)
            float sum = 0f;
            for (int c = 0; c < depth; c++)
            {
                float e = MathF.Exp((x[c] - max) * beta);
                y[c] = e;
                sum += e;
            }
            for (int c = 0; c < depth; c++) y[c] = y[c] / sum;
        }
    }
}
