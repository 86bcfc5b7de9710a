using ManagedLite.Execution;
using ManagedLite.Schema;

namespace ManagedLite.Passes;

/// <summary>
/// "fuse-silu": a node that multiplies its two inputs (traits <see cref="OpTraits.MultipliesTwoInputs"/>, MUL) on
/// float32 data is folded into the producer of one operand when that producer's traits have
/// <see cref="OpTraits.AcceptsInputMultiply"/> (LOGISTIC), its only input is the other operand, it has one output read
/// only by the multiply (not a graph output), and all three tensors have one shape (no broadcast). The producer then
/// computes SiLU, x * sigmoid(x), clamped by the multiply's activation range (its options' and any activation fused
/// into it before), in one pass over memory and straight into the multiply's output: no sigmoid tensor is written or
/// read. The same float operations as the unfused pair, so outputs are bit-identical. With a delegate the pass does
/// nothing (the delegate sees the operators as the model has them).
/// </summary>
internal sealed class SiluFusionPass : IGraphPass
{
    public string Name => "fuse-silu";
    public bool IsFusion => true;

    public void Run(ExecutionGraph graph)
    {
        if (graph.Owner.Options.Delegate is not null) return;
        var tensors = graph.Tensors;
        var readers = graph.CountReaders();
        var producer = graph.FindProducers();
        foreach (var mul in graph.Nodes)
        {
            if (mul.Removed || mul.Registration.Traits.MultipliesTwoInputs is not { } activationOf) continue;
            if (mul.Inputs.Length != 2 || mul.Outputs.Length != 1) continue;
            int outIndex = mul.Outputs[0];
            if (outIndex < 0 || !IsStaticFloat(tensors[outIndex])) continue;
            for (int k = 0; k < 2; k++)
            {
                int mid = mul.Inputs[k], x = mul.Inputs[1 - k];
                if (mid < 0 || x < 0 || mid == x || readers[mid] != 1 || graph.IsGraphOutput(mid)) continue;
                var gate = producer[mid];
                if (gate is null || gate.Removed || !gate.Registration.Traits.AcceptsInputMultiply || gate.Context.MultipliesByInput) continue;
                if (gate.Inputs.Length != 1 || gate.Inputs[0] != x || gate.Outputs.Length != 1) continue;
                var input = tensors[x];
                var sigmoid = tensors[mid];
                var output = tensors[outIndex];
                if (!IsStaticFloat(input) || !IsStaticFloat(sigmoid)) continue;
                if (!input.Shape.SequenceEqual(sigmoid.Shape) || !output.Shape.SequenceEqual(input.Shape)) continue;

                var (min, max) = mul.Context.ActivationRange(activationOf(mul.Context));
                gate.Context.FuseInputMultiply(min, max);
                gate.Context.ReplaceOutput(0, output);
                gate.Outputs = [outIndex];
                producer[outIndex] = gate;
                mul.Removed = true;
                break;
            }
        }
    }

    /// <summary>A float32 tensor whose shape is fixed (no -1 in its signature: a resize could make the MUL broadcast).</summary>
    private static bool IsStaticFloat(LiteTensor t) => t.DataType == TensorType.Float32 && t.ShapeSignature.IndexOf(-1) < 0;
}
