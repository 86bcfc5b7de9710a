namespace ManagedLite.Kernels.Signal;

/// <summary>TFLite Micro SignalFilterBankSquareRoot: rounded sqrt of uint64 channel energies, shifted right.</summary>
public static class FilterBankSquareRoot
{
    /// <summary>output[i] = Sqrt64(input[i]) &gt;&gt; scaleDownBits (bits in [0, 31]; 32 or more gives 0).</summary>
    public static void Apply(ReadOnlySpan<ulong> input, int scaleDownBits, Span<uint> output)
    {
        if (output.Length != input.Length) throw new ArgumentException("output length must equal input length");
        if (scaleDownBits < 0) throw new ArgumentOutOfRangeException(nameof(scaleDownBits), scaleDownBits, "must not be negative");
        for (int i = 0; i < input.Length; i++)
        {
            uint root = SignalMath.Sqrt64(input[i]);
            output[i] = scaleDownBits >= 32 ? 0 : root >> scaleDownBits;
        }
    }
}
