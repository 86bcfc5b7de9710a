using ManagedLite.Execution;
using ManagedLite.Ops.ControlFlow;
using ManagedLite.Schema;

namespace ManagedLite.Ops.StableHlo;

/// <summary>
/// STABLEHLO_CASE (TFLite's stablehlo_case.cc): input 0 is a one-element int32 branch index, inputs 1.. are passed
/// to the branch subgraph it selects from <c>branch_subgraph_indices</c>; an index outside [0, branches) selects the
/// last branch, as TFLite (and StableHLO's case) do. Every branch must take the node's inputs and give outputs of
/// the node's types. Outputs are planned statically when all branches give the same shapes, else dynamic.
/// </summary>
internal sealed class StableHloCaseOp : IOpKernel
{
    private SubgraphExecutor[] _branches = [];
    private LiteTensor[] _args = [];

    public void Prepare(OpContext ctx)
    {
        var o = ctx.GetOptions<StablehloCaseOptions>();
        if (o.BranchSubgraphIndices.Length == 0) throw ctx.Fail("STABLEHLO_CASE has no branch subgraphs (branch_subgraph_indices is empty)");
        if (ctx.InputCount == 0) throw ctx.Fail("STABLEHLO_CASE needs the branch index as input 0");
        var index = ctx.Input(0);
        if (index.DataType != TensorType.Int32 || index.ElementCount != 1)
            throw ctx.Fail($"branch index {ModelText.Quote(index.Name)} must be an int32 tensor of one element, got {TensorTypes.Name(index.DataType)} [{string.Join(",", index.Shape.ToArray())}]");
        _args = new LiteTensor[ctx.InputCount - 1];
        for (int i = 0; i < _args.Length; i++) _args[i] = ctx.Input(i + 1);
        _branches = new SubgraphExecutor[o.BranchSubgraphIndices.Length];
        for (int b = 0; b < _branches.Length; b++)
        {
            string role = $"branch {b}";
            var branch = _branches[b] = SubgraphCall.Get(ctx, o.BranchSubgraphIndices[b], role);
            SubgraphCall.ShapeInputs(ctx, branch, _args, role);
            if (branch.OutputTensors.Count != ctx.OutputCount)
                throw ctx.Fail($"{role} subgraph {branch.SubgraphIndex} has {branch.OutputTensors.Count} outputs, the node {ctx.OutputCount}");
            for (int i = 0; i < ctx.OutputCount; i++)
                if (branch.OutputTensors[i].DataType != ctx.Output(i).DataType)
                    throw ctx.Fail($"{role} subgraph output {i} is {TensorTypes.Name(branch.OutputTensors[i].DataType)}, node output {i} is {TensorTypes.Name(ctx.Output(i).DataType)}");
        }
        bool same = true;
        for (int b = 1; b < _branches.Length && same; b++) same = SubgraphCall.SameShapes(_branches[0].OutputTensors, _branches[b].OutputTensors);
        for (int i = 0; i < ctx.OutputCount; i++)
        {
            if (same) ctx.ResizeOutput(i, _branches[0].OutputTensors[i].Shape);
            else ctx.MarkOutputDynamic(i);
        }
    }

    public void Eval(OpContext ctx)
    {
        if (_branches.Length == 0) throw ctx.Fail("Eval before Prepare");
        int index = ctx.Input(0).GetData<int>()[0];
        if (index < 0 || index >= _branches.Length) index = _branches.Length - 1;
        var branch = _branches[index];
        if (!SubgraphCall.SameShapes(branch.InputTensors, _args)) SubgraphCall.ShapeInputs(ctx, branch, _args, "branch");
        SubgraphCall.CopyInputs(ctx, _args, branch);
        branch.Invoke(ctx.Interpreter!.Control);
        SubgraphCall.CopyOutputs(ctx, branch);
    }
}
