namespace ManagedLite.Kernels.Elementwise;

/// <summary>
/// Runs an <see cref="IBinaryOperator"/> with broadcasting following a <see cref="BroadcastPlan"/>: flat passes
/// for equal shapes and scalars, otherwise an outer index walk whose innermost rows go through
/// <see cref="BinaryDriver"/> (a full row of each operand, or a row of one and an element of the other).
/// </summary>
public static class BroadcastDriver
{
    public static void Apply<TOp, TClamp>(BroadcastPlan plan, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y, float lo, float hi)
        where TOp : IBinaryOperator where TClamp : IActivationClamp
    {
        if (a.Length != plan.CountA || b.Length != plan.CountB || y.Length != plan.OutputLength)
            throw new ArgumentException($"broadcast operands have {a.Length}, {b.Length} -> {y.Length} elements; the plan expects {plan.CountA}, {plan.CountB} -> {plan.OutputLength}");
        if (plan.OutputLength == 0) return;
        switch (plan.Kind)
        {
            case BroadcastKind.SameShape:
                BinaryDriver.Apply<TOp, TClamp>(a, b, y, lo, hi);
                return;
            case BroadcastKind.ScalarA:
                BinaryDriver.ApplyScalarA<TOp, TClamp>(a[0], b, y, lo, hi);
                return;
            case BroadcastKind.ScalarB:
                BinaryDriver.ApplyScalarB<TOp, TClamp>(a, b[0], y, lo, hi);
                return;
        }

        int[] dims = plan.Dims, sa = plan.StrideA, sb = plan.StrideB;
        int r = dims.Length;
        int inner = dims[r - 1];
        int innerA = sa[r - 1], innerB = sb[r - 1];
        int outer = y.Length / inner;
        if (r == 2 && inner < TiledRowLimit && innerA == 1 && innerB == 1 && (sa[0] == 0) != (sb[0] == 0))
        {
            ApplyTiledRows<TOp, TClamp>(a, b, y, inner, outer, tileA: sa[0] == 0, lo, hi);
            return;
        }
        Span<int> idx = stackalloc int[r];
        idx.Clear();
        int offA = 0, offB = 0;
        for (int o = 0; o < outer; o++)
        {
            var yRow = y.Slice(o * inner, inner);
            if (innerA == 0) BinaryDriver.ApplyScalarA<TOp, TClamp>(a[offA], b.Slice(offB, inner), yRow, lo, hi);
            else if (innerB == 0) BinaryDriver.ApplyScalarB<TOp, TClamp>(a.Slice(offA, inner), b[offB], yRow, lo, hi);
            else BinaryDriver.Apply<TOp, TClamp>(a.Slice(offA, inner), b.Slice(offB, inner), yRow, lo, hi);

            for (int d = r - 2; d >= 0; d--)
            {
                offA += sa[d];
                offB += sb[d];
                if (++idx[d] < dims[d]) break;
                offA -= sa[d] * dims[d];
                offB -= sb[d] * dims[d];
                idx[d] = 0;
            }
        }
    }

    private const int TiledRowLimit = 128;

    /// <summary>
    /// [outer, inner] with one operand a single row repeated (for example [1,H,W,C] x [C] with small C): that row
    /// is tiled into a stack buffer so that many output rows go through the vector driver in one pass. The same
    /// per-element arithmetic as row by row, so results are identical.
    /// </summary>
    private static void ApplyTiledRows<TOp, TClamp>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y,
        int inner, int outer, bool tileA, float lo, float hi)
        where TOp : IBinaryOperator where TClamp : IActivationClamp
    {
        int rowsPerTile = Math.Max(1, 512 / inner);
        Span<float> tile = stackalloc float[rowsPerTile * inner];
        var row = tileA ? a[..inner] : b[..inner];
        for (int k = 0; k < rowsPerTile; k++) row.CopyTo(tile.Slice(k * inner, inner));
        var full = tileA ? b : a;
        for (int o = 0; o < outer; o += rowsPerTile)
        {
            int rows = Math.Min(rowsPerTile, outer - o);
            int n = rows * inner;
            var t = tile[..n];
            var f = full.Slice(o * inner, n);
            var yy = y.Slice(o * inner, n);
            if (tileA) BinaryDriver.Apply<TOp, TClamp>(t, f, yy, lo, hi);
            else BinaryDriver.Apply<TOp, TClamp>(f, t, yy, lo, hi);
        }
    }
}
