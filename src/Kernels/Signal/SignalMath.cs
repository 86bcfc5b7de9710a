using System.Numerics;

namespace ManagedLite.Kernels.Signal;

/// <summary>
/// Integer helpers of TFLite Micro's signal library: bit length, integer square roots and the fixed-point
/// natural logarithm, with its exact truncation and rounding.
/// </summary>
public static class SignalMath
{
    /// <summary>
    /// Bit length of <paramref name="x"/> (index of the highest set bit, counting from 1). Zero gives 32, as in
    /// TFLite Micro built with GCC or Clang (its reference outputs come from such a build).
    /// </summary>
    public static int MostSignificantBit32(uint x) => x == 0 ? 32 : 32 - BitOperations.LeadingZeroCount(x);

    /// <summary>Bit length of <paramref name="x"/>; zero gives 64 (see <see cref="MostSignificantBit32"/>).</summary>
    public static int MostSignificantBit64(ulong x) => x == 0 ? 64 : 64 - BitOperations.LeadingZeroCount(x);

    /// <summary>Rounded integer square root by digit-by-digit extraction (result saturates at 0xFFFF).</summary>
    public static ushort Sqrt32(uint num)
    {
        if (num == 0) return 0;
        uint res = 0;
        int top = (32 - MostSignificantBit32(num)) | 1;
        uint bit = 1u << (31 - top);
        int iterations = (31 - top) / 2 + 1;
        while (iterations-- > 0)
        {
            if (num >= res + bit)
            {
                num -= res + bit;
                res = (res >> 1) + bit;
            }
            else
            {
                res >>= 1;
            }
            bit >>= 2;
        }
        // Round up when the remainder exceeds the root.
        if (num > res && res != 0xFFFF) res++;
        return (ushort)res;
    }

    /// <summary>
    /// Rounded integer square root of a 64-bit value. Values below 2^32 take the 32-bit path, exactly as TFLite
    /// Micro does (which can differ by one from the 64-bit path near 2^32).
    /// </summary>
    public static uint Sqrt64(ulong num)
    {
        if (num >> 32 == 0) return Sqrt32((uint)num);
        ulong res = 0;
        int top = (64 - MostSignificantBit64(num)) | 1;
        ulong bit = 1UL << (63 - top);
        int iterations = (63 - top) / 2 + 1;
        while (iterations-- > 0)
        {
            if (num >= res + bit)
            {
                num -= res + bit;
                res = (res >> 1) + bit;
            }
            else
            {
                res >>= 1;
            }
            bit >>= 2;
        }
        if (num > res && res != 0xFFFFFFFFUL) res++;
        return (uint)res;
    }

    // log2(1 + f) - f on [0, 1), sampled at 128 segments plus padding, scaled by 2^16.
    private static readonly ushort[] LogTable =
    [
        0, 224, 442, 654, 861, 1063, 1259, 1450, 1636, 1817, 1992, 2163,
        2329, 2490, 2646, 2797, 2944, 3087, 3224, 3358, 3487, 3611, 3732, 3848,
        3960, 4068, 4172, 4272, 4368, 4460, 4549, 4633, 4714, 4791, 4864, 4934,
        5001, 5063, 5123, 5178, 5231, 5280, 5326, 5368, 5408, 5444, 5477, 5507,
        5533, 5557, 5578, 5595, 5610, 5622, 5631, 5637, 5640, 5641, 5638, 5633,
        5626, 5615, 5602, 5586, 5568, 5547, 5524, 5498, 5470, 5439, 5406, 5370,
        5332, 5291, 5249, 5203, 5156, 5106, 5054, 5000, 4944, 4885, 4825, 4762,
        4697, 4630, 4561, 4490, 4416, 4341, 4264, 4184, 4103, 4020, 3935, 3848,
        3759, 3668, 3575, 3481, 3384, 3286, 3186, 3084, 2981, 2875, 2768, 2659,
        2549, 2437, 2323, 2207, 2090, 1971, 1851, 1729, 1605, 1480, 1353, 1224,
        1094, 963, 830, 695, 559, 421, 282, 142, 0, 0,
    ];

    private const int LogScaleBits = 16;     // fixed-point scale of log2
    private const int LogSegmentBits = 7;    // 128 table segments
    private const uint LogCoefficient = 45426; // ln(2) * 2^16

    /// <summary>Fractional part of log2(x) scaled by 2^16, for x whose integer log2 is <paramref name="log2x"/>.</summary>
    private static uint Log2Fraction(uint x, int log2x)
    {
        int frac = (int)(x - (1L << log2x));
        if (log2x < LogScaleBits) frac <<= LogScaleBits - log2x;
        else frac >>= log2x - LogScaleBits;
        int segment = frac >> (LogScaleBits - LogSegmentBits);
        int c0 = LogTable[segment];
        int c1 = LogTable[segment + 1];
        int segmentBase = segment << (LogScaleBits - LogSegmentBits);
        int interpolated = ((c1 - c0) * (frac - segmentBase)) >> LogScaleBits;
        return (uint)(frac + c0 + interpolated);
    }

    /// <summary>
    /// ln(<paramref name="x"/>) * <paramref name="outScale"/>, rounded, in TFLite Micro's fixed point
    /// (x must be non-zero; the final product wraps at 32 bits as in C).
    /// </summary>
    public static uint Log32(uint x, uint outScale)
    {
        int integer = MostSignificantBit32(x) - 1;
        uint fraction = Log2Fraction(x, integer);
        uint log2 = unchecked(((uint)integer << LogScaleBits) + fraction);
        const uint round = 1u << (LogScaleBits - 1);
        uint loge = (uint)(((ulong)LogCoefficient * log2 + round) >> LogScaleBits);
        return unchecked(outScale * loge + round) >> LogScaleBits;
    }
}
