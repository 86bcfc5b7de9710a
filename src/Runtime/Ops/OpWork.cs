using ManagedLite.Schema;

namespace ManagedLite.Ops;

/// <summary>
/// Work estimates (multiply-adds, or element operations) of operator families whose cost is not linear in
/// their tensors, read from the shapes Prepare set. Used through <see cref="OpTraits.EstimateWork"/>.
/// </summary>
internal static class OpWork
{
    /// <summary>
    /// Work charged for running any node and for each subgraph invocation, in multiply-add units. Dispatching a node
    /// (and a WHILE iteration's copies) takes about a microsecond, the time of some 25,000 multiply-adds in the GEMM
    /// kernels, so a loop of tiny nodes reaches MaxMacsPerInvoke in about the time a big convolution would (measured:
    /// a WHILE of one TANH on [1,4] runs ~3 us an iteration, charged 75,000). A 1,000-node model adds 2.5e7.
    /// </summary>
    public const long NodeOverhead = 25_000;

    /// <summary>Elements of every input and output: the default for work linear in the data.</summary>
    public static long Linear(OpContext ctx)
    {
        long total = 0;
        for (int i = 0; i < ctx.InputCount; i++)
            if (ctx.OptionalInput(i) is { } t) total = Add(total, t.ElementCount);
        for (int i = 0; i < ctx.OutputCount; i++) total = Add(total, ctx.Output(i).ElementCount);
        return total;
    }

    /// <summary>
    /// Convolutions and fully-connected layers with weights as input 1: output elements x weight elements per
    /// output channel (exact for CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED; an upper bound for transposed ones).
    /// </summary>
    public static long Weighted(OpContext ctx)
    {
        if (ctx.OutputCount == 0) return 0;
        var weights = ctx.OptionalInput(1);
        var output = ctx.Output(0);
        if (weights is null || output.Rank == 0) return Linear(ctx);
        long outChannels = Math.Max(1, output.Dim(output.Rank - 1));
        return Add(Mul(output.ElementCount, weights.ElementCount / outChannels), Linear(ctx));
    }

    /// <summary>Pooling: output elements x the in-bounds part of the window (the filter clipped to the input).</summary>
    public static long Pool(OpContext ctx)
    {
        var o = ctx.GetOptions<Pool2DOptions>();
        var input = ctx.Input(0);
        if (input.Rank != 4) return Linear(ctx);
        long window = Mul(Math.Min(Math.Max(o.FilterHeight, 1), Math.Max(input.Dim(1), 1)),
                          Math.Min(Math.Max(o.FilterWidth, 1), Math.Max(input.Dim(2), 1)));
        return Add(Mul(ctx.Output(0).ElementCount, window), Linear(ctx));
    }

    /// <summary>BATCH_MATMUL: output elements x the contracted dimension of the left operand.</summary>
    public static long BatchMatMul(OpContext ctx)
    {
        var lhs = ctx.Input(0);
        if (lhs.Rank < 2) return Linear(ctx);
        var o = ctx.GetOptions<BatchMatMulOptions>();
        long depth = o.AdjX ? lhs.Dim(lhs.Rank - 2) : lhs.Dim(lhs.Rank - 1);
        return Add(Mul(ctx.Output(0).ElementCount, depth), Linear(ctx));
    }

    /// <summary>Sorting one input of n elements (UNIQUE): n x log2(n) comparisons.</summary>
    public static long SortLinearithmic(OpContext ctx)
    {
        long n = ctx.Input(0).ElementCount;
        return Add(Mul(n, 1 + (long)Math.Log2(Math.Max(2, n))), Linear(ctx));
    }

    /// <summary>BUCKETIZE: a binary search over the boundaries per element.</summary>
    public static long Bucketize(OpContext ctx)
    {
        long boundaries = ctx.GetOptions<BucketizeOptions>().Boundaries.Length;
        return Add(Mul(ctx.Input(0).ElementCount, 1 + (long)Math.Log2(Math.Max(2, boundaries))), Linear(ctx));
    }

    public static long Add(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    public static long Mul(long a, long b) => a != 0 && b > long.MaxValue / a ? long.MaxValue : a * b;
}
