namespace ManagedLite.Kernels.Signal;

/// <summary>
/// TFLite Micro SignalPCAN: per-channel energy normalization. A gain from a piecewise quadratic lookup table of
/// the noise estimate scales each channel, and the resulting SNR goes through a "shrink" curve.
/// </summary>
public static class Pcan
{
    /// <summary>Fractional bits of the SNR.</summary>
    public const int SnrBits = 12;

    /// <summary>Fractional bits of the output.</summary>
    public const int OutputBits = 6;

    /// <summary>Smallest gain table that covers every uint32 noise estimate.</summary>
    public const int MinLutLength = 4 * 32 - 6 + 3;

    /// <summary>Gain for noise estimate <paramref name="x"/>: interpolated in the segment of its bit length.</summary>
    public static short WideDynamicFunction(uint x, ReadOnlySpan<short> lut)
    {
        if (x <= 2) return lut[(int)x];
        int interval = SignalMath.MostSignificantBit32(x);
        var seg = lut.Slice(4 * interval - 6, 3);
        short frac = (short)((interval < 11 ? x << (11 - interval) : x >> (interval - 11)) & 0x3FF);
        int result = (seg[2] * frac) >> 5;
        result = unchecked(result + (int)((uint)seg[1] << 5));
        result = unchecked(result * frac);
        result = unchecked(result + (1 << 14)) >> 15;
        result += seg[0];
        return unchecked((short)result);
    }

    /// <summary>x^2/4 below 2, x - 1 above, from <see cref="SnrBits"/> to <see cref="OutputBits"/> fractional bits.</summary>
    public static uint Shrink(uint x)
    {
        if (x < (2u << SnrBits)) return unchecked(x * x) >> (2 + 2 * SnrBits - OutputBits);
        return unchecked((x >> (SnrBits - OutputBits)) - (1u << OutputBits));
    }

    /// <summary>output[i] = Shrink((input[i] * gain(noise[i])) &gt;&gt; snrShift), snrShift in [0, 63].</summary>
    public static void Apply(ReadOnlySpan<uint> input, ReadOnlySpan<uint> noiseEstimate, ReadOnlySpan<short> gainLut,
        int snrShift, Span<uint> output)
    {
        if (noiseEstimate.Length != input.Length || output.Length != input.Length)
            throw new ArgumentException("input, noise estimate and output must have the same length");
        if (gainLut.Length < MinLutLength) throw new ArgumentException($"gain table needs {MinLutLength} entries, got {gainLut.Length}");
        if ((uint)snrShift > 63) throw new ArgumentOutOfRangeException(nameof(snrShift), snrShift, "must be in [0, 63]");
        for (int i = 0; i < input.Length; i++)
        {
            // The int16 gain widens to uint32 with sign extension, as in C.
            uint gain = unchecked((uint)WideDynamicFunction(noiseEstimate[i], gainLut));
            uint snr = (uint)(((ulong)input[i] * gain) >> snrShift);
            output[i] = Shrink(snr);
        }
    }
}
