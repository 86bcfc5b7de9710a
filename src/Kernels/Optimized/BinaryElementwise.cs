using ManagedLite.Kernels.Elementwise;

namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// Vectorized broadcasting binary kernels. Same results as <see cref="Reference.BinaryElementwise"/>
/// bit for bit (the vector formulas are the scalar ones lane by lane); the broadcast walk follows a
/// <see cref="BroadcastPlan"/> made once in Prepare. Infinite [lo, hi] means no fused activation.
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

    /// <summary>PRELU with alpha broadcast against the input (plan made from input shape and alpha shape).</summary>
    public static void Prelu(BroadcastPlan plan, ReadOnlySpan<float> input, ReadOnlySpan<float> alpha, Span<float> output)
        => BroadcastDriver.Apply<PreluOperator, NoClamp>(plan, input, alpha, output, 0, 0);

    private static void Run<TOp>(BroadcastPlan plan, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output, float lo, float hi)
        where TOp : IBinaryOperator
    {
        if (float.IsNegativeInfinity(lo) && float.IsPositiveInfinity(hi))
            BroadcastDriver.Apply<TOp, NoClamp>(plan, a, b, output, lo, hi);
        else
            BroadcastDriver.Apply<TOp, MinMaxClamp>(plan, a, b, output, lo, hi);
    }
}
