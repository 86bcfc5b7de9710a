using ManagedLite.Schema;

namespace ManagedLite.Ops;

/// <summary>Preparation checks shared by the indexing, segment, sorting and reduction operators (Ops/Indexing, Ops/Reduction).</summary>
internal static class IndexReduceChecks
{
    public static string ShapeText(ReadOnlySpan<int> shape) => "[" + string.Join(",", shape.ToArray()) + "]";

    public static string Describe(LiteTensor t) => $"{ModelText.Quote(t.Name)} ({TensorTypes.Name(t.DataType)}{ShapeText(t.Shape)})";

    public static void ExpectCounts(OpContext ctx, int inputs, int outputs)
    {
        if (ctx.InputCount != inputs || ctx.OutputCount != outputs)
            throw ctx.Fail($"expected {inputs} input(s) and {outputs} output(s), got {ctx.InputCount} and {ctx.OutputCount}");
    }

    /// <summary>Throws unless <paramref name="t"/> has one of <paramref name="allowed"/> as its element type.</summary>
    public static void ExpectType(OpContext ctx, LiteTensor t, string role, params TensorType[] allowed)
    {
        if (Array.IndexOf(allowed, t.DataType) >= 0) return;
        throw ctx.Fail($"{role} {ModelText.Quote(t.Name)} is {TensorTypes.Name(t.DataType)}; {ctx.OperatorName} accepts {string.Join(", ", allowed.Select(TensorTypes.Name))}");
    }

    public static void ExpectSameType(OpContext ctx, LiteTensor expected, LiteTensor actual, string role)
    {
        if (actual.DataType != expected.DataType)
            throw ctx.Fail($"{role} {ModelText.Quote(actual.Name)} must be {TensorTypes.Name(expected.DataType)} like {ModelText.Quote(expected.Name)}, got {TensorTypes.Name(actual.DataType)}");
    }

    /// <summary>Per-tensor (scale, zero point), (0, 0) when the tensor has no quantization (TFLite's params).</summary>
    public static (float Scale, int ZeroPoint) ParamsOrZero(LiteTensor t)
    {
        var q = t.Quantization;
        return q is null || q.Scales.Count == 0 ? (0f, 0) : (q.Scale, q.ZeroPoint);
    }

    public static bool IsQuantized(LiteTensor t) => t.Quantization is { Scales.Count: > 0 };

    /// <summary>The single value of an int32 or int64 (or int16) tensor of one element, as a long.</summary>
    public static long ReadScalar(OpContext ctx, LiteTensor t, string role)
    {
        if (t.ElementCount != 1)
            throw ctx.Fail($"{role} {Describe(t)} must hold exactly one value");
        return t.DataType switch
        {
            TensorType.Int32 => t.GetData<int>()[0],
            TensorType.Int64 => t.GetData<long>()[0],
            TensorType.Int16 => t.GetData<short>()[0],
            _ => throw ctx.Fail($"{role} {Describe(t)} must be an integer tensor"),
        };
    }

    /// <summary>Axis in [-rank, rank) made non-negative.</summary>
    public static int NormalizeAxis(OpContext ctx, long axis, int rank, string role)
    {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank)
            throw ctx.Fail($"{role} {axis} is out of range for rank {rank} (expected [{-rank}, {rank - 1}])");
        return (int)a;
    }

    public static long Product(ReadOnlySpan<int> shape, int from, int to)
    {
        long p = 1;
        for (int i = from; i < to; i++) p *= shape[i];
        return p;
    }

    /// <summary>Throws unless the rank of <paramref name="t"/> is in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static void ExpectRank(OpContext ctx, LiteTensor t, string role, int min, int max = int.MaxValue)
    {
        if (t.Rank >= min && t.Rank <= max) return;
        string want = max == int.MaxValue ? $"at least {min}" : min == max ? $"{min}" : $"{min} to {max}";
        throw ctx.Fail($"{role} {Describe(t)} must have rank {want}");
    }

    /// <summary>Values of an int32 or int64 shape-like tensor as dimensions (each in [0, int.MaxValue]); allocates.</summary>
    public static int[] ReadDims(OpContext ctx, LiteTensor t, string role)
    {
        int n = checked((int)t.ElementCount);
        var dims = new int[n];
        for (int i = 0; i < n; i++)
        {
            long v = t.DataType == TensorType.Int64 ? t.GetData<long>()[i] : t.GetData<int>()[i];
            if (v < 0 || v > int.MaxValue)
                throw ctx.Fail($"{role} {Describe(t)} value {v} at {i} is not a valid dimension");
            dims[i] = (int)v;
        }
        return dims;
    }

    /// <summary>The product of the dims [from, to) as an int; throws naming <paramref name="what"/> when it overflows.</summary>
    public static int CheckedProduct(OpContext ctx, ReadOnlySpan<int> shape, int from, int to, string what)
    {
        long p = 1;
        for (int i = from; i < to; i++)
        {
            p *= shape[i];
            if (p > int.MaxValue) throw ctx.Fail($"{what} of {ShapeText(shape)} overflows int32");
        }
        return (int)p;
    }
}
