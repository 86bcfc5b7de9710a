using ManagedLite.Schema;
using static ManagedLite.Ops.IndexReduceChecks;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Indexing;

/// <summary>
/// LSH_PROJECTION (TFLite's lsh_projection.cc): hash seeds float32 [num_hash, num_bits &lt;= 32], input [rows, ...] of
/// any fixed-size type or string (hashed as raw bytes per row; a string tensor's whole buffer, layout included), optional weight float32 [rows] -> int32 [num_hash] (SPARSE) or
/// [num_hash x num_bits] (DENSE) locality-sensitive hash bits (LSHProjectionOptions.type).
/// </summary>
internal sealed class LshProjectionOp : IOpKernel
{
    private bool _sparse;
    private int _key;

    public void Prepare(OpContext ctx)
    {
        if (ctx.InputCount is not (2 or 3) || ctx.OutputCount != 1)
            throw ctx.Fail($"expected 2 or 3 inputs (hash, input, weight) and 1 output, got {ctx.InputCount} and {ctx.OutputCount}");
        var hash = ctx.Input(0);
        var input = ctx.Input(1);
        ExpectType(ctx, hash, "hash", TensorType.Float32);
        if (hash.Rank != 2 || hash.Dim(1) > 32) throw ctx.Fail($"hash {Describe(hash)} must have shape [num_hash, num_bits <= 32]");
        bool strings = input.DataType == TensorType.String;
        if (!strings) ExpectType(ctx, input, "input", HashtableLookupOp.ValueTypes);
        if (input.Rank < 1 || input.Dim(0) < 1) throw ctx.Fail($"input {Describe(input)} must have rank >= 1 and at least one row");
        if (ctx.InputCount == 3 && ctx.OptionalInput(2) is { } weight)
        {
            ExpectType(ctx, weight, "weight", TensorType.Float32);
            if (weight.Rank != 1 || weight.Dim(0) != input.Dim(0))
                throw ctx.Fail($"weight {Describe(weight)} must have shape [{input.Dim(0)}] (one per row of {Describe(input)})");
        }
        ExpectType(ctx, ctx.Output(0), "output", TensorType.Int32);
        var type = ctx.GetOptions<LSHProjectionOptions>().Type;
        _sparse = type switch
        {
            LSHProjectionType.Sparse => true,
            LSHProjectionType.Dense => false,
            _ => throw ctx.Fail($"LSHProjectionOptions.type is {type}; expected SPARSE or DENSE"),
        };
        ctx.ResizeOutput(0, [_sparse ? hash.Dim(0) : checked(hash.Dim(0) * hash.Dim(1))]);
        // A string input is hashed as TFLite does: its whole buffer (count, offsets and bytes) split into equal rows.
        // Its data is there in Prepare: a constant, or a dynamic tensor (the node is then prepared when it runs).
        long rowBytes = strings ? input.RawBytes.Length / input.Dim(0) : input.ElementCount / input.Dim(0) * TensorTypes.ElementSize(input.DataType);
        _key = ctx.RequestScratch(checked((int)(4 + rowBytes)));
    }

    public void Eval(OpContext ctx)
    {
        var hash = ctx.Input(0);
        var input = ctx.Input(1);
        var weight = ctx.OptionalInput(2) is { } w ? w.GetData<float>() : default;
        Ref.LshProjection.Run(hash.GetData<float>(), hash.Dim(0), hash.Dim(1), input.RawBytes, input.Dim(0), weight, _sparse,
            ctx.Output(0).GetWritableData<int>(), ctx.GetScratch(_key));
    }

    /// <summary>Work: one fingerprint of the row bytes per seed and row.</summary>
    public static long EstimateWork(OpContext ctx)
    {
        var hash = ctx.Input(0);
        var input = ctx.Input(1);
        long seeds = hash.ElementCount;
        long bytes = input.ElementCount * Math.Max(1, TensorTypes.ElementSize(input.DataType)) + 4L * input.Dim(0);
        return OpWork.Add(OpWork.Mul(seeds, bytes), OpWork.Linear(ctx));
    }
}
