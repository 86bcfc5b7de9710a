using System.Numerics;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// CUMSUM (reference_ops::CumSum): running sums along one axis of [outer, depth, inner], in order or reversed,
/// inclusive or exclusive (each output then holds the sum of the elements before it). Integer sums wrap.
/// </summary>
public static class CumSum
{
    public static void Run<T>(ReadOnlySpan<T> input, int outer, int depth, int inner, bool exclusive, bool reverse, Span<T> output)
        where T : unmanaged, INumberBase<T>
    {
        if ((long)outer * depth * inner != input.Length || output.Length != input.Length)
            throw new ArgumentException($"input {input.Length} / output {output.Length} is not [{outer}, {depth}, {inner}]");
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                T acc = T.Zero;
                for (int step = 0; step < depth; step++)
                {
                    int d = reverse ? depth - 1 - step : step;
                    int at = (o * depth + d) * inner + i;
                    if (exclusive)
                    {
                        output[at] = acc;
                        acc = unchecked(acc + input[at]);
                    }
                    else
                    {
                        acc = unchecked(acc + input[at]);
                        output[at] = acc;
                    }
                }
            }
        }
    }
}
