using System.Numerics;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// Quantized SOFTMAX over the last axis (TFLite reference_ops::Softmax for int8 / uint8 input with int8 / uint8 /
/// int16 output: gemmlowp fixed-point exp in Q5.26, sum in Q12.19, reciprocal; and reference_ops::SoftmaxInt16 with
/// the exp and 1/(1+x) 513-entry tables built by LUTPopulate in double, the generator TFLite's softmax Prepare uses).
/// </summary>
public static class SoftmaxQuantized
{
    private const int ScaledDiffIntegerBits = 5;
    internal const int AccumulationIntegerBits = 12;

    /// <summary>SoftmaxPrepare for 8-bit input: input multiplier / left shift and diff_min.</summary>
    public static void Params8(float beta, float inputScale, out int inputMultiplier, out int inputLeftShift, out int diffMin)
    {
        SoftmaxScaling.PreprocessSoftmaxScaling(beta, inputScale, ScaledDiffIntegerBits, out inputMultiplier, out inputLeftShift);
        diffMin = -SoftmaxScaling.CalculateInputRadius(ScaledDiffIntegerBits, inputLeftShift);
    }

    public static void Run<TIn, TOut>(ReadOnlySpan<TIn> input, Span<TOut> output, int depth, int inputMultiplier,
        int inputLeftShift, int diffMin)
        where TIn : unmanaged, IBinaryInteger<TIn>, IMinMaxValue<TIn> where TOut : unmanaged, IBinaryInteger<TOut>, IMinMaxValue<TOut>
    {
        CheckRows(input.Length, output.Length, depth);
        if (depth == 0) return;
        int outBits = System.Runtime.CompilerServices.Unsafe.SizeOf<TOut>() * 8;
        var (outMin, outMax) = QuantizedBroadcast.TypeRange<TOut>();
        int inMin = int.CreateTruncating(TIn.MinValue);
        for (int row = 0; row < input.Length / depth; row++)
        {
            var x = input.Slice(row * depth, depth);
            var y = output.Slice(row * depth, depth);
            int maxInRow = inMin;
            for (int c = 0; c < depth; c++) maxInRow = Math.Max(maxInRow, int.CreateTruncating(x[c]));

            int sumOfExps = 0;
            for (int c = 0; c < depth; c++)
            {
                int diff = int.CreateTruncating(x[c]) - maxInRow;
                if (diff >= diffMin)
                    sumOfExps = unchecked(sumOfExps + FixedPoint.Rescale(Exp(diff, inputMultiplier, inputLeftShift), 0, AccumulationIntegerBits));
            }

            int shiftedScale = QuantizedMath.GetReciprocal(sumOfExps, AccumulationIntegerBits, out int numBitsOverUnit);
            int exponent = numBitsOverUnit + 31 - outBits;
            // Rows whose exponent sum passes 2^(outBits) (depth > 256 of near-equal logits for 8-bit output, or a scale that
            // drops every term but the maximum) need a shift past 31: the quotient of a 32-bit value by 2^32 or more rounds
            // to 0, which is the mathematically right probability (< 2^-outBits). gemmlowp leaves that case undefined.
            exponent = Math.Clamp(exponent, 0, 32);
            for (int c = 0; c < depth; c++)
            {
                int diff = int.CreateTruncating(x[c]) - maxInRow;
                if (diff >= diffMin)
                {
                    int exp = Exp(diff, inputMultiplier, inputLeftShift);
                    int unsat = exponent > 31 ? 0
                        : FixedPoint.RoundingDivideByPot(FixedPoint.SaturatingRoundingDoublingHighMul(shiftedScale, exp), exponent);
                    int shifted = unchecked(unsat + outMin);
                    y[c] = TOut.CreateTruncating(Math.Max(Math.Min(shifted, outMax), outMin));
                }
                else
                {
                    y[c] = TOut.CreateTruncating(outMin);
                }
            }
        }
    }

    internal static int Exp(int diff, int inputMultiplier, int inputLeftShift) =>
        FixedPoint.ExpOnNegativeValues(
            QuantizedMath.MultiplyByQuantizedMultiplierGreaterThanOne(diff, inputMultiplier, inputLeftShift), ScaledDiffIntegerBits);

    /// <summary>
    /// SoftmaxPrepare for int16: the two tables (exp on [-10, 0], 1/(1+x) on [0, 1], both LUTPopulate in double) and
    /// the input multiplier QuantizeMultiplier(inScale * beta / (10 / 65535)).
    /// </summary>
    public static void ParamsInt16(float beta, float inputScale, Span<short> expTable, Span<short> oneOverOnePlusXTable,
        out int inputMultiplier, out int inputLeftShift)
    {
        const int range = short.MaxValue - short.MinValue;
        LookupTables.PopulateInt16(10.0 / range, short.MaxValue, 2.0 / range, 0, static v => Math.Exp(v), expTable);
        LookupTables.PopulateInt16(1.0 / range, short.MinValue, 2.0 / range, 0, static v => 1.0 / (1.0 + v), oneOverOnePlusXTable);
        double rescale = inputScale * (double)beta / (10.0 / 65535.0);
        QuantizedMultiplier.Quantize(rescale, out inputMultiplier, out inputLeftShift);
    }

    public static void RunInt16(ReadOnlySpan<short> input, Span<short> output, int depth, int inputMultiplier, int inputLeftShift,
        ReadOnlySpan<short> expTable, ReadOnlySpan<short> oneOverOnePlusXTable)
    {
        CheckRows(input.Length, output.Length, depth);
        if (depth == 0) return;
        for (int row = 0; row < input.Length / depth; row++)
        {
            var x = input.Slice(row * depth, depth);
            var y = output.Slice(row * depth, depth);
            int maxInRow = short.MinValue;
            for (int c = 0; c < depth; c++) maxInRow = Math.Max(maxInRow, x[c]);

            int sumOfExps = 0;
            for (int c = 0; c < depth; c++)
            {
                int scaled = QuantizedMath.MultiplyByQuantizedMultiplier(x[c] - maxInRow, inputMultiplier, inputLeftShift);
                short sym = (short)Math.Min(Math.Max(unchecked(scaled + 32767), -32768), 32767);
                y[c] = LookupTables.Lookup(sym, expTable);
                sumOfExps = unchecked(sumOfExps + y[c]);
            }

            int headroomPlusOne = BitOperations.LeadingZeroCount((uint)sumOfExps);
            int shiftedSum = (int)((((long)sumOfExps << (headroomPlusOne - 1)) + (1 << 13)) >> 14);
            int symShiftedSum = shiftedSum + (-((1 << 15) + (1 << 16)));
            short satSym = (short)Math.Min(Math.Max(symShiftedSum, -32768), 32767);
            short reciprocal = LookupTables.Lookup(satSym, oneOverOnePlusXTable);

            int rightShift = 31 - headroomPlusOne;
            long round = 1 << (rightShift - 1);
            for (int c = 0; c < depth; c++)
            {
                int result = (int)(((long)y[c] * reciprocal + round) >> rightShift);
                y[c] = (short)Math.Min(Math.Max(result, 0), 32767);
            }
        }
    }

    private static void CheckRows(int inLength, int outLength, int depth)
    {
        if (inLength != outLength) throw new ArgumentException($"input has {inLength} elements, output {outLength}");
        if (depth < 0 || (depth == 0 ? inLength != 0 : inLength % depth != 0))
            throw new ArgumentException($"{inLength} elements are not rows of {depth}");
    }
}
