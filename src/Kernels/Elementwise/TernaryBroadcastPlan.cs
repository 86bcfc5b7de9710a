namespace ManagedLite.Kernels.Elementwise;

/// <summary>
/// NumPy broadcasting of three shapes (SELECT_V2's condition, x and y), the three-operand counterpart of
/// <see cref="BroadcastPlan"/>: output dimensions of 1 are dropped and adjacent dimensions where every operand has
/// the same broadcast pattern are merged, so the walk runs over few, long rows.
/// </summary>
public sealed class TernaryBroadcastPlan
{
    private TernaryBroadcastPlan(int[] outputShape, int[] dims, int[][] strides, int[] counts, int outputLength)
    {
        OutputShape = outputShape;
        Dims = dims;
        Strides = strides;
        Counts = counts;
        OutputLength = outputLength;
    }

    public int[] OutputShape { get; }
    public int OutputLength { get; }
    /// <summary>Element counts operand 0, 1 and 2 must have.</summary>
    public int Count(int operand) => Counts[operand];
    /// <summary>Merged output dimensions, outermost first (empty for a single element or an empty output).</summary>
    internal int[] Dims { get; }
    /// <summary>Per operand, the element stride of each merged dimension (0 where that operand is broadcast).</summary>
    internal int[][] Strides { get; }
    private int[] Counts { get; }

    /// <summary>The broadcast shape of three shapes, or null when they are incompatible.</summary>
    public static int[]? TryGetOutputShape(ReadOnlySpan<int> a, ReadOnlySpan<int> b, ReadOnlySpan<int> c)
    {
        var ab = BroadcastPlan.TryGetOutputShape(a, b);
        return ab is null ? null : BroadcastPlan.TryGetOutputShape(ab, c);
    }

    /// <summary>Plans the broadcast; throws when the shapes are incompatible or the output exceeds int32 elements.</summary>
    public static TernaryBroadcastPlan Create(ReadOnlySpan<int> a, ReadOnlySpan<int> b, ReadOnlySpan<int> c)
    {
        var output = TryGetOutputShape(a, b, c)
            ?? throw new ArgumentException($"shapes [{string.Join(",", a.ToArray())}], [{string.Join(",", b.ToArray())}] and [{string.Join(",", c.ToArray())}] cannot be broadcast");
        int rank = output.Length;
        long total = 1;
        foreach (int d in output) total = Math.Min(total, 1L << 32) * d;
        if (total > int.MaxValue) throw new ArgumentException($"broadcast output [{string.Join(",", output)}] has too many elements");
        var counts = new int[] { checked((int)Product(a)), checked((int)Product(b)), checked((int)Product(c)) };
        if (total == 0) return new TernaryBroadcastPlan(output, [], [[], [], []], counts, 0);

        // Category per axis: bit k set when operand k is broadcast (size 1) along a dimension the output has > 1.
        var dims = new List<int>(rank);
        var cats = new List<int>(rank);
        for (int i = 0; i < rank; i++)
        {
            int d = output[i];
            if (d == 1) continue;
            int cat = (Dim(a, rank, i) == 1 ? 1 : 0) | (Dim(b, rank, i) == 1 ? 2 : 0) | (Dim(c, rank, i) == 1 ? 4 : 0);
            if (cats.Count > 0 && cats[^1] == cat) dims[^1] *= d;
            else { dims.Add(d); cats.Add(cat); }
        }
        int r = dims.Count;
        var strides = new int[3][];
        for (int k = 0; k < 3; k++)
        {
            strides[k] = new int[r];
            int s = 1;
            for (int i = r - 1; i >= 0; i--)
            {
                bool broadcast = (cats[i] & (1 << k)) != 0;
                strides[k][i] = broadcast ? 0 : s;
                if (!broadcast) s *= dims[i];
            }
        }
        return new TernaryBroadcastPlan(output, dims.ToArray(), strides, counts, (int)total);
    }

    private static int Dim(ReadOnlySpan<int> shape, int rank, int i) => i < rank - shape.Length ? 1 : shape[i - (rank - shape.Length)];

    private static long Product(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int d in shape) n *= d;
        return n;
    }
}
