using ManagedLite.Schema;
using static ManagedLite.Ops.IndexReduceChecks;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Random;

/// <summary>
/// RANDOM_UNIFORM and RANDOM_STANDARD_NORMAL (TFLite's random_ops.cc): input an int32 shape vector, output float32 of
/// that shape (dynamic when the shape is not known at Prepare). The Philox generator is set up from the seeds in
/// Prepare (as TFLite does) and advances across invokes; <see cref="IStatefulKernel.ResetState"/> starts it over.
/// </summary>
internal sealed class RandomOp(bool normal) : IOpKernel, IStatefulKernel
{
    private Ref.Philox _rng;
    private RandomOptions _o = new();
    private bool _dynamic;

    public void Prepare(OpContext ctx)
    {
        ExpectCounts(ctx, 1, 1);
        var shape = ctx.Input(0);
        ExpectType(ctx, shape, "shape", TensorType.Int32);
        if (shape.Rank != 1) throw ctx.Fail($"shape {Describe(shape)} must be a vector");
        var output = ctx.Output(0);
        if (output.DataType != TensorType.Float32)
            throw ctx.Fail($"output {Describe(output)}: only float32 outputs are supported (as in TFLite)");
        _o = ctx.GetOptions<RandomOptions>();
        _rng = RandomSeeds.Create(_o);
        _dynamic = ctx.InPrepare && !shape.IsKnownAtPrepare;
        if (_dynamic) ctx.MarkOutputDynamic(0);
        else Resize(ctx);
    }

    private static void Resize(OpContext ctx)
    {
        var shape = ctx.Input(0);
        var dims = shape.GetData<int>().ToArray();
        foreach (int d in dims)
            if (d < 0) throw ctx.Fail($"shape {Describe(shape)} [{string.Join(",", dims)}] has a negative dimension");
        CheckedProduct(ctx, dims, 0, dims.Length, "the output size");
        ctx.ResizeOutput(0, dims);
    }

    public void Eval(OpContext ctx)
    {
        if (_dynamic) Resize(ctx);
        var output = ctx.Output(0).GetWritableData<float>();
        if (normal) Ref.RandomOps.StandardNormal(ref _rng, output);
        else Ref.RandomOps.Uniform(ref _rng, output);
    }

    public void ResetState() => _rng = RandomSeeds.Create(_o);
}
