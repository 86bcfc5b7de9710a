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
        => ApplyUnits<TOp, TClamp>(plan, a, b, y, lo, hi, 0, Units(plan));

    /// <summary>
    /// Independent pieces the output of <paramref name="plan"/> splits into for parallel work: single elements for equal
    /// shapes and scalars, rows of the innermost merged dimension for a general broadcast. See <see cref="ApplyUnits"/>.
    /// </summary>
    public static int Units(BroadcastPlan plan)
        => plan.OutputLength == 0 ? 0 : plan.Kind == BroadcastKind.General ? plan.OutputLength / plan.Dims[^1] : plan.OutputLength;

    /// <summary>Output elements in one unit of <see cref="Units"/>.</summary>
    public static int UnitLength(BroadcastPlan plan) => plan.Kind == BroadcastKind.General ? plan.Dims[^1] : 1;

    /// <summary>
    /// The multiple of units that a split point must fall on for <see cref="ApplyUnits"/> to give exactly the bits of
    /// <see cref="Apply"/>: a flat pass splits on whole 512-bit vectors (so no piece takes the scalar path where the whole
    /// would not), a tiled broadcast on whole tiles (so every piece runs the same vector passes), other rows anywhere.
    /// </summary>
    public static int UnitAlignment(BroadcastPlan plan)
    {
        if (plan.Kind != BroadcastKind.General) return 16;
        return IsTiled(plan, out int rowsPerTile) ? rowsPerTile : 1;
    }

    /// <summary>
    /// Computes units [<paramref name="start"/>, <paramref name="end"/>) of <see cref="Units"/> only, writing just their
    /// part of <paramref name="y"/>: disjoint ranges may run on different threads at once (also in place). With split
    /// points on multiples of <see cref="UnitAlignment"/> the result is bit-identical to one <see cref="Apply"/>.
    /// </summary>
    public static void ApplyUnits<TOp, TClamp>(BroadcastPlan plan, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y, float lo, float hi,
                                               int start, int end)
        where TOp : IBinaryOperator where TClamp : IActivationClamp
    {
        if (a.Length != plan.CountA || b.Length != plan.CountB || y.Length != plan.OutputLength)
            throw new ArgumentException($"broadcast operands have {a.Length}, {b.Length} -> {y.Length} elements; the plan expects {plan.CountA}, {plan.CountB} -> {plan.OutputLength}");
        if ((uint)start > (uint)end || end > Units(plan))
            throw new ArgumentOutOfRangeException(nameof(end), $"units [{start}, {end}) outside [0, {Units(plan)})");
        if (start == end) return;
        int count = end - start;
        switch (plan.Kind)
        {
            case BroadcastKind.SameShape:
                BinaryDriver.Apply<TOp, TClamp>(a.Slice(start, count), b.Slice(start, count), y.Slice(start, count), lo, hi);
                return;
            case BroadcastKind.ScalarA:
                BinaryDriver.ApplyScalarA<TOp, TClamp>(a[0], b.Slice(start, count), y.Slice(start, count), lo, hi);
                return;
            case BroadcastKind.ScalarB:
                BinaryDriver.ApplyScalarB<TOp, TClamp>(a.Slice(start, count), b[0], y.Slice(start, count), lo, hi);
                return;
        }

        int[] dims = plan.Dims, sa = plan.StrideA, sb = plan.StrideB;
        int r = dims.Length;
        int inner = dims[r - 1];
        int innerA = sa[r - 1], innerB = sb[r - 1];
        if (IsTiled(plan, out int rowsPerTile))
        {
            ApplyTiledRows<TOp, TClamp>(a, b, y, inner, start, end, rowsPerTile, tileA: sa[0] == 0, lo, hi);
            return;
        }
        // The outer index of row `start` and the operand offsets it starts from.
        Span<int> idx = stackalloc int[r];
        idx.Clear();
        int offA = 0, offB = 0;
        for (int d = r - 2, rest = start; d >= 0; d--)
        {
            idx[d] = rest % dims[d];
            rest /= dims[d];
            offA += idx[d] * sa[d];
            offB += idx[d] * sb[d];
        }
        for (int o = start; o < end; o++)
        {
            var yRow = y.Slice(o * inner, inner);
            if (innerA == 0) BinaryDriver.ApplyScalarA<TOp, TClamp>(a[offA], b.Slice(offB, inner), yRow, lo, hi);
            else if (innerB == 0) BinaryDriver.ApplyScalarB<TOp, TClamp>(a.Slice(offA, inner), b[offB], yRow, lo, hi);
            else BinaryDriver.Apply<TOp, TClamp>(a.Slice(offA, inner), b.Slice(offB, inner), yRow, lo, hi);

            plan.NextRow(idx, ref offA, ref offB);
        }
    }

    /// <summary>[outer, inner] with a short inner row of one operand repeated: runs through <see cref="ApplyTiledRows"/>.</summary>
    private static bool IsTiled(BroadcastPlan plan, out int rowsPerTile)
    {
        int[] dims = plan.Dims, sa = plan.StrideA, sb = plan.StrideB;
        rowsPerTile = 0;
        if (plan.Kind != BroadcastKind.General || dims.Length != 2) return false;
        int inner = dims[1];
        if (!(inner < TiledRowLimit && sa[1] == 1 && sb[1] == 1 && (sa[0] == 0) != (sb[0] == 0))) return false;
        rowsPerTile = Math.Max(1, TileElements / inner);
        return true;
    }

    private const int TiledRowLimit = 128;
    private const int TileElements = 512;

    /// <summary>
    /// [outer, inner] with one operand a single row repeated (for example [1,H,W,C] x [C] with small C): that row
    /// is tiled into a stack buffer so that many output rows go through the vector driver in one pass. The same
    /// per-element arithmetic as row by row, so results are identical. Rows [start, end); tiles are counted from
    /// row 0, so a range that starts on a tile boundary runs exactly the passes of the whole.
    /// </summary>
    private static void ApplyTiledRows<TOp, TClamp>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y,
        int inner, int start, int end, int rowsPerTile, bool tileA, float lo, float hi)
        where TOp : IBinaryOperator where TClamp : IActivationClamp
    {
        Span<float> tile = stackalloc float[rowsPerTile * inner];
        var row = tileA ? a[..inner] : b[..inner];
        for (int k = 0; k < rowsPerTile; k++) row.CopyTo(tile.Slice(k * inner, inner));
        var full = tileA ? b : a;
        for (int o = start; o < end;)
        {
            int rows = Math.Min(rowsPerTile - o % rowsPerTile, end - o);
            int n = rows * inner;
            var t = tile[..n];
            var f = full.Slice(o * inner, n);
            var yy = y.Slice(o * inner, n);
            if (tileA) BinaryDriver.Apply<TOp, TClamp>(t, f, yy, lo, hi);
            else BinaryDriver.Apply<TOp, TClamp>(f, t, yy, lo, hi);
            o += rows;
        }
    }
}
