using ManagedLite.Kernels.Elementwise;

namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// SiLU (swish) y = clamp(x * LOGISTIC(x), lo, hi) in one pass over memory: a LOGISTIC node and the MUL of its output by
/// its input fused (pass "fuse-silu"). <see cref="UnaryDriver"/> runs <see cref="SiluOperator"/> with the MUL's clamp, the
/// same vector widths and tail as the unfused LOGISTIC: every element gets the bits the unfused LOGISTIC then MUL give
/// over the same range. The output may alias the input exactly.
/// </summary>
public static class Silu
{
    /// <summary>Clamps to [<paramref name="lo"/>, <paramref name="hi"/>] (the MUL's activation range) unless both are infinite.</summary>
    public static void Apply(ReadOnlySpan<float> x, Span<float> y, float lo, float hi)
    {
        if (float.IsNegativeInfinity(lo) && float.IsPositiveInfinity(hi)) Apply<NoClamp>(x, y, lo, hi);
        else Apply<MinMaxClamp>(x, y, lo, hi);
    }

    private static void Apply<TClamp>(ReadOnlySpan<float> x, Span<float> y, float lo, float hi) where TClamp : IActivationClamp =>
        UnaryDriver.Apply<SiluOperator, TClamp>(x, y, lo, hi);

    // The per-width paths, for tests that run each vector width.
    internal static void ApplyScalar<TClamp>(ReadOnlySpan<float> x, Span<float> y, float lo, float hi) where TClamp : IActivationClamp =>
        UnaryDriver.ApplyScalar<SiluOperator, TClamp>(x, y, lo, hi);

    internal static void ApplyV128<TClamp>(ReadOnlySpan<float> x, Span<float> y, float lo, float hi) where TClamp : IActivationClamp =>
        UnaryDriver.ApplyV128<SiluOperator, TClamp>(x, y, lo, hi);

    internal static void ApplyV256<TClamp>(ReadOnlySpan<float> x, Span<float> y, float lo, float hi) where TClamp : IActivationClamp =>
        UnaryDriver.ApplyV256<SiluOperator, TClamp>(x, y, lo, hi);

    internal static void ApplyV512<TClamp>(ReadOnlySpan<float> x, Span<float> y, float lo, float hi) where TClamp : IActivationClamp =>
        UnaryDriver.ApplyV512<SiluOperator, TClamp>(x, y, lo, hi);
}
