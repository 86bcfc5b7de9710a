using ManagedLite.Execution;
using ManagedLite.Schema;

namespace ManagedLite.Passes;

/// <summary>
/// "fuse-activation": a standalone activation node (traits <see cref="OpTraits.ActsAsActivation"/>) on float32 data is
/// folded into the node that produces its input when that node's traits have
/// <see cref="OpTraits.AcceptsFusedActivation"/>, it has one output, no other reader of that output, and no fused
/// activation yet. The producer then writes the activation's output directly, clamped by both ranges.
/// </summary>
internal sealed class ActivationFusionPass : IGraphPass
{
    public string Name => "fuse-activation";
    public bool IsFusion => true;

    public void Run(ExecutionGraph graph)
    {
        var tensors = graph.Tensors;
        var readers = graph.CountReaders();
        var producer = graph.FindProducers();
        foreach (var act in graph.Nodes)
        {
            if (act.Removed) continue;
            var kind = act.Registration.Traits.ActsAsActivation;
            if (kind == ActivationFunctionType.None || act.Inputs.Length != 1 || act.Outputs.Length != 1) continue;
            int mid = act.Inputs[0];
            if (mid < 0 || readers[mid] != 1 || tensors[mid].DataType != TensorType.Float32) continue;
            if (tensors[act.Outputs[0]].DataType != TensorType.Float32) continue;
            var prev = producer[mid];
            if (prev is null || prev.Removed || prev.Outputs.Length != 1 || !prev.Registration.Traits.AcceptsFusedActivation
                || prev.Context.ExtraActivation != ActivationFunctionType.None) continue;
            prev.Context.AddFusedActivation(kind);
            prev.Context.ReplaceOutput(0, tensors[act.Outputs[0]]);
            prev.Outputs = [act.Outputs[0]];
            producer[act.Outputs[0]] = prev;
            act.Removed = true;
        }
    }
}
