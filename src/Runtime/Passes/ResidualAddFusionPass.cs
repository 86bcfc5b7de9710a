using ManagedLite.Execution;
using ManagedLite.Schema;

namespace ManagedLite.Passes;

/// <summary>
/// "fuse-residual-add": a node that adds its two inputs (traits <see cref="OpTraits.AddsTwoInputs"/>, ADD) on float32
/// data is folded into the producer of one operand when that producer's traits have
/// <see cref="OpTraits.AcceptsResidualAdd"/> (CONV_2D), it has one output read only by the add (not a graph output),
/// the other operand has the same shape (no broadcast) and is ready before the producer runs (a constant, a graph
/// input, or the output of an earlier node). The producer then adds the other operand to each tile of its output in
/// its epilogue and clamps by the add's activation (its options' and any activation fused into it before): the same
/// float operations as the unfused pair, so outputs are bit-identical. With a delegate the pass does nothing (the
/// delegate sees the operators as the model has them).
/// </summary>
internal sealed class ResidualAddFusionPass : IGraphPass
{
    public string Name => "fuse-residual-add";
    public bool IsFusion => true;

    public void Run(ExecutionGraph graph)
    {
        if (graph.Owner.Options.Delegate is not null) return;
        var tensors = graph.Tensors;
        var readers = graph.CountReaders();
        var producer = graph.FindProducers();
        var position = Positions(graph);
        foreach (var add in graph.Nodes.ToArray())
        {
            if (add.Removed || add.Registration.Traits.AddsTwoInputs is not { } activationOf) continue;
            if (add.Inputs.Length != 2 || add.Outputs.Length != 1) continue;
            int outIndex = add.Outputs[0];
            if (outIndex < 0 || !IsFloat(tensors[outIndex])) continue;
            for (int k = 0; k < 2; k++)
            {
                int mid = add.Inputs[k], other = add.Inputs[1 - k];
                if (mid < 0 || other < 0 || mid == other || readers[mid] != 1) continue;
                var prev = producer[mid];
                if (prev is null || prev.Removed || prev.Outputs.Length != 1 || !prev.Registration.Traits.AcceptsResidualAdd
                    || prev.Context.Residual is not null) continue;
                var a = tensors[mid];
                var b = tensors[other];
                if (!IsFloat(a) || !IsFloat(b) || !a.Shape.SequenceEqual(b.Shape) || !tensors[outIndex].Shape.SequenceEqual(a.Shape)) continue;
                if (HasDynamicDims(a) || HasDynamicDims(b)) continue;
                // The other operand must exist when the producer runs: if its node comes later but needs nothing the
                // producer or the nodes after it make (face detection's channel PAD of the block input), run it first.
                if (producer[other] is { } otherProducer && position[otherProducer] >= position[prev])
                {
                    if (!CanRunBefore(otherProducer, prev, producer, position)) continue;
                    graph.Nodes.Remove(otherProducer);
                    graph.Nodes.Insert(graph.Nodes.IndexOf(prev), otherProducer);
                    position = Positions(graph);
                }
                if (Array.IndexOf(prev.Inputs, outIndex) >= 0) continue;

                var (min, max) = add.Context.ActivationRange(activationOf(add.Context));
                prev.Context.FuseResidual(b, min, max);
                prev.Context.ReplaceOutput(0, tensors[outIndex]);
                prev.Outputs = [outIndex];
                prev.Inputs = [.. prev.Inputs, other]; // keeps the residual alive (arena lifetimes) until the producer ran
                producer[outIndex] = prev;
                add.Removed = true;
                break;
            }
        }
    }

    private static Dictionary<ExecNode, int> Positions(ExecutionGraph graph)
    {
        var position = new Dictionary<ExecNode, int>(graph.Nodes.Count);
        for (int i = 0; i < graph.Nodes.Count; i++) position[graph.Nodes[i]] = i;
        return position;
    }

    /// <summary>True when every input of <paramref name="node"/> is ready before <paramref name="before"/> runs and it has no state.</summary>
    private static bool CanRunBefore(ExecNode node, ExecNode before, ExecNode?[] producer, Dictionary<ExecNode, int> position)
    {
        if (node.Registration.Traits.IsStateful) return false;
        foreach (int i in node.Inputs)
            if (i >= 0 && producer[i] is { } p && position[p] >= position[before]) return false;
        return true;
    }

    private static bool IsFloat(LiteTensor t) => t.DataType == TensorType.Float32;

    private static bool HasDynamicDims(LiteTensor t) => t.ShapeSignature.IndexOf(-1) >= 0;
}
