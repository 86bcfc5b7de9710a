using ManagedLite.Schema;
using ManagedLite.Execution;
using ManagedLite.Weights;

namespace ManagedLite.Passes;

/// <summary>
/// "fold-constants": a node whose inputs are all constants (and whose traits do not say it is stateful) is run
/// once, now, and its outputs become constants: fp16/int8 weight DEQUANTIZE, DENSIFY of sparse weights, and any
/// other all-constant subgraph. The results are cached on the <see cref="Model"/> (see <see cref="WeightCache"/>),
/// so every interpreter of the model shares one copy.
/// </summary>
internal sealed class ConstantFoldingPass : IGraphPass
{
    public string Name => "fold-constants";
    public bool IsFusion => false;

    /// <summary>The outputs of one folded node: shapes and bytes.</summary>
    private sealed class Folded(int[][] shapes, byte[][] data) : ISharedWeights
    {
        public int[][] Shapes { get; } = shapes;
        public byte[][] Data { get; } = data;
        public long Bytes => Data.Sum(d => (long)d.Length);
    }

    public void Run(ExecutionGraph graph)
    {
        var tensors = graph.Tensors;
        var owner = graph.Owner;
        foreach (var node in graph.Nodes)
        {
            if (node.Removed || node.Registration.Traits.IsStateful || node.Inputs.Length == 0) continue;
            bool allConst = true;
            foreach (int i in node.Inputs)
                if (i >= 0 && !(tensors[i].IsConstant && !tensors[i].IsVariable)) { allConst = false; break; }
            if (!allConst) continue;
            // String outputs are sized by their kernels when they run (dynamic tensors): they are not folded.
            if (node.Outputs.Any(o => tensors[o].DataType == TensorType.String)) continue;
            var key = new WeightKey(graph.SubgraphIndex, node.Index, node.Registration, "fold");
            var folded = owner.Model.Weights.GetOrCreate(key, () => Evaluate(graph, node), f => f.Bytes, owner.Ledger,
                $"constants folded at preparation ({node.Describe(graph.SubgraphIndex)})");
            for (int k = 0; k < node.Outputs.Length; k++)
            {
                var t = tensors[node.Outputs[k]];
                t.SetShape((int[])folded.Shapes[k].Clone());
                t.SetConstant(folded.Data[k]);
            }
            node.Removed = true;
        }
    }

    private static Folded Evaluate(ExecutionGraph graph, ExecNode node)
    {
        var ctx = node.Context;
        var tensors = graph.Tensors;
        SubgraphExecutor.RunPrepare(node);
        var arrays = new byte[node.Outputs.Length][];
        var shapes = new int[node.Outputs.Length][];
        long total = 0;
        for (int k = 0; k < node.Outputs.Length; k++)
        {
            var t = tensors[node.Outputs[k]];
            long bytes = t.RequiredBytes();
            if (bytes < 0) throw ctx.Fail($"output {ModelText.Quote(t.Name)} has an unsupported type or size");
            SubgraphExecutor.CheckTensorLimit(graph.Owner.Model, t, bytes);
            total += bytes;
            graph.Owner.Ledger.Reserve(bytes, $"constants folded at preparation ({node.Describe(graph.SubgraphIndex)}, output {ModelText.Quote(t.Name)} [{string.Join(",", t.Shape.ToArray())}])");
            arrays[k] = new byte[bytes];
            shapes[k] = t.Shape.ToArray();
            t.SetStorage(arrays[k], 0, (int)bytes);
        }
        // The ledger reservation above guards the allocation; the cache reserves the final size again, so give it back.
        graph.Owner.Ledger.Release(total);
        var scratchBytes = ctx.ScratchSizes.Sum(s => (long)s);
        graph.Owner.Ledger.Reserve(scratchBytes, $"scratch of a folded node ({node.Describe(graph.SubgraphIndex)})");
        try
        {
            for (int s = 0; s < ctx.ScratchSizes.Count; s++)
                ctx.SetScratch(s, new byte[ctx.ScratchSizes[s]], 0);
            SubgraphExecutor.RunEval(node);
        }
        finally
        {
            graph.Owner.Ledger.Release(scratchBytes);
        }
        return new Folded(shapes, arrays);
    }
}
