namespace ManagedLite.Kernels.Elementwise;

/// <summary>How a broadcasting binary operation walks its operands after adjacent dimensions are merged.</summary>
public enum BroadcastKind
{
    /// <summary>Both operands have the output's element count: one flat pass.</summary>
    SameShape,
    /// <summary>The first operand is a single element.</summary>
    ScalarA,
    /// <summary>The second operand is a single element.</summary>
    ScalarB,
    /// <summary>An outer index walk over rows of the innermost merged dimension.</summary>
    General,
}

/// <summary>
/// NumPy broadcasting of two shapes (TFLite semantics: dimensions equal or one of them 1), precomputed once in
/// Prepare. Dimensions of size 1 in the output are dropped and adjacent dimensions with the same broadcast
/// pattern are merged, so [1,H,W,C] + [C] becomes rows of C over H*W, and [N,C] + [1] becomes a scalar case.
/// </summary>
public sealed class BroadcastPlan
{
    private BroadcastPlan(int[] outputShape, BroadcastKind kind, int[] dims, int[] strideA, int[] strideB, int countA, int countB)
    {
        OutputShape = outputShape;
        Kind = kind;
        Dims = dims;
        StrideA = strideA;
        StrideB = strideB;
        CountA = countA;
        CountB = countB;
        long n = 1;
        foreach (int d in outputShape) n *= d;
        OutputLength = checked((int)n);
    }

    public int[] OutputShape { get; }
    public BroadcastKind Kind { get; }
    public int OutputLength { get; }
    /// <summary>Element counts the operands must have.</summary>
    public int CountA { get; }
    public int CountB { get; }
    /// <summary>Merged output dimensions (outermost first) and per-operand element strides (0 where broadcast).</summary>
    internal int[] Dims { get; }
    internal int[] StrideA { get; }
    internal int[] StrideB { get; }

    /// <summary>
    /// Steps a row walk to the next innermost row: advances the odometer <paramref name="idx"/> over every dimension but
    /// the last (rank entries, zeros at the start) and moves both operands' element offsets with it.
    /// </summary>
    internal void NextRow(Span<int> idx, ref int offA, ref int offB)
    {
        int[] dims = Dims, sa = StrideA, sb = StrideB;
        for (int d = dims.Length - 2; d >= 0; d--)
        {
            offA += sa[d];
            offB += sb[d];
            if (++idx[d] < dims[d]) return;
            offA -= sa[d] * dims[d];
            offB -= sb[d] * dims[d];
            idx[d] = 0;
        }
    }

    /// <summary>The broadcast output shape, or null when the shapes are incompatible.</summary>
    public static int[]? TryGetOutputShape(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var output = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1) return null;
            output[i] = da == 1 ? db : da;
        }
        return output;
    }

    /// <summary>Plans the broadcast of <paramref name="a"/> with <paramref name="b"/>; throws when they are incompatible.</summary>
    public static BroadcastPlan Create(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        var output = TryGetOutputShape(a, b)
            ?? throw new ArgumentException($"shapes [{string.Join(",", a.ToArray())}] and [{string.Join(",", b.ToArray())}] cannot be broadcast");
        int rank = output.Length;
        long countA = 1, countB = 1;
        foreach (int d in a) countA *= d;
        foreach (int d in b) countB *= d;

        // Category per axis: 0 both full, 1 a broadcast (a dim 1), 2 b broadcast. Output dims of 1 are dropped.
        var dims = new List<int>(rank);
        var cats = new List<int>(rank);
        bool anyZero = false;
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            int d = output[i];
            if (d == 0) anyZero = true;
            if (d == 1) continue;
            int cat = da == db ? 0 : da == 1 ? 1 : 2;
            if (cats.Count > 0 && cats[^1] == cat) dims[^1] *= d;
            else { dims.Add(d); cats.Add(cat); }
        }

        BroadcastKind kind;
        if (anyZero || dims.Count == 0) kind = BroadcastKind.SameShape;
        else if (dims.Count == 1) kind = cats[0] == 0 ? BroadcastKind.SameShape : cats[0] == 1 ? BroadcastKind.ScalarA : BroadcastKind.ScalarB;
        else kind = BroadcastKind.General;
        if (anyZero) { dims.Clear(); cats.Clear(); }

        int r = dims.Count;
        var strideA = new int[r];
        var strideB = new int[r];
        int sa = 1, sb = 1;
        for (int i = r - 1; i >= 0; i--)
        {
            strideA[i] = cats[i] == 1 ? 0 : sa;
            strideB[i] = cats[i] == 2 ? 0 : sb;
            if (cats[i] != 1) sa *= dims[i];
            if (cats[i] != 2) sb *= dims[i];
        }
        return new BroadcastPlan(output, kind, dims.ToArray(), strideA, strideB, checked((int)countA), checked((int)countB));
    }
}
