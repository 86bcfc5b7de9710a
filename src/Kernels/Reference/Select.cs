using ManagedLite.Kernels.Elementwise;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// SELECT / SELECT_V2 (TFLite's reference select.h): output = condition ? x : y, a conditional copy, so the element
/// type only matters by its size (callers pass byte, ushort, uint or ulong views). A condition byte is true when
/// nonzero.
/// </summary>
public static class Select
{
    /// <summary>Condition, x, y and output all have the same number of elements.</summary>
    public static void Elementwise<T>(ReadOnlySpan<byte> condition, ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> output) where T : unmanaged
    {
        int n = output.Length;
        if (condition.Length != n || x.Length != n || y.Length != n)
            throw new ArgumentException($"select operands have {condition.Length}, {x.Length}, {y.Length} -> {n} elements");
        for (int i = 0; i < n; i++) output[i] = condition[i] != 0 ? x[i] : y[i];
    }

    /// <summary>
    /// SELECT's low-rank condition: one condition value per outer slice of <paramref name="innerSize"/> elements
    /// (a scalar condition is one slice of everything; a rank-1 condition selects along the first dimension).
    /// </summary>
    public static void RankOne<T>(ReadOnlySpan<byte> condition, ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> output, int innerSize) where T : unmanaged
    {
        int outer = condition.Length;
        if ((long)outer * innerSize != output.Length || x.Length != output.Length || y.Length != output.Length)
            throw new ArgumentException($"rank-one select: {outer} conditions of {innerSize} elements do not match {x.Length}, {y.Length} -> {output.Length}");
        for (int i = 0, offset = 0; i < outer; i++, offset += innerSize)
        {
            var source = condition[i] != 0 ? x : y;
            source.Slice(offset, innerSize).CopyTo(output.Slice(offset, innerSize));
        }
    }

    /// <summary>SELECT_V2 with three-way broadcasting (BroadcastSelectSimple), following <paramref name="plan"/>.</summary>
    public static void Broadcast<T>(TernaryBroadcastPlan plan, ReadOnlySpan<byte> condition, ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> output) where T : unmanaged
    {
        if (condition.Length != plan.Count(0) || x.Length != plan.Count(1) || y.Length != plan.Count(2) || output.Length != plan.OutputLength)
            throw new ArgumentException($"select operands have {condition.Length}, {x.Length}, {y.Length} -> {output.Length} elements; the plan expects {plan.Count(0)}, {plan.Count(1)}, {plan.Count(2)} -> {plan.OutputLength}");
        int n = plan.OutputLength;
        if (n == 0) return;
        int[] dims = plan.Dims;
        int r = dims.Length;
        if (r == 0)
        {
            output[0] = condition[0] != 0 ? x[0] : y[0];
            return;
        }
        int[] sc = plan.Strides[0], sx = plan.Strides[1], sy = plan.Strides[2];
        int inner = dims[r - 1];
        int ic = sc[r - 1], ix = sx[r - 1], iy = sy[r - 1];
        int outer = n / inner;
        Span<int> idx = stackalloc int[r];
        idx.Clear();
        int oc = 0, ox = 0, oy = 0, o = 0;
        for (int row = 0; row < outer; row++)
        {
            for (int i = 0, c = oc, a = ox, b = oy; i < inner; i++, c += ic, a += ix, b += iy)
                output[o++] = condition[c] != 0 ? x[a] : y[b];
            for (int d = r - 2; d >= 0; d--)
            {
                oc += sc[d];
                ox += sx[d];
                oy += sy[d];
                if (++idx[d] < dims[d]) break;
                oc -= sc[d] * dims[d];
                ox -= sx[d] * dims[d];
                oy -= sy[d] * dims[d];
                idx[d] = 0;
            }
        }
    }
}
