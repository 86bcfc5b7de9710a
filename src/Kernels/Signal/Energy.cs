namespace ManagedLite.Kernels.Signal;

/// <summary>TFLite Micro SignalEnergy: squared magnitude of int16 complex bins [start, end).</summary>
public static class Energy
{
    /// <summary>
    /// <paramref name="spectrum"/> holds interleaved (real, imag) int16 pairs; output[i] = re^2 + im^2 for
    /// start &lt;= i &lt; end. Other output elements are left as they are.
    /// </summary>
    public static void Apply(ReadOnlySpan<short> spectrum, int start, int end, Span<uint> output)
    {
        if (start < 0 || end < start || end > output.Length || 2L * end > spectrum.Length)
            throw new ArgumentException($"bins [{start}, {end}) do not fit {spectrum.Length / 2} input bins and {output.Length} outputs");
        for (int i = start; i < end; i++)
        {
            int re = spectrum[2 * i], im = spectrum[2 * i + 1];
            output[i] = unchecked((uint)(re * re) + (uint)(im * im));
        }
    }
}
