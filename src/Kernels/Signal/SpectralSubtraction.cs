namespace ManagedLite.Kernels.Signal;

/// <summary>Parameters of <see cref="SpectralSubtraction"/> (fixed point; coefficients scaled by 2^SpectralSubtractionBits).</summary>
public readonly record struct SpectralSubtractionParams(
    uint Smoothing,
    uint OneMinusSmoothing,
    uint AlternateSmoothing,
    uint AlternateOneMinusSmoothing,
    uint MinSignalRemaining,
    int SmoothingBits,
    int SpectralSubtractionBits,
    bool Clamping);

/// <summary>
/// TFLite Micro SignalFilterBankSpectralSubtraction: a per-channel low-pass noise estimate (kept across calls by
/// the caller) is subtracted from each channel, never leaving less than min_signal_remaining of it. Odd channels
/// use the alternate smoothing coefficients.
/// </summary>
public static class SpectralSubtraction
{
    /// <summary>Updates <paramref name="noiseEstimate"/> in place and writes the subtracted signal.</summary>
    public static void Apply(in SpectralSubtractionParams p, ReadOnlySpan<uint> input, Span<uint> output, Span<uint> noiseEstimate)
    {
        if (output.Length != input.Length || noiseEstimate.Length != input.Length)
            throw new ArgumentException("input, output and noise estimate must have the same length");
        if ((uint)p.SmoothingBits > 31 || (uint)p.SpectralSubtractionBits > 63)
            throw new ArgumentException($"smoothing_bits {p.SmoothingBits} / spectral_subtraction_bits {p.SpectralSubtractionBits} out of range");
        int sb = p.SmoothingBits, ssb = p.SpectralSubtractionBits;
        for (int i = 0; i < input.Length; i++)
        {
            bool odd = (i & 1) != 0;
            uint smoothing = odd ? p.AlternateSmoothing : p.Smoothing;
            uint oneMinus = odd ? p.AlternateOneMinusSmoothing : p.OneMinusSmoothing;

            uint signalScaled = input[i] << sb;
            noiseEstimate[i] = (uint)unchecked(((ulong)signalScaled * smoothing + (ulong)noiseEstimate[i] * oneMinus) >> ssb);

            uint estimateScaled = noiseEstimate[i];
            if (estimateScaled > signalScaled)
            {
                estimateScaled = signalScaled;
                if (p.Clamping) noiseEstimate[i] = estimateScaled;
            }
            uint floor = (uint)(((ulong)input[i] * p.MinSignalRemaining) >> ssb);
            uint subtracted = (signalScaled - estimateScaled) >> sb;
            output[i] = subtracted > floor ? subtracted : floor;
        }
    }
}
