namespace ManagedLite.Kernels.Recurrent;

/// <summary>
/// The fixed-point arithmetic the recurrent kernels need (TFLite's quantization_util / common.h and
/// gemmlowp's fixedpoint.h, int16 flavour), kept private to the recurrent family until the shared
/// <c>Kernels/Quantization</c> helpers land; the lead can dedupe the int32 parts then. Rounding matches
/// TFLite's default (double-rounding) MultiplyByQuantizedMultiplier exactly.
/// </summary>
public static class RecurrentFixedPoint
{
    /// <summary>TFLite's QuantizeMultiplier: real multiplier to (Q31 multiplier, power-of-two shift; left is positive).</summary>
    public static void QuantizeMultiplier(double realMultiplier, out int multiplier, out int shift)
    {
        if (realMultiplier == 0.0)
        {
            multiplier = 0;
            shift = 0;
            return;
        }
        double q = Frexp(realMultiplier, out shift);
        long qFixed = (long)Math.Round(q * (1L << 31), MidpointRounding.AwayFromZero);
        if (qFixed == 1L << 31)
        {
            qFixed /= 2;
            shift++;
        }
        if (shift < -31)
        {
            shift = 0;
            qFixed = 0;
        }
        multiplier = (int)qFixed;
    }

    /// <summary>C's frexp: value = mantissa * 2^exponent with |mantissa| in [0.5, 1).</summary>
    public static double Frexp(double value, out int exponent)
    {
        if (value == 0.0 || double.IsNaN(value) || double.IsInfinity(value))
        {
            exponent = 0;
            return value;
        }
        long bits = BitConverter.DoubleToInt64Bits(value);
        int rawExp = (int)((bits >> 52) & 0x7FF);
        if (rawExp == 0)
        {
            // Subnormal: scale up first.
            double scaled = value * 18014398509481984.0; // 2^54
            double m = Frexp(scaled, out int e);
            exponent = e - 54;
            return m;
        }
        exponent = rawExp - 1022;
        bits = (bits & unchecked((long)0x800FFFFFFFFFFFFFUL)) | (1022L << 52);
        return BitConverter.Int64BitsToDouble(bits);
    }

    /// <summary>gemmlowp SaturatingRoundingDoublingHighMul for int32.</summary>
    public static int SaturatingRoundingDoublingHighMul(int a, int b)
    {
        if (a == b && a == int.MinValue) return int.MaxValue;
        long ab = (long)a * b;
        long nudge = ab >= 0 ? 1L << 30 : 1 - (1L << 30);
        // C++ integer division truncates toward zero, as does C#.
        return (int)((ab + nudge) / (1L << 31));
    }

    /// <summary>gemmlowp RoundingDivideByPOT for int32 (round half away from zero).</summary>
    public static int RoundingDivideByPOT(int x, int exponent)
    {
        int mask = (int)((1L << exponent) - 1);
        int remainder = x & mask;
        int threshold = (mask >> 1) + (x < 0 ? 1 : 0);
        return (x >> exponent) + (remainder > threshold ? 1 : 0);
    }

    /// <summary>TFLite's MultiplyByQuantizedMultiplier (double rounding, the default build).</summary>
    public static int MultiplyByQuantizedMultiplier(int x, int multiplier, int shift)
    {
        int leftShift = shift > 0 ? shift : 0;
        int rightShift = shift > 0 ? 0 : -shift;
        return RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(unchecked(x * (1 << leftShift)), multiplier), rightShift);
    }

    /// <summary>TfLiteRound for float: round half away from zero.</summary>
    public static float Round(float x) => MathF.Round(x, MidpointRounding.AwayFromZero);

    /// <summary>
    /// TFLite's CheckedLog2: true when <paramref name="x"/> is a power of two (within 1e-3 in log2),
    /// with its exponent.
    /// </summary>
    public static bool CheckedLog2(float x, out int log2)
    {
        float xLog2 = MathF.Log(x) * (1.0f / MathF.Log(2.0f));
        float rounded = MathF.Round(xLog2, MidpointRounding.AwayFromZero);
        float frac = xLog2 - rounded;
        log2 = (int)rounded;
        return MathF.Abs(frac) < 1e-3f;
    }

    // ---------------------------------------------------------------------------------------------
    // gemmlowp int16 fixed point (FixedPoint<int16_t, IntegerBits>): raw values with 15 - IntegerBits
    // fractional bits. Addition and subtraction wrap like the C++ int16 arithmetic they mirror.

    /// <summary>
    /// An int32 gemmlowp constant as an int16 raw value: rounded to the nearest, which reproduces
    /// TFLite's int16 logistic/tanh test vectors exactly (truncation does not).
    /// </summary>
    private static short Constant16(int int32Raw) => (short)(((long)int32Raw + (1 << 15)) >> 16);

    private static short Add16(int a, int b) => unchecked((short)(a + b));
    private static short Sub16(int a, int b) => unchecked((short)(a - b));
    private static short Neg16(int a) => unchecked((short)-a);

    private static short SaturatingAdd16(short a, short b)
    {
        int sum = a + b;
        return (short)Math.Clamp(sum, short.MinValue, short.MaxValue);
    }

    /// <summary>gemmlowp SaturatingRoundingDoublingHighMul for int16.</summary>
    public static short SaturatingRoundingDoublingHighMul(short a, short b)
    {
        if (a == b && a == short.MinValue) return short.MaxValue;
        int ab = a * b;
        int nudge = ab >= 0 ? 1 << 14 : 1 - (1 << 14);
        return unchecked((short)((ab + nudge) / (1 << 15)));
    }

    /// <summary>gemmlowp RoundingDivideByPOT on an int16 raw value.</summary>
    public static short RoundingDivideByPOT(short x, int exponent) => unchecked((short)RoundingDivideByPOT((int)x, exponent));

    /// <summary>gemmlowp SaturatingRoundingMultiplyByPOT on int16 (left shift saturates, right shift rounds).</summary>
    public static short SaturatingRoundingMultiplyByPOT(short x, int exponent)
    {
        if (exponent == 0) return x;
        if (exponent < 0) return RoundingDivideByPOT(x, -exponent);
        int threshold = (1 << (15 - exponent)) - 1;
        if (x > threshold) return short.MaxValue;
        if (x < -threshold) return short.MinValue;
        return unchecked((short)(x << exponent));
    }

    private static short RoundingHalfSum16(short a, short b)
    {
        int sum = a + b;
        int sign = sum >= 0 ? 1 : -1;
        return unchecked((short)((sum + sign) / 2));
    }

    /// <summary>gemmlowp exp_on_interval_between_negative_one_quarter_and_0_excl, int16 Q0.15.</summary>
    private static short ExpOnIntervalNegQuarterTo0(short a)
    {
        short constantTerm = Constant16(1895147668);
        short oneThird = Constant16(715827883);
        short x = Add16(a, 1 << 12);                      // a + 1/8
        short x2 = SaturatingRoundingDoublingHighMul(x, x);
        short x3 = SaturatingRoundingDoublingHighMul(x2, x);
        short x4 = SaturatingRoundingDoublingHighMul(x2, x2);
        short x4Over4 = SaturatingRoundingMultiplyByPOT(x4, -2);
        short inner = Add16(SaturatingRoundingDoublingHighMul(Add16(x4Over4, x3), oneThird), x2);
        short poly = SaturatingRoundingMultiplyByPOT(inner, -1);
        return SaturatingAdd16(constantTerm, SaturatingRoundingDoublingHighMul(constantTerm, Add16(x, poly)));
    }

    private static readonly int[] ExpBarrelMultipliers = { 1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242 };

    /// <summary>gemmlowp exp_on_negative_values for an int16 input with <paramref name="integerBits"/> integer bits; result Q0.15.</summary>
    public static short ExpOnNegativeValues(short a, int integerBits)
    {
        int fractionalBits = 15 - integerBits;
        short oneQuarter = (short)(1 << (fractionalBits - 2));
        short mask = (short)(oneQuarter - 1);
        short aModQuarterMinusQuarter = Sub16(a & mask, oneQuarter);
        short result = ExpOnIntervalNegQuarterTo0(SaturatingRoundingMultiplyByPOT(aModQuarterMinusQuarter, integerBits));
        short remainder = Sub16(aModQuarterMinusQuarter, a);
        for (int i = 0; i < ExpBarrelMultipliers.Length; i++)
        {
            int exponent = i - 2;
            if (integerBits > exponent)
            {
                short multiplier = Constant16(ExpBarrelMultipliers[i]);
                int shiftAmount = fractionalBits + exponent;
                if ((remainder & unchecked((short)(1 << shiftAmount))) != 0)
                    result = SaturatingRoundingDoublingHighMul(result, multiplier);
            }
        }
        if (integerBits > 5)
        {
            int clampB = 36 - integerBits;
            short clamp = Constant16(-(1 << clampB));
            if (a < clamp) result = 0;
        }
        if (a == 0) result = short.MaxValue; // F0::One()
        return result;
    }

    /// <summary>Newton-Raphson 1/(1+x) (or (1-x)/(1+x)) for x in [0,1], gemmlowp int16.</summary>
    private static short NewtonRaphsonF2(short a, out short half)
    {
        half = RoundingHalfSum16(a, short.MaxValue);
        short c48over17 = Constant16(1515870810);
        short cNeg32over17 = Constant16(-1010580540);
        short x = Add16(c48over17, SaturatingRoundingDoublingHighMul(half, cNeg32over17));
        const short oneF2 = 1 << 13;
        for (int i = 0; i < 3; i++)
        {
            short halfTimesX = SaturatingRoundingDoublingHighMul(half, x);
            short oneMinus = Sub16(oneF2, halfTimesX);
            // x * oneMinus is F4; Rescale<2> multiplies the raw by 2^2 with saturation.
            x = Add16(x, SaturatingRoundingMultiplyByPOT(SaturatingRoundingDoublingHighMul(x, oneMinus), 2));
        }
        return x;
    }

    /// <summary>gemmlowp one_over_one_plus_x_for_x_in_0_1, int16.</summary>
    private static short OneOverOnePlusX(short a)
    {
        short x = NewtonRaphsonF2(a, out _);
        // ExactMulByPot<-1> makes it F1 with the same raw; Rescale<0> shifts left by one with saturation.
        return SaturatingRoundingMultiplyByPOT(x, 1);
    }

    /// <summary>gemmlowp one_minus_x_over_one_plus_x_for_x_in_0_1, int16.</summary>
    private static short OneMinusXOverOnePlusX(short a)
    {
        short x = NewtonRaphsonF2(a, out _);
        return SaturatingRoundingMultiplyByPOT(Sub16(x, 1 << 13), 2);
    }

    /// <summary>gemmlowp logistic on FixedPoint&lt;int16, integerBits&gt;; result Q0.15.</summary>
    public static short Logistic16(short a, int integerBits)
    {
        if (a == 0) return 1 << 14;
        bool positive = a > 0;
        short abs = positive ? a : Neg16(a);
        short resultIfPositive = OneOverOnePlusX(ExpOnNegativeValues(Neg16(abs), integerBits));
        return positive ? resultIfPositive : Sub16(short.MaxValue, resultIfPositive);
    }

    /// <summary>gemmlowp tanh on FixedPoint&lt;int16, integerBits&gt;; result Q0.15.</summary>
    public static short Tanh16(short a, int integerBits)
    {
        if (a == 0) return 0;
        bool negative = a < 0;
        short n = negative ? a : Neg16(a);
        // neg_tanh_on_negative_values: exp of 2n (ExactMulByPot<1>: one more integer bit, same raw).
        short t = OneMinusXOverOnePlusX(ExpOnNegativeValues(n, integerBits + 1));
        return negative ? Neg16(t) : t;
    }

    // ---------------------------------------------------------------------------------------------
    // Hybrid (dynamic range) input quantization, TFLite's portable_tensor_utils.

    /// <summary>TFLite SymmetricQuantizeFloats: int8 in [-127, 127], scale = max|x| / 127 (1 when all zero).</summary>
    public static float SymmetricQuantize(ReadOnlySpan<float> values, Span<sbyte> quantized)
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (float v in values)
        {
            if (v < min) min = v;
            if (v > max) max = v;
        }
        float range = MathF.Max(MathF.Abs(min), MathF.Abs(max));
        if (values.Length == 0 || range == 0)
        {
            quantized.Clear();
            return 1f;
        }
        float scaleInv = 127f / range;
        for (int i = 0; i < values.Length; i++)
        {
            int q = (int)Round(values[i] * scaleInv);
            quantized[i] = (sbyte)Math.Clamp(q, -127, 127);
        }
        return range / 127f;
    }

    /// <summary>TFLite AsymmetricQuantizeFloats: int8 in [-128, 127] with a nudged zero point.</summary>
    public static float AsymmetricQuantize(ReadOnlySpan<float> values, Span<sbyte> quantized, out int offset)
    {
        float minV = float.PositiveInfinity, maxV = float.NegativeInfinity;
        foreach (float v in values)
        {
            if (v < minV) minV = v;
            if (v > maxV) maxV = v;
        }
        double rmin = Math.Min(0f, values.Length == 0 ? 0f : minV);
        double rmax = Math.Max(0f, values.Length == 0 ? 0f : maxV);
        if (rmin == rmax)
        {
            quantized.Clear();
            offset = 0;
            return 1f;
        }
        const double qmin = -128, qmax = 127;
        double scale = (rmax - rmin) / (qmax - qmin);
        double zpFromMin = qmin - rmin / scale;
        double zpFromMax = qmax - rmax / scale;
        double zpFromMinError = Math.Abs(qmin) + Math.Abs(rmin / scale);
        double zpFromMaxError = Math.Abs(qmax) + Math.Abs(rmax / scale);
        double zp = zpFromMinError < zpFromMaxError ? zpFromMin : zpFromMax;
        int nudged;
        if (zp <= qmin) nudged = -128;
        else if (zp >= qmax) nudged = 127;
        else nudged = (sbyte)Math.Round(zp, MidpointRounding.AwayFromZero);
        float scaleF = (float)scale;
        offset = nudged;
        float scaleInv = 1.0f / scaleF;
        for (int i = 0; i < values.Length; i++)
        {
            int q = (int)Round(nudged + values[i] * scaleInv);
            quantized[i] = (sbyte)Math.Clamp(q, -128, 127);
        }
        return scaleF;
    }

    /// <summary>TFLite's float sigmoid as used by its activation functor.</summary>
    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
}
