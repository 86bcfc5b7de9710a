namespace ManagedLite.Kernels.Elementwise;

/// <summary>
/// Scalar element walks of a <see cref="BroadcastPlan"/> for operators of any element type: the same NumPy
/// broadcasting as TFLite's BroadcastBinaryOpSimple (every output element reads each operand at the same index with
/// its size-1 dimensions pinned to 0), visiting the output in row-major order one element at a time.
/// </summary>
public static class BroadcastLoop
{
    public static void Binary<TA, TB, TOut, TOp>(in TOp op, BroadcastPlan plan, ReadOnlySpan<TA> a, ReadOnlySpan<TB> b, Span<TOut> y)
        where TOp : struct, IElementBinary<TA, TB, TOut>
    {
        if (a.Length != plan.CountA || b.Length != plan.CountB || y.Length != plan.OutputLength)
            throw new ArgumentException($"broadcast operands have {a.Length}, {b.Length} -> {y.Length} elements; the plan expects {plan.CountA}, {plan.CountB} -> {plan.OutputLength}");
        int n = plan.OutputLength;
        if (n == 0) return;
        switch (plan.Kind)
        {
            case BroadcastKind.SameShape:
                for (int i = 0; i < n; i++) y[i] = op.Invoke(a[i], b[i]);
                return;
            case BroadcastKind.ScalarA:
            {
                TA x = a[0];
                for (int i = 0; i < n; i++) y[i] = op.Invoke(x, b[i]);
                return;
            }
            case BroadcastKind.ScalarB:
            {
                TB x = b[0];
                for (int i = 0; i < n; i++) y[i] = op.Invoke(a[i], x);
                return;
            }
        }

        int[] dims = plan.Dims, sa = plan.StrideA, sb = plan.StrideB;
        int r = dims.Length;
        int inner = dims[r - 1];
        int innerA = sa[r - 1], innerB = sb[r - 1];
        int outer = n / inner;
        Span<int> idx = stackalloc int[r];
        idx.Clear();
        int offA = 0, offB = 0, o = 0;
        for (int row = 0; row < outer; row++)
        {
            for (int i = 0, ia = offA, ib = offB; i < inner; i++, ia += innerA, ib += innerB)
                y[o++] = op.Invoke(a[ia], b[ib]);
            plan.NextRow(idx, ref offA, ref offB);
        }
    }

    /// <summary>A flat element-wise unary map (no broadcasting): y[i] = op(x[i]).</summary>
    public static void Unary<TIn, TOut, TOp>(in TOp op, ReadOnlySpan<TIn> x, Span<TOut> y)
        where TOp : struct, IElementUnary<TIn, TOut>
    {
        if (x.Length != y.Length) throw new ArgumentException($"input has {x.Length} elements, output {y.Length}");
        for (int i = 0; i < x.Length; i++) y[i] = op.Invoke(x[i]);
    }
}
