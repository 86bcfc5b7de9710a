namespace ManagedLite.Kernels.Signal;

/// <summary>
/// TFLite Micro SignalFftAutoScale: shifts int16 samples left so the largest magnitude uses the full 15 bits,
/// and returns the shift (to be undone after the FFT).
/// </summary>
public static class FftAutoScale
{
    /// <summary>Largest |x| as TFLite Micro computes it in int16: |-32768| wraps to -32768.</summary>
    public static short MaxAbs(ReadOnlySpan<short> input)
    {
        short max = 0;
        foreach (short value in input)
        {
            if (value > max) max = value;
            else if (-value > max) max = unchecked((short)-value);
        }
        return max;
    }

    /// <summary>Writes input * 2^bits (wrapping to int16) and returns bits.</summary>
    public static int Apply(ReadOnlySpan<short> input, Span<short> output)
    {
        if (output.Length != input.Length) throw new ArgumentException("output length must equal input length");
        short max = MaxAbs(input);
        // The int16 maximum is widened to uint32 with sign extension, as in C.
        int bits = 16 - SignalMath.MostSignificantBit32(unchecked((uint)max)) - 1;
        if (bits <= 0) bits = 0;
        int factor = 1 << bits;
        for (int i = 0; i < input.Length; i++) output[i] = unchecked((short)(input[i] * factor));
        return bits;
    }
}
