namespace ManagedLite.Kernels.Quantization;

/// <summary>
/// gemmlowp's 16-bit fixed-point arithmetic (fixedpoint.h instantiated with int16), as used by TFLite's
/// integer LSTM gates. Format Q<c>m</c>.<c>15-m</c>. Constants are the 32-bit constants rounding-shifted
/// right by 16 (gemmlowp's RescaleConstantInitializer). Plain +, - and negation wrap to 16 bits; the
/// final addition inside exp saturates (AddSaturatingIf16Bit).
/// </summary>
public static class FixedPoint16
{
    /// <summary>Raw value of 1.0 in a format with <paramref name="integerBits"/> integer bits (max raw when 0).</summary>
    public static short One(int integerBits) => integerBits == 0 ? short.MaxValue : (short)(1 << (15 - integerBits));

    /// <summary>Raw value of 2^<paramref name="exponent"/>.</summary>
    public static short ConstantPot(int integerBits, int exponent) => (short)(1 << (15 - integerBits + exponent));

    private static short C(int raw32) => (short)FixedPoint.RoundingDivideByPot(raw32, 16);

    private static short Add(int a, int b) => unchecked((short)(a + b));
    private static short Sub(int a, int b) => unchecked((short)(a - b));

    /// <summary>round(a * b / 2^15) with halves rounded up, saturating short.MinValue * short.MinValue to short.MaxValue.</summary>
    public static short SaturatingRoundingDoublingHighMul(short a, short b)
    {
        if (a == b && a == short.MinValue) return short.MaxValue;
        int ab = a * b;
        int nudge = ab >= 0 ? (1 << 14) : (1 - (1 << 14));
        return unchecked((short)((ab + nudge) / (1 << 15)));
    }

    /// <summary>Rounding arithmetic right shift (0..15), halves away from zero.</summary>
    public static short RoundingDivideByPot(short x, int exponent)
    {
        short mask = unchecked((short)((1L << exponent) - 1));
        short remainder = (short)(x & mask);
        short threshold = Add(mask >> 1, x < 0 ? 1 : 0);
        return Add(x >> exponent, remainder > threshold ? 1 : 0);
    }

    /// <summary>Saturating left shift (exponent &gt; 0) or rounding right shift (exponent &lt; 0).</summary>
    public static short SaturatingRoundingMultiplyByPot(short x, int exponent)
    {
        if (exponent == 0) return x;
        if (exponent < 0) return RoundingDivideByPot(x, -exponent);
        int threshold = (1 << (15 - exponent)) - 1;
        if (x > threshold) return short.MaxValue;
        if (x < -threshold) return short.MinValue;
        return unchecked((short)(x * (1 << exponent)));
    }

    /// <summary>Changes the number of integer bits, rescaling the raw value.</summary>
    public static short Rescale(short x, int srcIntegerBits, int dstIntegerBits) =>
        SaturatingRoundingMultiplyByPot(x, srcIntegerBits - dstIntegerBits);

    /// <summary>(a + b) / 2 rounded to nearest, halves away from zero.</summary>
    public static short RoundingHalfSum(short a, short b)
    {
        int sum = a + b;
        int sign = sum >= 0 ? 1 : -1;
        return unchecked((short)((sum + sign) / 2));
    }

    /// <summary>Saturating 16-bit addition (gemmlowp SaturatingAdd).</summary>
    public static short SaturatingAdd(short a, short b) => (short)Math.Clamp(a + b, short.MinValue, short.MaxValue);

    /// <summary>Saturating 16-bit subtraction (TFLite SaturatingSub).</summary>
    public static short SaturatingSub(short a, short b) => (short)Math.Clamp(a - b, short.MinValue, short.MaxValue);

    private static short Mul(short a, short b) => SaturatingRoundingDoublingHighMul(a, b);

    /// <summary>exp(a) for a in [-1/4, 0), Q0.15 in and out.</summary>
    public static short ExpOnIntervalBetweenNegativeOneQuarterAnd0Excl(short a)
    {
        short constantTerm = C(1895147668);
        short constant1Over3 = C(715827883);
        short x = Add(a, ConstantPot(0, -3));
        short x2 = Mul(x, x);
        short x3 = Mul(x2, x);
        short x4 = Mul(x2, x2);
        short x4Over4 = SaturatingRoundingMultiplyByPot(x4, -2);
        short poly = SaturatingRoundingMultiplyByPot(Add(Mul(Add(x4Over4, x3), constant1Over3), x2), -1);
        return SaturatingAdd(constantTerm, Mul(constantTerm, Add(x, poly)));
    }

    private static readonly int[] ExpBarrelMultipliers = [1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242];

    /// <summary>exp(a) for a &lt;= 0; a has <paramref name="integerBits"/> integer bits; result Q0.15.</summary>
    public static short ExpOnNegativeValues(short a, int integerBits)
    {
        int fractionalBits = 15 - integerBits;
        short oneQuarter = ConstantPot(integerBits, -2);
        short mask = Sub(oneQuarter, 1);
        short aModQuarterMinusOneQuarter = Sub(a & mask, oneQuarter);
        short result = ExpOnIntervalBetweenNegativeOneQuarterAnd0Excl(Rescale(aModQuarterMinusOneQuarter, integerBits, 0));
        short remainder = Sub(aModQuarterMinusOneQuarter, a);

        for (int i = 0; i < ExpBarrelMultipliers.Length; i++)
        {
            int exponent = i - 2;
            if (integerBits > exponent)
            {
                int shiftAmount = fractionalBits + exponent;
                if ((remainder & unchecked((short)(1 << shiftAmount))) != 0)
                    result = Mul(result, C(ExpBarrelMultipliers[i]));
            }
        }

        if (integerBits > 5)
        {
            short clamp = C(-(1 << (36 - integerBits)));
            if (a < clamp) result = 0;
        }

        if (a == 0) result = One(0);
        return result;
    }

    private static short NewtonReciprocalHalfDenominator(short halfDenominator)
    {
        short constant48Over17 = C(1515870810);
        short constantNeg32Over17 = C(-1010580540);
        short x = Add(constant48Over17, Mul(halfDenominator, constantNeg32Over17));
        short one2 = One(2);
        for (int i = 0; i < 3; i++)
        {
            short halfDenominatorTimesX = Mul(halfDenominator, x);
            short oneMinus = Sub(one2, halfDenominatorTimesX);
            x = Add(x, Rescale(Mul(x, oneMinus), 4, 2));
        }
        return x;
    }

    /// <summary>1 / (1 + a) for a in [0, 1), Q0.15 in and out.</summary>
    public static short OneOverOnePlusXForXIn01(short a) =>
        Rescale(NewtonReciprocalHalfDenominator(RoundingHalfSum(a, One(0))), 1, 0);

    /// <summary>(1 - a) / (1 + a) for a in [0, 1), Q0.15 in and out.</summary>
    public static short OneMinusXOverOnePlusXForXIn01(short a) =>
        Rescale(Sub(NewtonReciprocalHalfDenominator(RoundingHalfSum(a, One(0))), One(2)), 2, 0);

    /// <summary>tanh(a); a has <paramref name="integerBits"/> integer bits; result Q0.15.</summary>
    public static short Tanh(short a, int integerBits)
    {
        if (a == 0) return 0;
        bool negative = a < 0;
        short n = negative ? a : unchecked((short)-a);
        short t = OneMinusXOverOnePlusXForXIn01(ExpOnNegativeValues(n, integerBits + 1));
        return negative ? unchecked((short)-t) : t;
    }

    /// <summary>logistic(a); a has <paramref name="integerBits"/> integer bits; result Q0.15.</summary>
    public static short Logistic(short a, int integerBits)
    {
        if (a == 0) return C(1 << 30);
        bool positive = a > 0;
        short absInput = positive ? a : unchecked((short)-a);
        short resultIfPositive = OneOverOnePlusXForXIn01(ExpOnNegativeValues(unchecked((short)-absInput), integerBits));
        return positive ? resultIfPositive : Sub(One(0), resultIfPositive);
    }
}
