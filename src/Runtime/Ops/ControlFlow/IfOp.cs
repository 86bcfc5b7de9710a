using ManagedLite.Execution;
using ManagedLite.Schema;

namespace ManagedLite.Ops.ControlFlow;

/// <summary>
/// IF: input 0 is a one-element bool condition; inputs 1.. are passed to the then or else subgraph, whose outputs
/// become the node's outputs. Outputs are planned statically when both branches give the same shapes, else dynamic.
/// </summary>
internal sealed class IfOp : IOpKernel
{
    private SubgraphExecutor? _then, _else;
    private LiteTensor[] _args = [];

    public void Prepare(OpContext ctx)
    {
        var o = ctx.GetOptions<IfOptions>();
        var cond = ctx.Input(0);
        if (cond.DataType != TensorType.Bool || cond.ElementCount != 1)
            throw ctx.Fail($"condition {ModelText.Quote(cond.Name)} must be a bool tensor of one element, got {TensorTypes.Name(cond.DataType)} [{string.Join(",", cond.Shape.ToArray())}]");
        _then = SubgraphCall.Get(ctx, o.ThenSubgraphIndex, "then");
        _else = SubgraphCall.Get(ctx, o.ElseSubgraphIndex, "else");
        _args = new LiteTensor[ctx.InputCount - 1];
        for (int i = 0; i < _args.Length; i++) _args[i] = ctx.Input(i + 1);
        foreach (var (branch, role) in new[] { (_then, "then"), (_else, "else") })
        {
            SubgraphCall.ShapeInputs(ctx, branch, _args, role);
            if (branch.OutputTensors.Count != ctx.OutputCount)
                throw ctx.Fail($"{role} subgraph {branch.SubgraphIndex} has {branch.OutputTensors.Count} outputs, the node {ctx.OutputCount}");
            for (int i = 0; i < ctx.OutputCount; i++)
                if (branch.OutputTensors[i].DataType != ctx.Output(i).DataType)
                    throw ctx.Fail($"{role} subgraph output {i} is {TensorTypes.Name(branch.OutputTensors[i].DataType)}, node output {i} is {TensorTypes.Name(ctx.Output(i).DataType)}");
        }
        bool same = SubgraphCall.SameShapes(_then.OutputTensors, _else.OutputTensors);
        for (int i = 0; i < ctx.OutputCount; i++)
        {
            if (same) ctx.ResizeOutput(i, _then.OutputTensors[i].Shape);
            else ctx.MarkOutputDynamic(i);
        }
    }

    public void Eval(OpContext ctx)
    {
        var branch = ctx.Input(0).RawBytes[0] != 0 ? _then! : _else!;
        if (!SubgraphCall.SameShapes(branch.InputTensors, _args)) SubgraphCall.ShapeInputs(ctx, branch, _args, "branch");
        SubgraphCall.CopyInputs(ctx, _args, branch);
        branch.Invoke(ctx.Interpreter!.Control);
        SubgraphCall.CopyOutputs(ctx, branch);
    }
}
