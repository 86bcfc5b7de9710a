using System.Numerics;

namespace ManagedLite.Kernels.Reference;

/// <summary>The reduction of a window (TFLite's TfLiteReduceWindowFunction, without "unsupported").</summary>
public enum ReduceWindowKind { Add, Mul, Minimum, Maximum, All, Any }

/// <summary>
/// REDUCE_WINDOW and STABLEHLO_REDUCE_WINDOW (TFLite's stablehlo_reduce_window.cc). The input is first dilated by the
/// base dilations and padded (negative padding crops), both with the init value; then each output element folds its
/// window, in row-major window order, into an accumulator that starts at the init value: <c>acc = op(acc, x)</c>.
/// Add and Mul wrap on integers; Maximum keeps the accumulator when <c>acc &gt;= x</c>, Minimum when <c>acc &lt;= x</c>;
/// All / Any are logical and / or giving 0 or 1.
/// </summary>
public static class ReduceWindow
{
    /// <summary>Size of the dilated and padded input along one dimension.</summary>
    public static long PaddedSize(int size, long baseDilation, long padLow, long padHigh) =>
        (size == 0 ? 0 : (size - 1) * baseDilation + 1) + padLow + padHigh;

    /// <summary>Output size along one dimension (0 when the dilated window is larger than the padded input).</summary>
    public static long OutputSize(long padded, long window, long stride, long windowDilation)
    {
        long w = (window - 1) * windowDilation + 1;
        return padded < w ? 0 : (padded - w) / stride + 1;
    }

    public static void Run<T>(ReduceWindowKind kind, ReadOnlySpan<int> inputShape, ReadOnlySpan<T> input, T init,
        ReadOnlySpan<long> window, ReadOnlySpan<long> strides, ReadOnlySpan<long> baseDilations, ReadOnlySpan<long> windowDilations,
        ReadOnlySpan<long> padding, ReadOnlySpan<int> outputShape, Span<T> output) where T : unmanaged, INumber<T>
    {
        int rank = inputShape.Length;
        if (outputShape.Length != rank || window.Length != rank || strides.Length != rank || baseDilations.Length != rank
            || windowDilations.Length != rank || padding.Length != 2 * rank)
            throw new ArgumentException("reduce-window parameters must have the input's rank");
        long count = 1, windowCount = 1, inCount = 1;
        for (int d = 0; d < rank; d++)
        {
            count *= outputShape[d];
            windowCount *= window[d];
            inCount *= inputShape[d];
        }
        if (output.Length != count || input.Length != inCount) throw new ArgumentException("span lengths do not match their shapes");
        Span<long> o = stackalloc long[rank];
        Span<long> k = stackalloc long[rank];
        for (long flat = 0; flat < count; flat++)
        {
            long rem = flat;
            for (int d = rank - 1; d >= 0; d--)
            {
                o[d] = rem % outputShape[d];
                rem /= outputShape[d];
            }
            T acc = init;
            k.Clear();
            for (long w = 0; w < windowCount; w++)
            {
                // Position in the padded, dilated input; mapped back to the input or to the init value.
                long src = 0;
                bool inside = true;
                for (int d = 0; d < rank; d++)
                {
                    long q = o[d] * strides[d] + k[d] * windowDilations[d] - padding[2 * d];
                    if (q < 0 || q % baseDilations[d] != 0 || q / baseDilations[d] >= inputShape[d]) { inside = false; break; }
                    src = src * inputShape[d] + q / baseDilations[d];
                }
                acc = Apply(kind, acc, inside ? input[(int)src] : init);
                for (int d = rank - 1; d >= 0; d--)
                {
                    if (++k[d] < window[d]) break;
                    k[d] = 0;
                }
            }
            output[(int)flat] = acc;
        }
    }

    private static T Apply<T>(ReduceWindowKind kind, T acc, T x) where T : INumber<T> => kind switch
    {
        ReduceWindowKind.Add => unchecked(acc + x),
        ReduceWindowKind.Mul => unchecked(acc * x),
        ReduceWindowKind.Maximum => acc >= x ? acc : x,
        ReduceWindowKind.Minimum => acc <= x ? acc : x,
        ReduceWindowKind.All => !T.IsZero(acc) && !T.IsZero(x) ? T.One : T.Zero,
        _ => !T.IsZero(acc) || !T.IsZero(x) ? T.One : T.Zero,
    };
}
