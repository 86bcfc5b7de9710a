using System.Numerics;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// Quantized MEAN and SUM. MEAN (int8, uint8, int16) and 8-bit SUM follow reference_ops::QuantizedMeanOrSum: int32
/// sums of the stored values, minus zeroPoint * count, rescaled by QuantizeMultiplier(inScale / outScale) (for MEAN
/// with 1/count folded into the multiplier), plus the output zero point, clamped; an empty axis list rescales every
/// element on its own. int16 SUM follows TFLite's builtin kernel (<see cref="SumRescaledInFloat"/>). REDUCE_MAX/MIN
/// on stored values are <see cref="ReduceGeneric"/>'s. The input is walked in row-major order; each element goes to the
/// output element with the reduced indices dropped.
/// </summary>
public static class ReduceQuantized
{
    /// <param name="tempSum">Scratch of at least output.Length ints.</param>
    public static void MeanOrSum<T>(ReadOnlySpan<int> shape, ReadOnlySpan<T> input, ReadOnlySpan<bool> reduced, Span<T> output,
        int inputZeroPoint, int multiplier, int shift, int outputZeroPoint, bool computeSum, Span<int> tempSum)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        long count = Check(shape, input.Length, reduced, output.Length);
        output.Clear();
        var sums = tempSum.Slice(0, output.Length);
        sums.Clear();
        if (input.Length == 0 || count == 0) return;
        Sums(shape, reduced, input, sums);
        Rescale(sums, count, output, inputZeroPoint, multiplier, shift, outputZeroPoint, computeSum);
    }

    /// <summary>
    /// The second half of <see cref="MeanOrSum{T}"/>: output[i] from the int32 sum of its <paramref name="count"/> stored
    /// values (shared by the optimized kernel, which only computes the sums differently; integer sums are order-free).
    /// </summary>
    public static void Rescale<T>(ReadOnlySpan<int> sums, long count, Span<T> output, int inputZeroPoint, int multiplier, int shift,
        int outputZeroPoint, bool computeSum)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        if (!computeSum)
        {
            int s = 63 - BitOperations.LeadingZeroCount((ulong)count);
            s = Math.Min(s, 32);
            s = Math.Min(s, 31 + shift);
            multiplier = (int)(((long)multiplier << s) / count);
            shift -= s;
        }
        var (min, max) = QuantizedBroadcast.TypeRange<T>();
        for (int i = 0; i < output.Length; i++)
        {
            int shifted = unchecked((int)(sums[i] - inputZeroPoint * count));
            int v = unchecked(QuantizedMath.MultiplyByQuantizedMultiplier(shifted, multiplier, shift) + outputZeroPoint);
            output[i] = T.CreateTruncating(Math.Min(Math.Max(v, min), max));
        }
    }

    /// <summary>
    /// SUM of int16 as TFLite's builtin kernel computes it (optimized_ops::QuantizedMeanOrSum; TFLite's reference SUM
    /// reads int16 data as bytes, so its builtin kernel is the only meaningful one): int32 sums of the stored values,
    /// then round(sum * (inScale / outScale) + bias) in float (halves away from zero), bias = -inZeroPoint * scale * count,
    /// plus the output zero point, clamped to the type.
    /// </summary>
    public static void SumRescaledInFloat<T>(ReadOnlySpan<int> shape, ReadOnlySpan<T> input, ReadOnlySpan<bool> reduced, Span<T> output,
        int inputZeroPoint, float inputScale, int outputZeroPoint, float outputScale, Span<int> tempSum)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        long count = Check(shape, input.Length, reduced, output.Length);
        output.Clear();
        var sums = tempSum.Slice(0, output.Length);
        sums.Clear();
        if (input.Length == 0 || count == 0) return;
        Sums(shape, reduced, input, sums);
        float scale = inputScale / outputScale;
        float bias = -inputZeroPoint * scale * count;
        var (min, max) = QuantizedBroadcast.TypeRange<T>();
        for (int i = 0; i < output.Length; i++)
        {
            float r = MathF.Round(sums[i] * scale + bias, MidpointRounding.AwayFromZero);
            int v = unchecked(ToInt32(r) + outputZeroPoint);
            output[i] = T.CreateTruncating(Math.Min(Math.Max(v, min), max));
        }
    }

    // float -> int32 as x86's cvttss2si does: NaN and out-of-range values give int.MinValue.
    private static int ToInt32(float r) => r >= -2147483648f && r < 2147483648f ? (int)r : int.MinValue;

    private static void Sums<T>(ReadOnlySpan<int> shape, ReadOnlySpan<bool> reduced, ReadOnlySpan<T> input, Span<int> sums)
        where T : unmanaged, IBinaryInteger<T>
    {
        Span<int> index = stackalloc int[shape.Length];
        index.Clear();
        for (int flat = 0; flat < input.Length; flat++)
        {
            int o = OutputIndex(shape, reduced, index);
            sums[o] = unchecked(sums[o] + int.CreateTruncating(input[flat]));
            Next(shape, index);
        }
    }

    private static int OutputIndex(ReadOnlySpan<int> shape, ReadOnlySpan<bool> reduced, ReadOnlySpan<int> index)
    {
        int o = 0;
        for (int d = 0; d < shape.Length; d++)
            if (!reduced[d]) o = o * shape[d] + index[d];
        return o;
    }

    private static void Next(ReadOnlySpan<int> shape, Span<int> index)
    {
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            if (++index[d] < shape[d]) return;
            index[d] = 0;
        }
    }

    // Returns the number of reduced elements per output.
    private static long Check(ReadOnlySpan<int> shape, int inputLength, ReadOnlySpan<bool> reduced, int outputLength)
    {
        if (reduced.Length != shape.Length) throw new ArgumentException("reduced mask rank differs from the shape's");
        long inCount = 1, outCount = 1, count = 1;
        for (int d = 0; d < shape.Length; d++)
        {
            inCount *= shape[d];
            if (reduced[d]) count *= shape[d];
            else outCount *= shape[d];
        }
        if (inputLength != inCount || (inCount != 0 && outputLength != outCount))
            throw new ArgumentException($"expected {inCount} input and {outCount} output elements, got {inputLength} and {outputLength}");
        return count;
    }
}
