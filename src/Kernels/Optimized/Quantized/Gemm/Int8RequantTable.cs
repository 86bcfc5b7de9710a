namespace ManagedLite.Kernels.Optimized.Quantized.Gemm;

/// <summary>
/// Per-output-channel requantization parameters laid out for <see cref="VectorRequantize"/>, padded to a multiple of 16
/// channels (padding lanes: multiplier 0, shifts 0). Built once in Prepare.
/// </summary>
public sealed class Int8RequantTable
{
    /// <summary>Added to the int32 accumulator before requantization (bias plus any folded offset terms).</summary>
    /// <summary>Bytes of the six per-channel arrays.</summary>
    public long ByteSize => 4L * (Bias.LongLength + Multiplier.LongLength + LeftShift.LongLength + RightShift.LongLength + Mask.LongLength + Half.LongLength);
    public int[] Bias { get; }
    public int[] Multiplier { get; }
    public uint[] LeftShift { get; }
    public uint[] RightShift { get; }
    /// <summary>2^RightShift - 1.</summary>
    public int[] Mask { get; }
    /// <summary>Mask &gt;&gt; 1.</summary>
    public int[] Half { get; }

    private Int8RequantTable(int padded)
    {
        Bias = new int[padded];
        Multiplier = new int[padded];
        LeftShift = new uint[padded];
        RightShift = new uint[padded];
        Mask = new int[padded];
        Half = new int[padded];
    }

    /// <summary>Null when some channel's multiplier or shift is outside what the vector path reproduces exactly.</summary>
    public static Int8RequantTable? TryCreate(ReadOnlySpan<int> multipliers, ReadOnlySpan<int> shifts, int channels, int padded)
    {
        if (multipliers.Length < channels || shifts.Length < channels) return null;
        var t = new Int8RequantTable(padded);
        for (int c = 0; c < channels; c++)
        {
            if (!VectorRequantize.MultiplierSupported(multipliers[c], shifts[c])) return null;
            t.Multiplier[c] = multipliers[c];
            t.LeftShift[c] = (uint)Math.Max(shifts[c], 0);
            int right = Math.Max(-shifts[c], 0);
            t.RightShift[c] = (uint)right;
            t.Mask[c] = (int)((1L << right) - 1);
            t.Half[c] = t.Mask[c] >> 1;
        }
        return t;
    }

    /// <summary>Padded channel count: <paramref name="channels"/> rounded up to 16.</summary>
    public static int Pad16(int channels) => (channels + 15) & ~15;
}
