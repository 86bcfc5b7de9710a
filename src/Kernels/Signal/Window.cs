namespace ManagedLite.Kernels.Signal;

/// <summary>
/// TFLite Micro SignalWindow: multiplies each frame of int16 samples by an int16 window, shifts right
/// (arithmetic) and saturates to int16.
/// </summary>
public static class Window
{
    /// <summary>
    /// Applies <paramref name="window"/> to every consecutive frame of <paramref name="input"/> (its length must be
    /// a multiple of the window's); <paramref name="shift"/> is in [0, 31].
    /// </summary>
    public static void Apply(ReadOnlySpan<short> input, ReadOnlySpan<short> window, int shift, Span<short> output)
    {
        if (output.Length != input.Length) throw new ArgumentException("output length must equal input length");
        if ((uint)shift > 31) throw new ArgumentOutOfRangeException(nameof(shift), shift, "shift must be in [0, 31]");
        int size = window.Length;
        if (size == 0 ? input.Length != 0 : input.Length % size != 0)
            throw new ArgumentException($"input length {input.Length} is not a multiple of the window length {size}");
        for (int frame = 0; frame < input.Length; frame += size)
        {
            for (int i = 0; i < size; i++)
            {
                int raw = (input[frame + i] * window[i]) >> shift;
                output[frame + i] = (short)Math.Clamp(raw, short.MinValue, short.MaxValue);
            }
        }
    }
}
