using ManagedLite.Schema;

namespace ManagedLite.Execution;

/// <summary>
/// An interpreter's own copy of one subgraph: its tensors and one kernel per operator, which the passes rewrite
/// (fold, fuse, partition) before the executor plans and runs it. Built from the model's immutable definition;
/// nothing here re-reads the FlatBuffer.
/// </summary>
internal sealed class ExecutionGraph
{
    public ExecutionGraph(Interpreter owner, int subgraphIndex)
    {
        Owner = owner;
        SubgraphIndex = subgraphIndex;
        var model = owner.Model.Definition;
        Definition = model.SubGraphs[subgraphIndex];
        Tensors = new LiteTensor[Definition.Tensors.Count];
        for (int i = 0; i < Tensors.Length; i++)
            Tensors[i] = CreateTensor(model, i, Definition.Tensors[i]);
        InputTensors = Definition.Inputs.Select(i => Tensors[i]).ToArray();
        OutputTensors = Definition.Outputs.Select(i => Tensors[i]).ToArray();

        var opts = owner.Options;
        var nodes = new List<ExecNode>(Definition.Operators.Count);
        for (int n = 0; n < Definition.Operators.Count; n++)
        {
            var op = Definition.Operators[n];
            var code = model.OperatorCodes[op.OpcodeIndex];
            bool custom = code.Code == BuiltinOperator.CUSTOM;
            var registration = owner.Resolver.Find(code)
                ?? throw new UnsupportedOperatorException(new[] { new UnsupportedOperator(subgraphIndex, n, custom ? code.CustomCode ?? "" : code.Code.ToString(), code.Version, custom) });
            var ins = op.Inputs.Select(i => i < 0 ? null : Tensors[i]).ToArray();
            var outs = op.Outputs.Select(i => i < 0
                ? throw new ModelFormatException($"subgraphs[{subgraphIndex}].operators[{n}]: output tensor index -1 is not allowed")
                : Tensors[i]).ToArray();
            var ctx = new OpContext(n, code.Code, custom ? code.CustomCode : null, code.Version, op, ins, outs, opts.Threads)
            {
                Parallel = owner.Parallel,
                IntermediateTensors = op.Intermediates.Select(i => i >= 0 && i < Tensors.Length ? Tensors[i] : null).ToArray(),
                MaxTensorBytes = owner.Model.Limits.MaxTensorBytes,
                Interpreter = owner,
                SubgraphIndex = subgraphIndex,
                GraphTensors = Tensors,
            };
            nodes.Add(new ExecNode
            {
                Index = n, Registration = registration, Kernel = registration.Factory(), Context = ctx,
                Inputs = op.Inputs, Outputs = op.Outputs,
            });
            ctx.Node = nodes[^1];
        }
        Nodes = nodes;
        MarkEmptyConstants();
        CheckSparseReads();
    }

    /// <summary>
    /// Tensors with a 0 dimension that no node writes and that are not graph inputs are empty constants (their buffer
    /// has no bytes), so kernels can read them in Prepare like any constant (a RESHAPE to a scalar by a [0] shape).
    /// </summary>
    private void MarkEmptyConstants()
    {
        var written = new bool[Tensors.Length];
        foreach (int i in Definition.Inputs) written[i] = true;
        foreach (var n in Nodes)
            foreach (int o in n.Outputs) if (o >= 0) written[o] = true;
        for (int i = 0; i < Tensors.Length; i++)
        {
            var t = Tensors[i];
            if (!written[i] && !t.IsConstant && !t.IsVariable && Graph.DataFlowCheck.HasNoElements(Definition.Tensors[i]))
                t.SetConstant(ReadOnlyMemory<byte>.Empty);
        }
    }

    public Interpreter Owner { get; }
    public int SubgraphIndex { get; }
    public SubGraphDef Definition { get; }
    public LiteTensor[] Tensors { get; }
    public LiteTensor[] InputTensors { get; }
    public LiteTensor[] OutputTensors { get; }
    /// <summary>Every node in model order; passes mark nodes <see cref="ExecNode.Removed"/> or insert replacements.</summary>
    public List<ExecNode> Nodes { get; }

    public IEnumerable<ExecNode> LiveNodes => Nodes.Where(n => !n.Removed);

    /// <summary>How many live nodes (and graph outputs) read each tensor.</summary>
    public int[] CountReaders()
    {
        var readers = new int[Tensors.Length];
        foreach (var n in LiveNodes)
            foreach (int i in n.Inputs) if (i >= 0) readers[i]++;
        foreach (int o in Definition.Outputs) readers[o]++;
        return readers;
    }

    /// <summary>The live node that writes each tensor, or null.</summary>
    public ExecNode?[] FindProducers()
    {
        var producer = new ExecNode?[Tensors.Length];
        foreach (var n in LiveNodes)
            foreach (int o in n.Outputs) producer[o] = n;
        return producer;
    }

    public bool IsGraphOutput(int tensor) => Array.IndexOf(Definition.Outputs, tensor) >= 0;

    /// <summary>Only kernels whose traits say so read sparse constants (their data is shorter than their shape).</summary>
    private void CheckSparseReads()
    {
        foreach (var node in Nodes)
            foreach (int i in node.Inputs)
                if (i >= 0 && Tensors[i].Sparsity is not null && !node.Registration.Traits.ReadsSparseTensors)
                    throw new ModelFormatException(
                        $"{node.Describe(SubgraphIndex)} reads tensor {i} {ModelText.Quote(Tensors[i].Name)}, which is sparse; only DENSIFY reads sparse tensors (OpTraits.ReadsSparseTensors)");
    }

    private static LiteTensor CreateTensor(ModelDef model, int index, TensorDef def)
    {
        TensorQuantization? q = null;
        if (def.Quantization is { Scale.Length: > 0 } qd)
            q = new TensorQuantization(qd.Scale, qd.ZeroPoint.Length > 0 ? qd.ZeroPoint : new long[qd.Scale.Length], qd.QuantizedDimension);
        var t = new LiteTensor(index, def.Name, def.Type, (int[])def.Shape.Clone(), def.ShapeSignature, q, def.IsVariable)
        {
            Sparsity = def.Sparsity,
            Blockwise = def.Quantization?.Blockwise,
        };
        var data = def.Buffer > 0 && def.Buffer < model.Buffers.Count ? model.Buffers[def.Buffer].Data : ReadOnlyMemory<byte>.Empty;
        if (!def.IsVariable && data.Length > 0)
        {
            long need = t.RequiredBytes();
            if (def.Sparsity is null && need >= 0 && need != data.Length)
                throw new ModelFormatException($"tensor {index} {ModelText.Quote(def.Name)}: constant buffer {def.Buffer} has {data.Length} bytes, shape [{string.Join(",", def.Shape)}] of {TensorTypes.Name(def.Type)} needs {need}");
            t.SetConstant(data);
        }
        return t;
    }
}
