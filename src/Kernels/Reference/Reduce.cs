namespace ManagedLite.Kernels.Reference;

/// <summary>
/// Reference MEAN, SUM and REDUCE_MAX (TFLite reference_ops Reduce/Mean, float): the input is walked in
/// row-major order and each element folded into the output element obtained by dropping the reduced
/// indices. SUM and MEAN accumulate in float (MEAN then divides by the number of reduced elements, when that
/// is non-zero); REDUCE_MAX starts from float.MinValue (TFLite's lowest()) and keeps in &gt; current ? in : current.
/// </summary>
public static class Reduce
{
    public static void Sum(ReadOnlySpan<int> shape, ReadOnlySpan<float> input, ReadOnlySpan<bool> reduced, Span<float> output)
    {
        output.Clear();
        Walk(shape, input, reduced, output, isMax: false);
    }

    public static void Mean(ReadOnlySpan<int> shape, ReadOnlySpan<float> input, ReadOnlySpan<bool> reduced, Span<float> output)
    {
        output.Clear();
        Walk(shape, input, reduced, output, isMax: false);
        int count = 1;
        for (int d = 0; d < shape.Length; d++) if (reduced[d]) count *= shape[d];
        if (count > 0)
            for (int i = 0; i < output.Length; i++) output[i] = output[i] / count;
    }

    public static void Max(ReadOnlySpan<int> shape, ReadOnlySpan<float> input, ReadOnlySpan<bool> reduced, Span<float> output)
    {
        output.Fill(float.MinValue);
        Walk(shape, input, reduced, output, isMax: true);
    }

    private static void Walk(ReadOnlySpan<int> shape, ReadOnlySpan<float> input, ReadOnlySpan<bool> reduced, Span<float> output, bool isMax)
    {
        int rank = shape.Length;
        if (reduced.Length != rank) throw new ArgumentException("reduced mask rank differs from the shape's");
        int inCount = 1, outCount = 1;
        for (int d = 0; d < rank; d++) { inCount *= shape[d]; if (!reduced[d]) outCount *= shape[d]; }
        if (input.Length != inCount || output.Length != outCount)
            throw new ArgumentException($"expected {inCount} input and {outCount} output elements, got {input.Length} and {output.Length}");
        Span<int> index = stackalloc int[rank];
        index.Clear();
        for (int flat = 0; flat < inCount; flat++)
        {
            int o = 0;
            for (int d = 0; d < rank; d++)
                if (!reduced[d]) o = o * shape[d] + index[d];
            float x = input[flat];
            if (isMax) output[o] = x > output[o] ? x : output[o];
            else output[o] += x;
            for (int d = rank - 1; d >= 0; d--)
            {
                if (++index[d] < shape[d]) break;
                index[d] = 0;
            }
        }
    }
}
