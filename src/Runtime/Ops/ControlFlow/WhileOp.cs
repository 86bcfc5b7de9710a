using ManagedLite.Execution;
using ManagedLite.Schema;

namespace ManagedLite.Ops.ControlFlow;

/// <summary>
/// WHILE: loop variables (inputs i = outputs i) run through the body subgraph while the cond subgraph's single
/// bool output is true. When the body keeps every shape, the outputs are planned in the arena; when it changes one,
/// the outputs are dynamic and the body is prepared again whenever the shapes change. Stopped by Cancel/Dispose
/// and charged to the compute budget per iteration.
/// </summary>
internal sealed class WhileOp : IOpKernel
{
    private SubgraphExecutor? _cond, _body;
    private bool _dynamic;
    private LiteTensor[] _inputs = [];
    private LiteTensor[] _outputs = [];

    public void Prepare(OpContext ctx)
    {
        var o = ctx.GetOptions<WhileOptions>();
        _cond = SubgraphCall.Get(ctx, o.CondSubgraphIndex, "cond");
        _body = SubgraphCall.Get(ctx, o.BodySubgraphIndex, "body");
        int n = ctx.InputCount;
        if (ctx.OutputCount != n) throw ctx.Fail($"WHILE has {n} inputs and {ctx.OutputCount} outputs; they must match");
        _inputs = new LiteTensor[n];
        _outputs = new LiteTensor[n];
        for (int i = 0; i < n; i++)
        {
            _inputs[i] = ctx.Input(i);
            _outputs[i] = ctx.Output(i);
            if (_outputs[i].DataType != _inputs[i].DataType)
                throw ctx.Fail($"output {i} {ModelText.Quote(_outputs[i].Name)} is {TensorTypes.Name(_outputs[i].DataType)}, input {i} is {TensorTypes.Name(_inputs[i].DataType)}");
        }
        SubgraphCall.ShapeInputs(ctx, _cond, _inputs, "cond");
        if (_cond.OutputTensors.Count != 1 || _cond.OutputTensors[0].DataType != TensorType.Bool || _cond.OutputTensors[0].ElementCount != 1)
            throw ctx.Fail($"cond subgraph {_cond.SubgraphIndex} must have one bool output of one element");
        SubgraphCall.ShapeInputs(ctx, _body, _inputs, "body");
        if (_body.OutputTensors.Count != n)
            throw ctx.Fail($"body subgraph {_body.SubgraphIndex} has {_body.OutputTensors.Count} outputs, expected {n}");
        for (int i = 0; i < n; i++)
            if (_body.OutputTensors[i].DataType != _inputs[i].DataType)
                throw ctx.Fail($"body output {i} is {TensorTypes.Name(_body.OutputTensors[i].DataType)}, loop variable {i} is {TensorTypes.Name(_inputs[i].DataType)}");
        _dynamic = !SubgraphCall.SameShapes(_body.OutputTensors, _inputs);
        for (int i = 0; i < n; i++)
        {
            if (_dynamic) ctx.MarkOutputDynamic(i);
            else ctx.ResizeOutput(i, _inputs[i].Shape);
        }
    }

    public void Eval(OpContext ctx)
    {
        var cond = _cond!;
        var body = _body!;
        var control = ctx.Interpreter!.Control;
        for (int i = 0; i < _inputs.Length; i++)
        {
            if (_inputs[i].DataType == TensorType.String)
            {
                Strings.StringTensors.CopyToOutput(ctx, i, _inputs[i]);
                continue;
            }
            if (_dynamic) ctx.ResizeOutput(i, _inputs[i].Shape);
            _inputs[i].RawBytes.CopyTo(_outputs[i].WritableBytes);
        }
        while (true)
        {
            control.ThrowIfStopped();
            if (!SubgraphCall.SameShapes(cond.InputTensors, _outputs)) SubgraphCall.ShapeInputs(ctx, cond, _outputs, "cond");
            SubgraphCall.CopyInputs(ctx, _outputs, cond);
            cond.Invoke(control);
            if (cond.OutputTensors[0].RawBytes[0] == 0) break;
            if (!SubgraphCall.SameShapes(body.InputTensors, _outputs)) SubgraphCall.ShapeInputs(ctx, body, _outputs, "body");
            SubgraphCall.CopyInputs(ctx, _outputs, body);
            body.Invoke(control);
            SubgraphCall.CopyOutputs(ctx, body);
        }
    }
}
