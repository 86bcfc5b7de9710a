using ManagedLite.Schema;
using ManagedLite.Execution;

namespace ManagedLite.Ops.ControlFlow;

/// <summary>
/// What control-flow kernels share: finding the executor of a called subgraph, shaping its inputs like the
/// caller's tensors, and copying values across the call boundary.
/// </summary>
internal static class SubgraphCall
{
    public static SubgraphExecutor Get(OpContext ctx, int index, string role)
    {
        var owner = ctx.Interpreter ?? throw ctx.Fail("control flow needs an interpreter");
        int count = owner.Model.Definition.SubGraphs.Count;
        if ((uint)index >= (uint)count)
            throw ctx.Fail($"{role} subgraph index {index} is out of range [0, {count})");
        if (index == ctx.SubgraphIndex)
            throw ctx.Fail($"{role} subgraph {index} is the calling subgraph");
        return owner.GetExecutor(index);
    }

    /// <summary>Checks counts and types, then gives the callee's inputs the shapes of <paramref name="sources"/>.</summary>
    public static void ShapeInputs(OpContext ctx, SubgraphExecutor callee, IReadOnlyList<LiteTensor> sources, string role)
    {
        var inputs = callee.InputTensors;
        if (inputs.Count != sources.Count)
            throw ctx.Fail($"{role} subgraph {callee.SubgraphIndex} has {inputs.Count} inputs, expected {sources.Count}");
        for (int i = 0; i < sources.Count; i++)
        {
            if (inputs[i].DataType != sources[i].DataType)
                throw ctx.Fail($"{role} subgraph {callee.SubgraphIndex} input {i} {ModelText.Quote(inputs[i].Name)} is {TensorTypes.Name(inputs[i].DataType)}, the caller passes {TensorTypes.Name(sources[i].DataType)}");
            if (!inputs[i].Shape.SequenceEqual(sources[i].Shape)) callee.ResizeInput(i, sources[i].Shape, strict: false);
        }
        if (!callee.IsAllocated) callee.Allocate();
    }

    public static void CopyInputs(OpContext ctx, IReadOnlyList<LiteTensor> sources, SubgraphExecutor callee)
    {
        var inputs = callee.InputTensors;
        for (int i = 0; i < sources.Count; i++)
        {
            if (sources[i].DataType == TensorType.String) Strings.StringTensors.CopyToInput(ctx, sources[i], inputs[i]);
            else sources[i].RawBytes.CopyTo(inputs[i].WritableBytes);
        }
    }

    /// <summary>Copies the callee's outputs into the node's outputs from <paramref name="first"/> on, resizing dynamic ones.</summary>
    public static void CopyOutputs(OpContext ctx, SubgraphExecutor callee, int first = 0)
    {
        var outputs = callee.OutputTensors;
        for (int i = 0; i < outputs.Count; i++)
        {
            var dst = ctx.Output(first + i);
            if (dst.DataType == TensorType.String)
            {
                Strings.StringTensors.CopyToOutput(ctx, first + i, outputs[i]);
                continue;
            }
            if (!dst.Shape.SequenceEqual(outputs[i].Shape)) ctx.ResizeOutput(first + i, outputs[i].Shape);
            outputs[i].RawBytes.CopyTo(dst.WritableBytes);
        }
    }

    public static bool SameShapes(IReadOnlyList<LiteTensor> a, IReadOnlyList<LiteTensor> b)
    {
        if (a.Count != b.Count) return false;
        for (int i = 0; i < a.Count; i++)
            if (!a[i].Shape.SequenceEqual(b[i].Shape)) return false;
        return true;
    }
}
