using ManagedLite.Execution;
using ManagedLite.Ops.ControlFlow;
using ManagedLite.Schema;

namespace ManagedLite.Ops.StableHlo;

/// <summary>
/// STABLEHLO_COMPOSITE (TFLite's stablehlo_composite.cc): runs the decomposition subgraph named by its options on the
/// node's inputs; the subgraph's outputs become the node's outputs. The composite's name, attributes and version
/// are informational (TFLite ignores them too). Outputs are planned statically from the subgraph's shapes after
/// its inputs take the node's shapes, and follow the subgraph when those change at run time.
/// </summary>
internal sealed class StableHloCompositeOp : IOpKernel
{
    private SubgraphExecutor? _body;
    private LiteTensor[] _args = [];

    public void Prepare(OpContext ctx)
    {
        var o = ctx.GetOptions<StableHLOCompositeOptions>();
        if (ctx.InputCount == 0) throw ctx.Fail("STABLEHLO_COMPOSITE needs at least one input");
        _body = SubgraphCall.Get(ctx, o.DecompositionSubgraphIndex, $"decomposition (of composite {ModelText.Quote(o.Name)})");
        _args = new LiteTensor[ctx.InputCount];
        for (int i = 0; i < _args.Length; i++) _args[i] = ctx.Input(i);
        SubgraphCall.ShapeInputs(ctx, _body, _args, "decomposition");
        if (_body.OutputTensors.Count != ctx.OutputCount)
            throw ctx.Fail($"decomposition subgraph {_body.SubgraphIndex} has {_body.OutputTensors.Count} outputs, the node {ctx.OutputCount}");
        for (int i = 0; i < ctx.OutputCount; i++)
        {
            if (_body.OutputTensors[i].DataType != ctx.Output(i).DataType)
                throw ctx.Fail($"decomposition subgraph output {i} is {TensorTypes.Name(_body.OutputTensors[i].DataType)}, node output {i} is {TensorTypes.Name(ctx.Output(i).DataType)}");
            ctx.ResizeOutput(i, _body.OutputTensors[i].Shape);
        }
    }

    public void Eval(OpContext ctx)
    {
        var body = _body ?? throw ctx.Fail("Eval before Prepare");
        if (!SubgraphCall.SameShapes(body.InputTensors, _args)) SubgraphCall.ShapeInputs(ctx, body, _args, "decomposition");
        SubgraphCall.CopyInputs(ctx, _args, body);
        body.Invoke(ctx.Interpreter!.Control);
        SubgraphCall.CopyOutputs(ctx, body);
    }
}
