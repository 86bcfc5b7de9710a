namespace ManagedLite.Kernels.Quantization;

/// <summary>
/// gemmlowp's 32-bit fixed-point arithmetic (fixedpoint.h), on raw int32 values.
/// A value in format Q<c>m</c>.<c>31-m</c> ("m integer bits") represents raw / 2^(31-m).
/// Integer bits are passed at run time instead of as template arguments; every operation rounds,
/// saturates and wraps exactly like gemmlowp's scalar code (plain +, - and negation wrap).
/// </summary>
public static class FixedPoint
{
    /// <summary>Raw value of 1.0 in a format with <paramref name="integerBits"/> integer bits (max raw when 0).</summary>
    public static int One(int integerBits) => integerBits == 0 ? int.MaxValue : 1 << (31 - integerBits);

    /// <summary>Raw value of 2^<paramref name="exponent"/> (must be exactly representable).</summary>
    public static int ConstantPot(int integerBits, int exponent) => 1 << (31 - integerBits + exponent);

    /// <summary>
    /// round(a * b / 2^31) with halves rounded up (toward +infinity), saturating the single overflow case
    /// int.MinValue * int.MinValue to int.MaxValue (ARM VQRDMULH).
    /// </summary>
    public static int SaturatingRoundingDoublingHighMul(int a, int b)
    {
        if (a == b && a == int.MinValue) return int.MaxValue;
        long ab = (long)a * b;
        int nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
        return (int)((ab + nudge) / (1L << 31)); // division truncates toward zero, as in C++
    }

    /// <summary>Arithmetic right shift by <paramref name="exponent"/> (0..31), rounding to nearest, halves away from zero.</summary>
    public static int RoundingDivideByPot(int x, int exponent)
    {
        int mask = (int)((1L << exponent) - 1);
        int remainder = x & mask;
        int threshold = (mask >> 1) + (x < 0 ? 1 : 0);
        return (x >> exponent) + (remainder > threshold ? 1 : 0);
    }

    /// <summary>
    /// x * 2^exponent: a saturating left shift for exponent &gt; 0, a rounding right shift for exponent &lt; 0
    /// (gemmlowp's SaturatingRoundingMultiplyByPOT, also TFLite's SaturatingRoundingMultiplyByPOTParam).
    /// </summary>
    public static int SaturatingRoundingMultiplyByPot(int x, int exponent)
    {
        if (exponent == 0) return x;
        if (exponent < 0) return RoundingDivideByPot(x, -exponent);
        int threshold = (1 << (31 - exponent)) - 1;
        if (x > threshold) return int.MaxValue;
        if (x < -threshold) return int.MinValue;
        return unchecked(x * (1 << exponent));
    }

    /// <summary>Changes the number of integer bits, rescaling the raw value (saturating / rounding).</summary>
    public static int Rescale(int x, int srcIntegerBits, int dstIntegerBits) =>
        SaturatingRoundingMultiplyByPot(x, srcIntegerBits - dstIntegerBits);

    /// <summary>(a + b) / 2 rounded to nearest, halves away from zero (ARM VRHADD).</summary>
    public static int RoundingHalfSum(int a, int b)
    {
        long sum = (long)a + b;
        long sign = sum >= 0 ? 1 : -1;
        return (int)((sum + sign) / 2);
    }

    /// <summary>Saturating int32 addition (TFLite's SaturatingAddNonGemmlowp).</summary>
    public static int SaturatingAdd(int a, int b) => (int)Math.Clamp((long)a + b, int.MinValue, int.MaxValue);

    /// <summary>Saturating int32 subtraction (TFLite's SaturatingSub).</summary>
    public static int SaturatingSub(int a, int b) => (int)Math.Clamp((long)a - b, int.MinValue, int.MaxValue);

    /// <summary>gemmlowp's RescaleConstantInitializer for 32-bit raws: the identity.</summary>
    private static int C(int raw) => raw;

    /// <summary>exp(a) for a in [-1/4, 0), a in Q0.31; result Q0.31.</summary>
    public static int ExpOnIntervalBetweenNegativeOneQuarterAnd0Excl(int a)
    {
        int constantTerm = C(1895147668);   // exp(-1/8)
        int constant1Over3 = C(715827883);  // 1/3
        int x = unchecked(a + ConstantPot(0, -3));
        int x2 = SaturatingRoundingDoublingHighMul(x, x);
        int x3 = SaturatingRoundingDoublingHighMul(x2, x);
        int x4 = SaturatingRoundingDoublingHighMul(x2, x2);
        int x4Over4 = SaturatingRoundingMultiplyByPot(x4, -2);
        int poly = SaturatingRoundingMultiplyByPot(
            unchecked(SaturatingRoundingDoublingHighMul(unchecked(x4Over4 + x3), constant1Over3) + x2), -1);
        return unchecked(constantTerm + SaturatingRoundingDoublingHighMul(constantTerm, unchecked(x + poly)));
    }

    private static readonly int[] ExpBarrelMultipliers =
    [
        1672461947, // exp(-1/4)
        1302514674, // exp(-1/2)
        790015084,  // exp(-1)
        290630308,  // exp(-2)
        39332535,   // exp(-4)
        720401,     // exp(-8)
        242,        // exp(-16)
    ];

    /// <summary>exp(a) for a &lt;= 0; a has <paramref name="integerBits"/> integer bits, result is Q0.31.</summary>
    public static int ExpOnNegativeValues(int a, int integerBits)
    {
        int fractionalBits = 31 - integerBits;
        int oneQuarter = ConstantPot(integerBits, -2);
        int mask = oneQuarter - 1;
        int aModQuarterMinusOneQuarter = unchecked((a & mask) - oneQuarter);
        int result = ExpOnIntervalBetweenNegativeOneQuarterAnd0Excl(Rescale(aModQuarterMinusOneQuarter, integerBits, 0));
        int remainder = unchecked(aModQuarterMinusOneQuarter - a);

        for (int i = 0; i < ExpBarrelMultipliers.Length; i++)
        {
            int exponent = i - 2;
            if (integerBits > exponent)
            {
                int shiftAmount = fractionalBits + exponent;
                if ((remainder & (1 << shiftAmount)) != 0)
                    result = SaturatingRoundingDoublingHighMul(result, C(ExpBarrelMultipliers[i]));
            }
        }

        if (integerBits > 5)
        {
            int clamp = -(1 << (36 - integerBits)); // -32.0
            if (a < clamp) result = 0;
        }

        if (a == 0) result = One(0);
        return result;
    }

    /// <summary>1 / (1 + a) for a in [0, 1), Q0.31 in and out (Newton-Raphson, 3 iterations).</summary>
    public static int OneOverOnePlusXForXIn01(int a)
    {
        int x = NewtonReciprocalHalfDenominator(RoundingHalfSum(a, One(0)));
        // ExactMulByPot<-1> then Rescale<0>: Q1 -> Q0.
        return Rescale(x, 1, 0);
    }

    /// <summary>(1 - a) / (1 + a) for a in [0, 1), Q0.31 in and out.</summary>
    public static int OneMinusXOverOnePlusXForXIn01(int a)
    {
        int x = NewtonReciprocalHalfDenominator(RoundingHalfSum(a, One(0)));
        return Rescale(unchecked(x - One(2)), 2, 0);
    }

    /// <summary>Returns 1 / halfDenominator in Q2.29.</summary>
    private static int NewtonReciprocalHalfDenominator(int halfDenominator)
    {
        int constant48Over17 = C(1515870810);
        int constantNeg32Over17 = C(-1010580540);
        int x = unchecked(constant48Over17 + SaturatingRoundingDoublingHighMul(halfDenominator, constantNeg32Over17));
        int one2 = One(2);
        for (int i = 0; i < 3; i++)
        {
            int halfDenominatorTimesX = SaturatingRoundingDoublingHighMul(halfDenominator, x);     // Q2
            int oneMinus = unchecked(one2 - halfDenominatorTimesX);                                // Q2
            x = unchecked(x + Rescale(SaturatingRoundingDoublingHighMul(x, oneMinus), 4, 2));     // Q4 -> Q2
        }
        return x;
    }

    /// <summary>tanh(a); a has <paramref name="integerBits"/> integer bits; result Q0.31.</summary>
    public static int Tanh(int a, int integerBits)
    {
        if (a == 0) return 0;
        bool negative = a < 0;
        int n = negative ? a : unchecked(-a);
        // neg_tanh_on_negative_values: ExactMulByPot<1> adds one integer bit to the same raw.
        int t = OneMinusXOverOnePlusXForXIn01(ExpOnNegativeValues(n, integerBits + 1));
        return negative ? unchecked(-t) : t;
    }

    /// <summary>logistic(a) = 1 / (1 + exp(-a)); a has <paramref name="integerBits"/> integer bits; result Q0.31.</summary>
    public static int Logistic(int a, int integerBits)
    {
        if (a == 0) return C(1 << 30);
        bool positive = a > 0;
        int absInput = positive ? a : unchecked(-a);
        int resultIfPositive = OneOverOnePlusXForXIn01(ExpOnNegativeValues(unchecked(-absInput), integerBits));
        return positive ? resultIfPositive : unchecked(One(0) - resultIfPositive);
    }
}
