using ManagedLite.Kernels.Elementwise;

namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// Vectorized broadcasting binary kernels. Same results as <see cref="Reference.BinaryElementwise"/>
/// bit for bit (the vector formulas are the scalar ones lane by lane); the broadcast walk follows a
/// <see cref="BroadcastPlan"/> made once in Prepare. Infinite [lo, hi] means no fused activation.
/// The overloads taking <c>start, end</c> compute only those units of <see cref="BroadcastDriver.Units"/> (one thread's
/// share of a split; see <see cref="BroadcastDriver.ApplyUnits"/> for where to split so that the bits do not change).
/// </summary>
public static class BinaryElementwise
{
    public static void Add(BroadcastPlan plan, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output, float lo, float hi)
        => Run<AddOperator>(plan, a, b, output, lo, hi);

    public static void Sub(BroadcastPlan plan, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output, float lo, float hi)
        => Run<SubOperator>(plan, a, b, output, lo, hi);

    public static void Mul(BroadcastPlan plan, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output, float lo, float hi)
        => Run<MulOperator>(plan, a, b, output, lo, hi);

    public static void Div(BroadcastPlan plan, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output, float lo, float hi)
        => Run<DivOperator>(plan, a, b, output, lo, hi);

    public static void Maximum(BroadcastPlan plan, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output)
        => BroadcastDriver.Apply<MaximumOperator, NoClamp>(plan, a, b, output, 0, 0);

    public static void Minimum(BroadcastPlan plan, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output)
        => BroadcastDriver.Apply<MinimumOperator, NoClamp>(plan, a, b, output, 0, 0);

    public static void SquaredDifference(BroadcastPlan plan, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output)
        => BroadcastDriver.Apply<SquaredDifferenceOperator, NoClamp>(plan, a, b, output, 0, 0);

    public static void Pow(BroadcastPlan plan, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output)
        => BroadcastDriver.Apply<PowOperator, NoClamp>(plan, a, b, output, 0, 0);

    public static void Add(BroadcastPlan plan, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output, float lo, float hi, int start, int end)
        => Run<AddOperator>(plan, a, b, output, lo, hi, start, end);

    public static void Sub(BroadcastPlan plan, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output, float lo, float hi, int start, int end)
        => Run<SubOperator>(plan, a, b, output, lo, hi, start, end);

    public static void Mul(BroadcastPlan plan, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output, float lo, float hi, int start, int end)
        => Run<MulOperator>(plan, a, b, output, lo, hi, start, end);

    public static void Div(BroadcastPlan plan, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output, float lo, float hi, int start, int end)
        => Run<DivOperator>(plan, a, b, output, lo, hi, start, end);

    public static void Maximum(BroadcastPlan plan, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output, int start, int end)
        => BroadcastDriver.ApplyUnits<MaximumOperator, NoClamp>(plan, a, b, output, 0, 0, start, end);

    public static void Minimum(BroadcastPlan plan, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output, int start, int end)
        => BroadcastDriver.ApplyUnits<MinimumOperator, NoClamp>(plan, a, b, output, 0, 0, start, end);

    public static void SquaredDifference(BroadcastPlan plan, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output, int start, int end)
        => BroadcastDriver.ApplyUnits<SquaredDifferenceOperator, NoClamp>(plan, a, b, output, 0, 0, start, end);

    /// <summary>PRELU with alpha broadcast against the input (plan made from input shape and alpha shape).</summary>
    public static void Prelu(BroadcastPlan plan, ReadOnlySpan<float> input, ReadOnlySpan<float> alpha, Span<float> output)
        => BroadcastDriver.Apply<PreluOperator, NoClamp>(plan, input, alpha, output, 0, 0);

    /// <summary>PRELU over units [start, end) of the plan (see <see cref="BroadcastDriver.Units"/>), for callers splitting across threads.</summary>
    public static void Prelu(BroadcastPlan plan, ReadOnlySpan<float> input, ReadOnlySpan<float> alpha, Span<float> output, int start, int end)
        => BroadcastDriver.ApplyUnits<PreluOperator, NoClamp>(plan, input, alpha, output, 0, 0, start, end);

    private static void Run<TOp>(BroadcastPlan plan, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output, float lo, float hi)
        where TOp : IBinaryOperator
        => Run<TOp>(plan, a, b, output, lo, hi, 0, BroadcastDriver.Units(plan));

    private static void Run<TOp>(BroadcastPlan plan, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output, float lo, float hi,
                                 int start, int end)
        where TOp : IBinaryOperator
    {
        if (float.IsNegativeInfinity(lo) && float.IsPositiveInfinity(hi))
            BroadcastDriver.ApplyUnits<TOp, NoClamp>(plan, a, b, output, lo, hi, start, end);
        else
            BroadcastDriver.ApplyUnits<TOp, MinMaxClamp>(plan, a, b, output, lo, hi, start, end);
    }
}
