using ManagedLite.Kernels.Elementwise;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// Reference broadcasting binary kernels (TFLite's BroadcastBinaryFunction6DSlow semantics): for every output
/// index the operands are read at the same index with their size-1 dimensions pinned to 0, the scalar formula
/// of the operator is applied, then the fused-activation clamp min(max(v, lo), hi).
/// Shapes are NumPy-broadcast from the right; the output shape must be the broadcast shape.
/// </summary>
public static class BinaryElementwise
{
    public static void Add(ReadOnlySpan<int> shapeA, ReadOnlySpan<float> a, ReadOnlySpan<int> shapeB, ReadOnlySpan<float> b,
                           ReadOnlySpan<int> shapeOut, Span<float> output, float lo, float hi)
        => Broadcast<AddOperator>(shapeA, a, shapeB, b, shapeOut, output, lo, hi);

    public static void Sub(ReadOnlySpan<int> shapeA, ReadOnlySpan<float> a, ReadOnlySpan<int> shapeB, ReadOnlySpan<float> b,
                           ReadOnlySpan<int> shapeOut, Span<float> output, float lo, float hi)
        => Broadcast<SubOperator>(shapeA, a, shapeB, b, shapeOut, output, lo, hi);

    public static void Mul(ReadOnlySpan<int> shapeA, ReadOnlySpan<float> a, ReadOnlySpan<int> shapeB, ReadOnlySpan<float> b,
                           ReadOnlySpan<int> shapeOut, Span<float> output, float lo, float hi)
        => Broadcast<MulOperator>(shapeA, a, shapeB, b, shapeOut, output, lo, hi);

    public static void Div(ReadOnlySpan<int> shapeA, ReadOnlySpan<float> a, ReadOnlySpan<int> shapeB, ReadOnlySpan<float> b,
                           ReadOnlySpan<int> shapeOut, Span<float> output, float lo, float hi)
        => Broadcast<DivOperator>(shapeA, a, shapeB, b, shapeOut, output, lo, hi);

    public static void Maximum(ReadOnlySpan<int> shapeA, ReadOnlySpan<float> a, ReadOnlySpan<int> shapeB, ReadOnlySpan<float> b,
                               ReadOnlySpan<int> shapeOut, Span<float> output)
        => Broadcast<MaximumOperator>(shapeA, a, shapeB, b, shapeOut, output, float.NegativeInfinity, float.PositiveInfinity);

    public static void Minimum(ReadOnlySpan<int> shapeA, ReadOnlySpan<float> a, ReadOnlySpan<int> shapeB, ReadOnlySpan<float> b,
                               ReadOnlySpan<int> shapeOut, Span<float> output)
        => Broadcast<MinimumOperator>(shapeA, a, shapeB, b, shapeOut, output, float.NegativeInfinity, float.PositiveInfinity);

    public static void SquaredDifference(ReadOnlySpan<int> shapeA, ReadOnlySpan<float> a, ReadOnlySpan<int> shapeB, ReadOnlySpan<float> b,
                                         ReadOnlySpan<int> shapeOut, Span<float> output)
        => Broadcast<SquaredDifferenceOperator>(shapeA, a, shapeB, b, shapeOut, output, float.NegativeInfinity, float.PositiveInfinity);

    public static void Pow(ReadOnlySpan<int> shapeA, ReadOnlySpan<float> a, ReadOnlySpan<int> shapeB, ReadOnlySpan<float> b,
                           ReadOnlySpan<int> shapeOut, Span<float> output)
        => Broadcast<PowOperator>(shapeA, a, shapeB, b, shapeOut, output, float.NegativeInfinity, float.PositiveInfinity);

    /// <summary>PRELU: input &gt;= 0 ? input : input * alpha, alpha broadcast against the input.</summary>
    public static void Prelu(ReadOnlySpan<int> shapeInput, ReadOnlySpan<float> input, ReadOnlySpan<int> shapeAlpha, ReadOnlySpan<float> alpha,
                             ReadOnlySpan<int> shapeOut, Span<float> output)
        => Broadcast<PreluOperator>(shapeInput, input, shapeAlpha, alpha, shapeOut, output, float.NegativeInfinity, float.PositiveInfinity);

    /// <summary>The generic N-d walk: one output element at a time, any rank.</summary>
    public static void Broadcast<TOp>(ReadOnlySpan<int> shapeA, ReadOnlySpan<float> a, ReadOnlySpan<int> shapeB, ReadOnlySpan<float> b,
                                      ReadOnlySpan<int> shapeOut, Span<float> output, float lo, float hi)
        where TOp : IBinaryOperator
    {
        int rank = shapeOut.Length;
        if (shapeA.Length > rank || shapeB.Length > rank)
            throw new ArgumentException("output rank is below an operand's rank");
        int count = 1;
        foreach (int d in shapeOut) count *= d;
        if (output.Length != count || a.Length != Product(shapeA) || b.Length != Product(shapeB))
            throw new ArgumentException("span lengths do not match their shapes");
        Span<int> index = stackalloc int[rank];
        for (int flat = 0; flat < count; flat++)
        {
            int rem = flat;
            for (int d = rank - 1; d >= 0; d--)
            {
                index[d] = rem % shapeOut[d];
                rem /= shapeOut[d];
            }
            float x = a[Offset(shapeA, index)];
            float y = b[Offset(shapeB, index)];
            output[flat] = Clamp.Apply(TOp.Invoke(x, y), lo, hi);
        }
    }

    // Row-major offset into an operand right-aligned with the output index, size-1 dimensions pinned to 0.
    private static int Offset(ReadOnlySpan<int> shape, ReadOnlySpan<int> outIndex)
    {
        int lead = outIndex.Length - shape.Length;
        int offset = 0;
        for (int d = 0; d < shape.Length; d++)
        {
            int dim = shape[d];
            int i = dim == 1 ? 0 : outIndex[lead + d];
            if (i >= dim) throw new ArgumentException("operand shape does not broadcast to the output shape");
            offset = offset * dim + i;
        }
        return offset;
    }

    private static int Product(ReadOnlySpan<int> shape)
    {
        int n = 1;
        foreach (int d in shape) n *= d;
        return n;
    }
}
