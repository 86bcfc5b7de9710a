namespace ManagedLite.Kernels.Tests.Quantization;

/// <summary>
/// Independent formulations of TFLite's requantization for the naive test oracles: written with Int128 and
/// round-half-away-from-zero division instead of the SRDHM/RDBPOT bit tricks of the kernels.
/// </summary>
internal static class NaiveQuant
{
    /// <summary>round(num / 2^shift), halves away from zero.</summary>
    public static Int128 DivPow2RoundHalfAway(Int128 num, int shift)
    {
        if (shift == 0) return num;
        Int128 half = (Int128)1 << (shift - 1);
        Int128 mag = num < 0 ? -num : num;
        Int128 q = (mag + half) >> shift;
        return num < 0 ? -q : q;
    }

    /// <summary>MultiplyByQuantizedMultiplier (int32, double rounding) from its definition.</summary>
    public static int Mbqm(int x, int multiplier, int shift)
    {
        int left = Math.Max(shift, 0), right = Math.Max(-shift, 0);
        int shifted = unchecked((int)((long)x << left)); // wraps like the C++ code
        Int128 high;
        if (shifted == int.MinValue && multiplier == int.MinValue) high = int.MaxValue;
        else high = ((Int128)shifted * multiplier + (1 << 30)) >> 31; // round half up (VQRDMULH)
        return (int)DivPow2RoundHalfAway(high, right);
    }

    /// <summary>The int64 MultiplyByQuantizedMultiplier: Q15 multiplier, one shift rounding halves up.</summary>
    public static int Mbqm64(long x, int multiplier, int shift)
    {
        long reduced = multiplier >= 0x7FFF0000 ? 0x7FFF : (long)Math.Floor(multiplier / 65536.0 + 0.5);
        Int128 num = (Int128)x * reduced;
        int total = 15 - shift;
        Int128 floor = (num + ((Int128)1 << (total - 1))) >> total; // arithmetic shift = floor division
        return unchecked((int)(long)floor);
    }

    public static int Clamp(int v, int min, int max) => Math.Min(Math.Max(v, min), max);
}
