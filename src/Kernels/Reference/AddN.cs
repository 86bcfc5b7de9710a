namespace ManagedLite.Kernels.Reference;

/// <summary>
/// Reference ADD_N (TFLite: x = 0; x += input_j[i] for each j). Call <see cref="Begin"/> once, then
/// <see cref="Accumulate"/> per input in order; the output must not alias an input.
/// </summary>
public static class AddN
{
    public static void Begin(Span<float> output) => output.Clear();

    public static void Accumulate(ReadOnlySpan<float> input, Span<float> output)
    {
        if (input.Length != output.Length) throw new ArgumentException("length mismatch");
        for (int i = 0; i < input.Length; i++) output[i] += input[i];
    }
}
