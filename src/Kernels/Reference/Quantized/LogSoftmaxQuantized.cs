using System.Numerics;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// LOG_SOFTMAX on int8 and uint8 over the last axis (TFLite reference_integer_ops::LogSoftmax and
/// reference_ops::LogSoftmax for uint8, which compute the same thing). The input differences to the row maximum
/// are rescaled to Q5.26, exponentiated and summed in Q12.19, the log of the sum is taken in fixed point (Q5.26),
/// and each output is (diff - log(sum)) rescaled to the fixed output scale 16/256 with zero point 127 (int8) or
/// 255 (uint8). Differences at or below the adjusted minimum give the type's minimum.
/// </summary>
public static class LogSoftmaxQuantized
{
    private const int InputIntegerBits = 5;
    private const int AccumulationIntegerBits = 12;
    private const int OutputIntegerBits = 4;

    /// <summary>Output scale TFLite requires for quantized LOG_SOFTMAX.</summary>
    public const float OutputScale = 16f / 256f;

    /// <summary>
    /// LogSoftmaxPrepare: PreprocessLogSoftmaxScalingExp with beta 1 and 5 integer bits; the reverse shift is kept
    /// as TFLite's reverse_scaling_right_shift (the negated left shift); diff_min = -CalculateInputRadius(5, shift).
    /// </summary>
    public static Params Create(float inputScale)
    {
        SoftmaxScaling.PreprocessLogSoftmaxScalingExp(1.0, inputScale, InputIntegerBits,
            out int inputMultiplier, out int inputLeftShift, out int reverseDivisor, out int reverseLeftShift);
        int diffMin = -SoftmaxScaling.CalculateInputRadius(InputIntegerBits, inputLeftShift);
        return new Params(inputMultiplier, inputLeftShift, reverseDivisor, -reverseLeftShift, diffMin);
    }

    /// <summary>Precomputed scaling of one LOG_SOFTMAX node.</summary>
    public readonly record struct Params(int InputMultiplier, int InputLeftShift, int ReverseScalingDivisor,
        int ReverseScalingRightShift, int DiffMin);

    public static void Eval(in Params p, ReadOnlySpan<sbyte> input, Span<sbyte> output, int depth) => Run(p, input, output, depth, 127);

    public static void Eval(in Params p, ReadOnlySpan<byte> input, Span<byte> output, int depth) => Run(p, input, output, depth, 255);

    private static void Run<T>(in Params p, ReadOnlySpan<T> input, Span<T> output, int depth, int zeroPoint)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        if (output.Length < input.Length) throw new ArgumentException("output shorter than input", nameof(output));
        if (depth <= 0 || input.Length % depth != 0) throw new ArgumentException($"depth {depth} does not divide {input.Length}", nameof(depth));
        int typeMin = int.CreateTruncating(T.MinValue);
        int typeMax = int.CreateTruncating(T.MaxValue);
        for (int row = 0; row < input.Length; row += depth)
        {
            var x = input.Slice(row, depth);
            var y = output.Slice(row, depth);
            int max = typeMin;
            for (int i = 0; i < depth; i++) max = Math.Max(max, int.CreateTruncating(x[i]));

            int sumOfExps = 0;   // Q12.19
            for (int i = 0; i < depth; i++)
            {
                int diff = int.CreateTruncating(x[i]) - max;
                if (diff >= p.DiffMin)
                {
                    int scaled = QuantizedMath.MultiplyByQuantizedMultiplier(diff, p.InputMultiplier, p.InputLeftShift);
                    int exp = FixedPoint.ExpOnNegativeValues(scaled, InputIntegerBits);
                    sumOfExps = unchecked(sumOfExps + FixedPoint.Rescale(exp, 0, AccumulationIntegerBits));
                }
            }

            int logSum = LogXForXGreaterThanOrEqualTo1(sumOfExps, AccumulationIntegerBits, InputIntegerBits);   // Q5.26
            int shiftedLogSum = unchecked(logSum + int.MinValue);
            int adjustedDiffMin = Math.Max(p.DiffMin - 1,
                QuantizedMath.MultiplyByQuantizedMultiplier(shiftedLogSum, p.ReverseScalingDivisor, -p.ReverseScalingRightShift));

            for (int i = 0; i < depth; i++)
            {
                int diff = int.CreateTruncating(x[i]) - max;
                int q;
                if (diff > adjustedDiffMin)
                {
                    int scaled = QuantizedMath.MultiplyByQuantizedMultiplier(diff, p.InputMultiplier, p.InputLeftShift);
                    q = FixedPoint.RoundingDivideByPot(unchecked(scaled - logSum), 31 - InputIntegerBits - OutputIntegerBits) + zeroPoint;
                    q = Math.Clamp(q, typeMin, typeMax);
                }
                else
                {
                    q = typeMin;
                }
                y[i] = T.CreateTruncating(q);
            }
        }
    }

    /// <summary>
    /// TFLite's log_x_for_x_greater_than_or_equal_to_1_impl: log(x) for x given with <paramref name="inputIntegerBits"/>
    /// integer bits, returned with <paramref name="outputIntegerBits"/> integer bits. The input is normalized two ways
    /// (by its leading zeros, and premultiplied by sqrt(1/2)); the better-centred mantissa r in [sqrt(1/2), sqrt(2))
    /// goes through a rational approximation of log(r) around sqrt(sqrt(1/2)), and the power of two is added as
    /// multiples of log(2), accumulated with one extra integer bit.
    /// </summary>
    public static int LogXForXGreaterThanOrEqualTo1(int x, int inputIntegerBits, int outputIntegerBits)
    {
        int accumBits = outputIntegerBits + 1;
        const int log2 = 1488522236;            // log(2) in Q0.31
        const int sqrtSqrtHalf = 1805811301;    // (1/2)^(1/4)
        const int sqrtHalf = 1518500250;        // sqrt(1/2)
        const int oneQuarter = 536870912;
        const int alphaN = 117049297;           // 11/240 * 2^(1/4)
        const int alphaD = 127690142;           // 1/20 * 2^(1/4)
        const int alphaI = 1057819769;          // 2 / 2^(1/4) - 2^(1/4)
        const int alphaF = 638450708;           // 1/4 * 2^(1/4)

        int shiftedQuarter = FixedPoint.Rescale(oneQuarter, 0, accumBits);

        int zA = x;   // reinterpreted as Q0.31
        int zAHeadroomPlus1 = BitOperations.LeadingZeroCount((uint)zA);
        int rATmp = FixedPoint.SaturatingRoundingMultiplyByPot(zA, zAHeadroomPlus1 - 1);
        int rA = FixedPoint.SaturatingRoundingMultiplyByPot(FixedPoint.SaturatingRoundingDoublingHighMul(rATmp, sqrtHalf), 1);
        int zAPow2Adj = FixedPoint.SaturatingAdd(
            FixedPoint.SaturatingRoundingMultiplyByPot(inputIntegerBits - zAHeadroomPlus1, 31 - accumBits), shiftedQuarter);

        int zB = FixedPoint.SaturatingRoundingDoublingHighMul(zA, sqrtHalf);
        int zBHeadroom = BitOperations.LeadingZeroCount((uint)zB) - 1;
        int rB = FixedPoint.SaturatingRoundingMultiplyByPot(zA, zBHeadroom);
        int zBPow2Adj = FixedPoint.SaturatingSub(
            FixedPoint.SaturatingRoundingMultiplyByPot(inputIntegerBits - zBHeadroom, 31 - accumBits), shiftedQuarter);

        int r = Math.Min(rA, rB);
        int zPow2Adj = Math.Max(zAPow2Adj, zBPow2Adj);

        int p = FixedPoint.RoundingHalfSum(r, sqrtSqrtHalf);
        int q = unchecked(r - sqrtSqrtHalf);
        q = unchecked(q + q);

        int commonSq = Mul(q, q);
        int num = unchecked(Mul(q, r) + Mul(Mul(q, commonSq), alphaN));
        int denomMinusOne = unchecked(Mul(p, unchecked(alphaI + q + Mul(alphaD, commonSq))) + Mul(alphaF, q));
        int recipDenom = FixedPoint.OneOverOnePlusXForXIn01(denomMinusOne);

        int numScaled = FixedPoint.Rescale(num, 0, accumBits);
        int sum = unchecked(Mul(zPow2Adj, log2) + Mul(numScaled, recipDenom));
        return FixedPoint.Rescale(sum, accumBits, outputIntegerBits);
    }

    private static int Mul(int a, int b) => FixedPoint.SaturatingRoundingDoublingHighMul(a, b);
}
