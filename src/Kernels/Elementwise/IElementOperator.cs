namespace ManagedLite.Kernels.Elementwise;

/// <summary>
/// One element of a binary function over any element types (comparisons, logical and bitwise operators, floor
/// division, ...): a struct so that <see cref="BroadcastLoop"/> is specialized and the call inlined. It may carry parameters
/// (quantization multipliers, a comparison kind).
/// </summary>
public interface IElementBinary<TA, TB, TOut>
{
    TOut Invoke(TA a, TB b);
}

/// <summary>One element of a unary function over any element types; see <see cref="IElementBinary{TA, TB, TOut}"/>.</summary>
public interface IElementUnary<TIn, TOut>
{
    TOut Invoke(TIn x);
}
