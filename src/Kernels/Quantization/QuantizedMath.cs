using System.Numerics;
using System.Runtime.CompilerServices;

namespace ManagedLite.Kernels.Quantization;

/// <summary>
/// TFLite's integer requantization arithmetic (kernels/internal/common.h and common.cc), default build
/// (<c>TFLITE_SINGLE_ROUNDING</c> undefined, so the "double rounding" variants: a rounding doubling high
/// multiply followed by a rounding right shift). Integer overflow wraps, as the C++ code does in practice.
/// </summary>
public static class QuantizedMath
{
    /// <summary>
    /// x * multiplier * 2^shift / 2^31 for an int32 accumulator: left shift (shift &gt; 0) by plain wrapping
    /// multiplication, SaturatingRoundingDoublingHighMul, then RoundingDivideByPOT by -shift (shift &lt; 0).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MultiplyByQuantizedMultiplier(int x, int quantizedMultiplier, int shift)
    {
        int leftShift = shift > 0 ? shift : 0;
        int rightShift = shift > 0 ? 0 : -shift;
        return FixedPoint.RoundingDivideByPot(
            FixedPoint.SaturatingRoundingDoublingHighMul(unchecked(x * (1 << leftShift)), quantizedMultiplier),
            rightShift);
    }

    /// <summary>
    /// The int64-accumulator variant used by int16x8 kernels: the Q31 multiplier is reduced to Q15 with
    /// rounding (saturating to 0x7FFF from 0x7FFF0000 up), then one rounding shift by 15 - shift
    /// (halves toward +infinity), truncated to int32. Valid for shift in [-31, 7].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MultiplyByQuantizedMultiplier(long x, int quantizedMultiplier, int shift)
    {
        int reducedMultiplier = quantizedMultiplier < 0x7FFF0000 ? (quantizedMultiplier + (1 << 15)) >> 16 : 0x7FFF;
        int totalShift = 15 - shift;
        long acc = unchecked(x * reducedMultiplier + (1L << (totalShift - 1)));
        return unchecked((int)(acc >> totalShift));
    }

    /// <summary>
    /// x * multiplier * 2^shift / 2^31 rounded once (halves toward +infinity) on the exact 128-bit product, as native
    /// TFLite's int16x8 FULLY_CONNECTED requantizes its int64 accumulator (the Q31 multiplier unreduced). Measured against
    /// tflite_run on per-tensor and per-channel models (171K outputs, accumulators past 2^32): no other variant matches.
    /// </summary>
    public static long MultiplyByQuantizedMultiplierSingleRounding(long x, int quantizedMultiplier, int shift)
    {
        int totalShift = 31 - shift;
        Int128 product = (Int128)x * quantizedMultiplier + ((Int128)1 << (totalShift - 1));
        return (long)Int128.Clamp(product >> totalShift, long.MinValue, long.MaxValue);
    }

    /// <summary>MultiplyByQuantizedMultiplierSmallerThanOneExp (leftShift &lt;= 0): SRDHM then rounding right shift by -leftShift.</summary>
    public static int MultiplyByQuantizedMultiplierSmallerThanOneExp(int x, int quantizedMultiplier, int leftShift) =>
        FixedPoint.RoundingDivideByPot(FixedPoint.SaturatingRoundingDoublingHighMul(x, quantizedMultiplier), -leftShift);

    /// <summary>MultiplyByQuantizedMultiplierGreaterThanOne (leftShift &gt;= 0): wrapping left shift then SRDHM.</summary>
    public static int MultiplyByQuantizedMultiplierGreaterThanOne(int x, int quantizedMultiplier, int leftShift) =>
        FixedPoint.SaturatingRoundingDoublingHighMul(unchecked(x * (1 << leftShift)), quantizedMultiplier);

    /// <summary>
    /// Per-tensor requantization of an int32 accumulator: MultiplyByQuantizedMultiplier, add the output
    /// offset (wrapping), clamp to [min, max].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Requantize(int acc, int multiplier, int shift, int outputOffset, int activationMin, int activationMax)
    {
        int v = unchecked(MultiplyByQuantizedMultiplier(acc, multiplier, shift) + outputOffset);
        v = Math.Max(v, activationMin);
        return Math.Min(v, activationMax);
    }

    /// <summary>Requantization of an int64 accumulator (int16x8 kernels; no output offset) clamped to [min, max].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Requantize(long acc, int multiplier, int shift, int activationMin, int activationMax)
    {
        int v = MultiplyByQuantizedMultiplier(acc, multiplier, shift);
        v = Math.Max(v, activationMin);
        return Math.Min(v, activationMax);
    }

    /// <summary>Per-channel requantization of a span of int32 accumulators laid out [..., channels] in place.</summary>
    public static void RequantizePerChannel(Span<int> acc, ReadOnlySpan<int> multipliers, ReadOnlySpan<int> shifts,
        int outputOffset, int activationMin, int activationMax)
    {
        int channels = multipliers.Length;
        if (channels == 0 || shifts.Length != channels || acc.Length % channels != 0)
            throw new ArgumentException("accumulator length must be a multiple of the channel count");
        for (int i = 0; i < acc.Length; i++)
        {
            int c = i % channels;
            acc[i] = Requantize(acc[i], multipliers[c], shifts[c], outputOffset, activationMin, activationMax);
        }
    }

    /// <summary>Saturating conversion to int8.</summary>
    public static sbyte SaturateToInt8(int x) => (sbyte)Math.Clamp(x, sbyte.MinValue, sbyte.MaxValue);

    /// <summary>Saturating conversion to uint8.</summary>
    public static byte SaturateToUInt8(int x) => (byte)Math.Clamp(x, byte.MinValue, byte.MaxValue);

    /// <summary>Saturating conversion to int16.</summary>
    public static short SaturateToInt16(int x) => (short)Math.Clamp(x, short.MinValue, short.MaxValue);

    /// <summary>Saturating conversion of an int64 to int32.</summary>
    public static int SaturateToInt32(long x) => (int)Math.Clamp(x, int.MinValue, int.MaxValue);

    /// <summary>Count of leading zero bits (32 for 0).</summary>
    public static int CountLeadingZeros(uint x) => BitOperations.LeadingZeroCount(x);

    /// <summary>Count of leading zero bits (64 for 0).</summary>
    public static int CountLeadingZeros(ulong x) => BitOperations.LeadingZeroCount(x);

    /// <summary>TFLite's CountLeadingSignBits for int32 (number of redundant sign bits; 31 for 0 and -1).</summary>
    public static int CountLeadingSignBits(int x)
    {
        if (x >= 0) return BitOperations.LeadingZeroCount((uint)x) - 1;
        if (x == int.MinValue) return 0;
        return BitOperations.LeadingZeroCount(2u * (uint)(-x) - 1u);
    }

    /// <summary>TFLite's GetReciprocal: 1/x for x with <paramref name="xIntegerDigits"/> integer bits, Q0.31 result.</summary>
    public static int GetReciprocal(int x, int xIntegerDigits, out int numBitsOverUnit)
    {
        int headroomPlusOne = BitOperations.LeadingZeroCount((uint)x);
        numBitsOverUnit = xIntegerDigits - headroomPlusOne;
        int shiftedSumMinusOne = unchecked((int)(((uint)x << headroomPlusOne) - (1u << 31)));
        return FixedPoint.OneOverOnePlusXForXIn01(shiftedSumMinusOne);
    }

    /// <summary>
    /// TFLite's GetInvSqrtQuantizedMultiplierExp: 1/sqrt(input) as a multiplier and shift (Newton-Raphson in
    /// Q3.28, 5 iterations). <paramref name="reverseShift"/> is 1 or -1 (TFLite's kReverseShift) and is
    /// multiplied into the returned shift. Inputs 0 and 1 give (int.MaxValue, 0).
    /// </summary>
    public static void GetInvSqrtQuantizedMultiplierExp(int input, int reverseShift, out int outputInvSqrt, out int outputShift)
    {
        if (input < 0) throw new ArgumentOutOfRangeException(nameof(input), input, "must be >= 0");
        if (input <= 1)
        {
            outputInvSqrt = int.MaxValue;
            outputShift = 0;
            return;
        }
        outputShift = 11;
        while (input >= (1 << 29))
        {
            input /= 4;
            ++outputShift;
        }
        int maxLeftShiftBits = BitOperations.LeadingZeroCount((uint)input) - 1;
        int maxLeftShiftBitPairs = maxLeftShiftBits / 2;
        int leftShiftBitPairs = maxLeftShiftBitPairs - 1;
        outputShift -= leftShiftBitPairs;
        input <<= 2 * leftShiftBitPairs;

        int fixedInput = input >> 1;                                            // Q3
        int halfInput = FixedPoint.SaturatingRoundingMultiplyByPot(fixedInput, -1);
        int halfThree = (1 << 28) + (1 << 27);                                  // 1.5 in Q3
        int x = FixedPoint.One(3);
        for (int i = 0; i < 5; i++)
        {
            int x2 = FixedPoint.SaturatingRoundingDoublingHighMul(x, x);       // Q6
            int x3 = FixedPoint.Rescale(FixedPoint.SaturatingRoundingDoublingHighMul(x2, x), 9, 3);
            int a = FixedPoint.SaturatingRoundingDoublingHighMul(halfThree, x); // Q6
            int b = FixedPoint.SaturatingRoundingDoublingHighMul(halfInput, x3); // Q6
            x = FixedPoint.Rescale(unchecked(a - b), 6, 3);
        }
        const int halfSqrt2 = 1518500250;                                       // sqrt(2)/2 in Q0
        x = FixedPoint.SaturatingRoundingDoublingHighMul(x, halfSqrt2);         // Q3
        outputInvSqrt = x;
        if (outputShift < 0)
        {
            outputInvSqrt <<= -outputShift;
            outputShift = 0;
        }
        outputShift *= reverseShift;
    }
}
