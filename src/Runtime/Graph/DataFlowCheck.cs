using ManagedLite.Schema;

namespace ManagedLite.Graph;

/// <summary>
/// Checks, once per model at load, that every subgraph is a valid data-flow graph in operator order: every tensor a
/// node reads is a graph input, a constant, a variable, empty (a 0 dimension) or written by an earlier node; no node writes a constant, a
/// graph input, or a tensor another node writes (kernels plan for the shapes they saw in Prepare, so a second writer
/// would change them behind the first one's back); every graph output is written.
/// </summary>
internal static class DataFlowCheck
{
    public static void Run(ModelDef model)
    {
        for (int s = 0; s < model.SubGraphs.Count; s++) Check(model, s);
    }

    private static void Check(ModelDef model, int subgraph)
    {
        var sg = model.SubGraphs[subgraph];
        int count = sg.Tensors.Count;
        var ready = new bool[count];
        var isInput = new bool[count];
        var writer = new int[count];
        Array.Fill(writer, -1);
        foreach (int i in sg.Inputs) { ready[i] = true; isInput[i] = true; }
        for (int i = 0; i < count; i++)
        {
            var t = sg.Tensors[i];
            if (t.IsVariable || HasData(model, t) || HasNoElements(t)) ready[i] = true;
        }
        for (int n = 0; n < sg.Operators.Count; n++)
        {
            var op = sg.Operators[n];
            var code = model.OperatorCodes[op.OpcodeIndex];
            string where = $"subgraphs[{subgraph}].operators[{n}] ({(code.Code == BuiltinOperator.CUSTOM ? Names.Quote(code.CustomCode) : code.Code.ToString())})";
            foreach (int i in op.Inputs)
            {
                if (i < 0) continue;
                if (!ready[i])
                    throw new ModelFormatException(
                        $"{where} reads tensor {i} {Names.Quote(sg.Tensors[i].Name)}, which no earlier operator writes and which is not an input, constant or variable");
            }
            foreach (int o in op.Outputs)
            {
                if (o < 0) continue;
                var t = sg.Tensors[o];
                if (HasData(model, t) && !t.IsVariable)
                    throw new ModelFormatException($"{where} writes tensor {o} {Names.Quote(t.Name)}, which is a constant");
                if (isInput[o])
                    throw new ModelFormatException($"{where} writes tensor {o} {Names.Quote(t.Name)}, which is an input of the subgraph");
                if (writer[o] >= 0)
                    throw new ModelFormatException($"{where} writes tensor {o} {Names.Quote(t.Name)}, which operator {writer[o]} already writes");
                writer[o] = n;
                ready[o] = true;
            }
        }
        foreach (int o in sg.Outputs)
            if (!ready[o])
                throw new ModelFormatException($"subgraphs[{subgraph}]: output tensor {o} {Names.Quote(sg.Tensors[o].Name)} is never written");
    }

    /// <summary>
    /// A tensor with a 0 dimension holds nothing, so it needs no data to be read: an empty constant (the shape [0]
    /// tensor of a RESHAPE to a scalar, say), whose buffer has no bytes.
    /// </summary>
    internal static bool HasNoElements(TensorDef t) => Array.IndexOf(t.Shape, 0) >= 0;

    private static bool HasData(ModelDef model, TensorDef t) =>
        t.Buffer > 0 && t.Buffer < model.Buffers.Count && model.Buffers[t.Buffer].Data.Length > 0;
}
