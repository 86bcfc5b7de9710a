using System.Numerics;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// ARG_MAX / ARG_MIN (reference_ops::ArgMinMax): over one axis of [outer, axisSize, inner], the position of the first
/// greatest (least) value. Floats follow TFLite's NaN rule: a NaN never replaces the current best, a number always
/// replaces a NaN best; an all-NaN run gives 0. Bool data are 0/1 bytes.
/// </summary>
public static class ArgMinMax
{
    public static void Run<T, TIndex>(ReadOnlySpan<T> input, int outer, int axisSize, int inner, bool isMax, Span<TIndex> output)
        where T : unmanaged, INumber<T> where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        if (axisSize <= 0 || (long)outer * axisSize * inner != input.Length || (long)outer * inner != output.Length)
            throw new ArgumentException($"input {input.Length} is not [{outer}, {axisSize}, {inner}] or output {output.Length} is not [{outer}, {inner}]");
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int baseIndex = o * axisSize * inner + i;
                T best = input[baseIndex];
                int at = 0;
                for (int a = 1; a < axisSize; a++)
                {
                    T v = input[baseIndex + a * inner];
                    bool replace = T.IsNaN(v) ? false
                        : T.IsNaN(best) || (isMax ? v > best : v < best);
                    if (replace)
                    {
                        best = v;
                        at = a;
                    }
                }
                output[o * inner + i] = TIndex.CreateTruncating(at);
            }
        }
    }
}
