using System.Numerics;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>
/// REDUCE_MAX / REDUCE_MIN on int8, uint8, int16 and int32 (<see cref="Ref.ReduceGeneric"/> with MaxOf / MinOf: stored
/// values, no requantization; the op requires input and output to share quantization) when the reduced axes form one
/// contiguous block ([outer, R, inner] after size-1 dims are dropped, R &gt; 0): inner == 1 folds each R-long run with
/// vectors and then across lanes; otherwise the first R row seeds the inner-long output row and the others are folded
/// in with lane-wise vector Max / Min. Integer max / min is order-free, so the result equals the reference's walk.
/// Other types, axis patterns and empty inputs run the reference.
/// </summary>
public static class ReduceMaxMin
{
    public static void Max<T>(ReadOnlySpan<int> shape, ReadOnlySpan<T> input, ReadOnlySpan<bool> reduced, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        if (!Run<T, MinMaxVector.MaxTag>(shape, input, reduced, output))
            Ref.ReduceGeneric.Run<T, Ref.ReduceGeneric.MaxOf<T>>(shape, input, reduced, output);
    }

    public static void Min<T>(ReadOnlySpan<int> shape, ReadOnlySpan<T> input, ReadOnlySpan<bool> reduced, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        if (!Run<T, MinMaxVector.MinTag>(shape, input, reduced, output))
            Ref.ReduceGeneric.Run<T, Ref.ReduceGeneric.MinOf<T>>(shape, input, reduced, output);
    }

    private static bool Run<T, TM>(ReadOnlySpan<int> shape, ReadOnlySpan<T> input, ReadOnlySpan<bool> reduced, Span<T> output)
        where T : unmanaged, IBinaryInteger<T> where TM : MinMaxVector.ITag
    {
        bool supported = typeof(T) == typeof(sbyte) || typeof(T) == typeof(byte) || typeof(T) == typeof(short) || typeof(T) == typeof(int);
        if (!supported || input.Length == 0 || !Reduce.TryBlocks(shape, reduced, out int outer, out int r, out int inner) || r == 0 ||
            (long)outer * r * inner != input.Length || (long)outer * inner != output.Length)
            return false;
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++) output[o] = MinMaxVector.Fold<T, TM>(input.Slice(o * r, r));
            return true;
        }
        for (int o = 0; o < outer; o++)
        {
            var y = output.Slice(o * inner, inner);
            var block = input.Slice(o * r * inner, r * inner);
            block.Slice(0, inner).CopyTo(y);
            for (int k = 1; k < r; k++) MinMaxVector.Rows<T, TM>(y, block.Slice(k * inner, inner), y);
        }
        return true;
    }
}
