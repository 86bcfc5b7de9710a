using ManagedLite.Schema;
using static ManagedLite.Ops.IndexReduceChecks;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Random;

/// <summary>
/// MULTINOMIAL (TFLite's random_ops.cc): float32 logits [batch, classes] (classes &gt; 0) and an int32 scalar number of
/// samples (&gt;= 0); output int32 or int64 [batch, samples] of class indices drawn from softmax(logits), non-finite logits
/// having probability 0. Stateful like the other random operators.
/// </summary>
internal sealed class MultinomialOp : IOpKernel, IStatefulKernel
{
    private Ref.Philox _rng;
    private RandomOptions _o = new();
    private bool _dynamic;

    public void Prepare(OpContext ctx)
    {
        ExpectCounts(ctx, 2, 1);
        var logits = ctx.Input(0);
        var samples = ctx.Input(1);
        ExpectType(ctx, logits, "logits", TensorType.Float32);
        ExpectType(ctx, samples, "num_samples", TensorType.Int32);
        ExpectType(ctx, ctx.Output(0), "output", TensorType.Int32, TensorType.Int64);
        if (logits.Rank != 2) throw ctx.Fail($"logits {Describe(logits)} must have rank 2 [batch, classes]");
        if (logits.Dim(1) < 1) throw ctx.Fail($"logits {Describe(logits)} must have at least one class");
        if (samples.Rank != 0) throw ctx.Fail($"num_samples {Describe(samples)} must be a scalar");
        _o = ctx.GetOptions<RandomOptions>();
        _rng = RandomSeeds.Create(_o);
        _dynamic = ctx.InPrepare && !samples.IsKnownAtPrepare;
        if (_dynamic) ctx.MarkOutputDynamic(0);
        else Resize(ctx);
    }

    private static void Resize(OpContext ctx)
    {
        int n = ctx.Input(1).GetData<int>()[0];
        if (n < 0) throw ctx.Fail($"num_samples {n} must be >= 0");
        int[] shape = [ctx.Input(0).Dim(0), n];
        CheckedProduct(ctx, shape, 0, 2, "the output size");
        ctx.ResizeOutput(0, shape);
    }

    public void Eval(OpContext ctx)
    {
        if (_dynamic) Resize(ctx);
        var logits = ctx.Input(0);
        var output = ctx.Output(0);
        int batch = logits.Dim(0), classes = logits.Dim(1), n = output.Dim(1);
        if (output.DataType == TensorType.Int32) Ref.RandomOps.Multinomial(ref _rng, logits.GetData<float>(), batch, classes, n, output.GetWritableData<int>());
        else Ref.RandomOps.Multinomial(ref _rng, logits.GetData<float>(), batch, classes, n, output.GetWritableData<long>());
    }

    public void ResetState() => _rng = RandomSeeds.Create(_o);

    /// <summary>Batch x samples x log2(classes) for the searches, plus the CDFs.</summary>
    public static long Work(OpContext ctx)
    {
        var output = ctx.Output(0);
        long classes = ctx.Input(0).Rank == 2 ? ctx.Input(0).Dim(1) : 1;
        return OpWork.Add(OpWork.Mul(output.ElementCount, 1 + (long)Math.Log2(Math.Max(2, classes))), ctx.Input(0).ElementCount);
    }
}
