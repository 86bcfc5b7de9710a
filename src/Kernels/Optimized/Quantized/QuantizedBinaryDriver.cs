using System.Numerics;
using ManagedLite.Kernels.Elementwise;
using ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>
/// Runs a quantized binary operator over a precomputed <see cref="BroadcastPlan"/>: flat loops for equal shapes and
/// scalar operands, otherwise an outer index walk over rows of the innermost merged dimension. Every element goes
/// through the same operator struct as the reference walk, so results are bit-identical to it.
/// </summary>
public static class QuantizedBinaryDriver
{
    public static void Run<T, TOp>(in TOp op, BroadcastPlan plan, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y)
        where T : unmanaged, IBinaryInteger<T> where TOp : struct, IQuantizedBinaryOperator
    {
        if (a.Length != plan.CountA || b.Length != plan.CountB || y.Length != plan.OutputLength)
            throw new ArgumentException($"broadcast operands have {a.Length}, {b.Length} -> {y.Length} elements; the plan expects {plan.CountA}, {plan.CountB} -> {plan.OutputLength}");
        if (plan.OutputLength == 0) return;
        switch (plan.Kind)
        {
            case BroadcastKind.SameShape:
                Rows(op, a, b, y);
                return;
            case BroadcastKind.ScalarA:
                RowScalarA(op, int.CreateTruncating(a[0]), b, y);
                return;
            case BroadcastKind.ScalarB:
                RowScalarB(op, a, int.CreateTruncating(b[0]), y);
                return;
        }

        int[] dims = plan.Dims, sa = plan.StrideA, sb = plan.StrideB;
        int r = dims.Length;
        int inner = dims[r - 1];
        int innerA = sa[r - 1], innerB = sb[r - 1];
        int outer = y.Length / inner;
        Span<int> idx = stackalloc int[r];
        idx.Clear();
        int offA = 0, offB = 0;
        for (int o = 0; o < outer; o++)
        {
            var yRow = y.Slice(o * inner, inner);
            if (innerA == 0) RowScalarA(op, int.CreateTruncating(a[offA]), b.Slice(offB, inner), yRow);
            else if (innerB == 0) RowScalarB(op, a.Slice(offA, inner), int.CreateTruncating(b[offB]), yRow);
            else Rows(op, a.Slice(offA, inner), b.Slice(offB, inner), yRow);

            plan.NextRow(idx, ref offA, ref offB);
        }
    }

    private static void Rows<T, TOp>(in TOp op, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y)
        where T : unmanaged, IBinaryInteger<T> where TOp : struct, IQuantizedBinaryOperator
    {
        for (int i = 0; i < y.Length; i++)
            y[i] = T.CreateTruncating(op.Invoke(int.CreateTruncating(a[i]), int.CreateTruncating(b[i])));
    }

    private static void RowScalarA<T, TOp>(in TOp op, int a, ReadOnlySpan<T> b, Span<T> y)
        where T : unmanaged, IBinaryInteger<T> where TOp : struct, IQuantizedBinaryOperator
    {
        for (int i = 0; i < y.Length; i++)
            y[i] = T.CreateTruncating(op.Invoke(a, int.CreateTruncating(b[i])));
    }

    private static void RowScalarB<T, TOp>(in TOp op, ReadOnlySpan<T> a, int b, Span<T> y)
        where T : unmanaged, IBinaryInteger<T> where TOp : struct, IQuantizedBinaryOperator
    {
        for (int i = 0; i < y.Length; i++)
            y[i] = T.CreateTruncating(op.Invoke(int.CreateTruncating(a[i]), b));
    }
}
