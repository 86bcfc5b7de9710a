using ManagedLite.Execution;
using ManagedLite.Schema;

namespace ManagedLite.Ops.ControlFlow;

/// <summary>
/// CALL_ONCE: runs its init subgraph (no inputs, no outputs; typically ASSIGN_VARIABLE of initial values) the first
/// time the node runs in this interpreter, and again after <see cref="Interpreter.ResetVariableTensors"/>.
/// </summary>
internal sealed class CallOnceOp : IOpKernel
{
    private SubgraphExecutor? _init;

    public void Prepare(OpContext ctx)
    {
        var o = ctx.GetOptions<CallOnceOptions>();
        _init = SubgraphCall.Get(ctx, o.InitSubgraphIndex, "init");
        if (_init.InputTensors.Count != 0 || _init.OutputTensors.Count != 0)
            throw ctx.Fail($"init subgraph {_init.SubgraphIndex} must have no inputs and no outputs (it has {_init.InputTensors.Count} and {_init.OutputTensors.Count})");
        if (!_init.IsAllocated) _init.Allocate();
    }

    public void Eval(OpContext ctx)
    {
        var resources = ctx.Interpreter!.Resources;
        if (resources.HasBeenCalled(ctx.SubgraphIndex, ctx.NodeIndex)) return;
        _init!.Invoke(ctx.Interpreter.Control);
        resources.MarkCalled(ctx.SubgraphIndex, ctx.NodeIndex);
    }
}
