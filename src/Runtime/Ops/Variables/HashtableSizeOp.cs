using ManagedLite.Schema;

namespace ManagedLite.Ops.Variables;

/// <summary>HASHTABLE_SIZE (TFLite's hashtable_size.cc): the number of entries of the handle's table, as an int64 tensor of shape [1].</summary>
internal sealed class HashtableSizeOp : IOpKernel
{
    public void Prepare(OpContext ctx)
    {
        if (ctx.InputCount != 1 || ctx.OutputCount != 1) throw ctx.Fail($"expected 1 input and 1 output, got {ctx.InputCount} and {ctx.OutputCount}");
        HashtableHelpers.ExpectHandle(ctx, ctx.Input(0));
        var output = ctx.Output(0);
        if (output.DataType != TensorType.Int64)
            throw ctx.Fail($"output {ModelText.Quote(output.Name)} must be int64, got {TensorTypes.Name(output.DataType)}");
        ctx.ResizeOutput(0, [1]);
    }

    public void Eval(OpContext ctx) => ctx.Output(0).GetWritableData<long>()[0] = HashtableHelpers.Find(ctx, ctx.Input(0)).Count;
}
