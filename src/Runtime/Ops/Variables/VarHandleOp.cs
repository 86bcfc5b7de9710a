using System.Runtime.InteropServices;
using ManagedLite.Schema;

namespace ManagedLite.Ops.Variables;

/// <summary>VAR_HANDLE: the resource id of the variable named (container, shared_name); subgraphs naming it share it.</summary>
internal sealed class VarHandleOp : IOpKernel
{
    private string _container = "", _name = "";

    public void Prepare(OpContext ctx)
    {
        if (ctx.InputCount != 0 || ctx.OutputCount != 1) throw ctx.Fail($"expected 0 inputs and 1 output, got {ctx.InputCount} and {ctx.OutputCount}");
        VariableOpHelpers.ExpectResource(ctx, ctx.Output(0), "output");
        var o = ctx.GetOptions<VarHandleOptions>();
        (_container, _name) = (o.Container, o.SharedName);
        ctx.ResizeOutput(0, []);
    }

    public void Eval(OpContext ctx)
    {
        int id = ctx.Interpreter!.Resources.GetOrCreate(_container, _name);
        MemoryMarshal.Write(ctx.Output(0).WritableBytes, in id);
    }
}
