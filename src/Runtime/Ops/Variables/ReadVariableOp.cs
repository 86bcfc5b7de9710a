using ManagedLite.Schema;

namespace ManagedLite.Ops.Variables;

/// <summary>
/// READ_VARIABLE: copies a resource variable's value into the output. An output the model declares with a fixed
/// shape is planned in the arena (the variable must then have that shape when read); otherwise it is dynamic.
/// </summary>
internal sealed class ReadVariableOp : IOpKernel
{
    private bool _dynamic;

    public void Prepare(OpContext ctx)
    {
        if (ctx.InputCount != 1 || ctx.OutputCount != 1) throw ctx.Fail($"expected 1 input and 1 output, got {ctx.InputCount} and {ctx.OutputCount}");
        VariableOpHelpers.ExpectResource(ctx, ctx.Input(0), "input");
        var output = ctx.Output(0);
        bool fixedShape = output.ShapeSignatureArray is null || output.ShapeSignatureArray.All(d => d >= 0);
        _dynamic = !fixedShape || output.DataType == TensorType.String;
        if (_dynamic) ctx.MarkOutputDynamic(0);
    }

    public void Eval(OpContext ctx)
    {
        var v = VariableOpHelpers.Find(ctx, ctx.Input(0));
        var output = ctx.Output(0);
        if (v.Data is null)
            throw ctx.Fail($"variable of {Names.Quote(ctx.Input(0).Name)} is read before any ASSIGN_VARIABLE gave it a value");
        if (v.Type != output.DataType)
            throw ctx.Fail($"variable holds {TensorTypes.Name(v.Type)}, output {Names.Quote(output.Name)} is {TensorTypes.Name(output.DataType)}");
        if (_dynamic) ctx.ResizeOutput(0, v.Shape);
        else if (!output.Shape.SequenceEqual(v.Shape))
            throw ctx.Fail($"variable holds shape [{string.Join(",", v.Shape)}], output {Names.Quote(output.Name)} is declared [{string.Join(",", output.Shape.ToArray())}]");
        v.Data.AsSpan(0, v.Length).CopyTo(output.WritableBytes);
    }
}
