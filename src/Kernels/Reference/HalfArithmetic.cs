using ManagedLite.Kernels.Elementwise;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// The 16-bit float paths of the broadcasting binary operators (TFLite's ADD / MUL on float16, MAXIMUM / MINIMUM on
/// float16 and bfloat16): each element is widened to float32, combined, and rounded back to the 16-bit type once
/// (round to nearest even), then clamped with the fused activation as std::min(std::max(x, lo), hi), so an overflow
/// lands on the largest finite value (65504) unless the activation bounds are infinite. bfloat16 is passed as raw bits.
/// </summary>
public static class HalfArithmetic
{
    public static void Add(BroadcastPlan plan, ReadOnlySpan<Half> a, ReadOnlySpan<Half> b, Span<Half> output, Half lo, Half hi) =>
        BroadcastLoop.Binary(new AddOp(lo, hi), plan, a, b, output);

    public static void Mul(BroadcastPlan plan, ReadOnlySpan<Half> a, ReadOnlySpan<Half> b, Span<Half> output, Half lo, Half hi) =>
        BroadcastLoop.Binary(new MulOp(lo, hi), plan, a, b, output);

    public static void Maximum(BroadcastPlan plan, ReadOnlySpan<Half> a, ReadOnlySpan<Half> b, Span<Half> output) =>
        BroadcastLoop.Binary(default(MaxOp), plan, a, b, output);

    public static void Minimum(BroadcastPlan plan, ReadOnlySpan<Half> a, ReadOnlySpan<Half> b, Span<Half> output) =>
        BroadcastLoop.Binary(default(MinOp), plan, a, b, output);

    public static void MaximumBFloat16(BroadcastPlan plan, ReadOnlySpan<ushort> a, ReadOnlySpan<ushort> b, Span<ushort> output) =>
        BroadcastLoop.Binary(default(BFloat16MaxOp), plan, a, b, output);

    public static void MinimumBFloat16(BroadcastPlan plan, ReadOnlySpan<ushort> a, ReadOnlySpan<ushort> b, Span<ushort> output) =>
        BroadcastLoop.Binary(default(BFloat16MinOp), plan, a, b, output);

    /// <summary>std::min(std::max(x, lo), hi) compared as floats: NaN passes through.</summary>
    private static Half Clamp(Half x, Half lo, Half hi)
    {
        float v = (float)x;
        Half m = v < (float)lo ? lo : x;
        return (float)hi < (float)m ? hi : m;
    }

    private readonly struct AddOp(Half lo, Half hi) : IElementBinary<Half, Half, Half>
    {
        public Half Invoke(Half a, Half b) => Clamp((Half)((float)a + (float)b), lo, hi);
    }

    private readonly struct MulOp(Half lo, Half hi) : IElementBinary<Half, Half, Half>
    {
        public Half Invoke(Half a, Half b) => Clamp((Half)((float)a * (float)b), lo, hi);
    }

    // MAXIMUM / MINIMUM: el1 > el2 ? el1 : el2 (el1 < el2 for MINIMUM); the chosen element's bits are kept.
    private readonly struct MaxOp : IElementBinary<Half, Half, Half>
    {
        public Half Invoke(Half a, Half b) => (float)a > (float)b ? a : b;
    }

    private readonly struct MinOp : IElementBinary<Half, Half, Half>
    {
        public Half Invoke(Half a, Half b) => (float)a < (float)b ? a : b;
    }

    private readonly struct BFloat16MaxOp : IElementBinary<ushort, ushort, ushort>
    {
        public ushort Invoke(ushort a, ushort b) => BFloat16.ToSingle(a) > BFloat16.ToSingle(b) ? a : b;
    }

    private readonly struct BFloat16MinOp : IElementBinary<ushort, ushort, ushort>
    {
        public ushort Invoke(ushort a, ushort b) => BFloat16.ToSingle(a) < BFloat16.ToSingle(b) ? a : b;
    }
}
