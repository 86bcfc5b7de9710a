using ManagedLite.Schema;

namespace ManagedLite.Ops.Variables;

/// <summary>ASSIGN_VARIABLE: the resource variable takes the value's type, shape and data (memory charged to the interpreter).</summary>
internal sealed class AssignVariableOp : IOpKernel
{
    public void Prepare(OpContext ctx)
    {
        if (ctx.InputCount != 2 || ctx.OutputCount != 0) throw ctx.Fail($"expected 2 inputs and no output, got {ctx.InputCount} and {ctx.OutputCount}");
        VariableOpHelpers.ExpectResource(ctx, ctx.Input(0), "input 0");
        var value = ctx.Input(1);
        if (value.DataType is TensorType.String or TensorType.Resource or TensorType.Variant)
            throw ctx.Fail($"value {Names.Quote(value.Name)} of type {TensorTypes.Name(value.DataType)} cannot be stored in a variable");
    }

    public void Eval(OpContext ctx)
    {
        var v = VariableOpHelpers.Find(ctx, ctx.Input(0));
        var value = ctx.Input(1);
        var bytes = value.RawBytes;
        if ((v.Data?.Length ?? 0) < bytes.Length)
        {
            var ledger = ctx.Interpreter!.Ledger;
            ledger.Reserve(bytes.Length - (v.Data?.Length ?? 0), $"resource variable assigned by node {ctx.NodeIndex}");
            v.Data = new byte[bytes.Length];
        }
        bytes.CopyTo(v.Data);
        v.Length = bytes.Length;
        v.Type = value.DataType;
        if (!v.Shape.AsSpan().SequenceEqual(value.Shape)) v.Shape = value.Shape.ToArray();
    }
}
