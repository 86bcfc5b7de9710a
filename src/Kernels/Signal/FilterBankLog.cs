namespace ManagedLite.Kernels.Signal;

/// <summary>TFLite Micro SignalFilterBankLog: scaled natural log of uint32 channels, saturated to int16.</summary>
public static class FilterBankLog
{
    /// <summary>
    /// output[i] = min(ln(input[i] &lt;&lt; correctionBits) * outputScale, 32767), or 0 when the shifted input is
    /// 0 or 1. <paramref name="correctionBits"/> is in [0, 31].
    /// </summary>
    public static void Apply(ReadOnlySpan<uint> input, int outputScale, int correctionBits, Span<short> output)
    {
        if (output.Length != input.Length) throw new ArgumentException("output length must equal input length");
        if ((uint)correctionBits > 31) throw new ArgumentOutOfRangeException(nameof(correctionBits), correctionBits, "must be in [0, 31]");
        for (int i = 0; i < input.Length; i++)
        {
            uint scaled = input[i] << correctionBits;
            if (scaled > 1)
            {
                uint log = SignalMath.Log32(scaled, unchecked((uint)outputScale));
                output[i] = (short)Math.Min(log, (uint)short.MaxValue);
            }
            else
            {
                output[i] = 0;
            }
        }
    }
}
