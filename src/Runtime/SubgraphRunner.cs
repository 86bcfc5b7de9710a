using ManagedLite.Planning;
using ManagedLite.Schema;

namespace ManagedLite;

/// <summary>
/// Executes one subgraph: builds tensors and kernels, folds constant subgraphs, fuses activations,
/// plans the arena and runs the execution plan.
/// </summary>
internal sealed class SubgraphRunner
{
    private sealed class Node
    {
        public required int Index;
        public required IOpKernel Kernel;
        public required OpRegistration Registration;
        public required OpContext Context;
        public required int[] Inputs;   // tensor indices, -1 = omitted
        public required int[] Outputs;
        public BuiltinOperator Op;
        public bool Removed;           // folded into constants or fused into another node
    }

    private readonly Interpreter _owner;
    private readonly SubGraphDef _def;
    private readonly LiteTensor[] _tensors;
    private readonly LiteTensor[] _inputTensors;
    private readonly LiteTensor[] _outputTensors;
    private readonly Node[] _allNodes;
    private Node[] _plan = Array.Empty<Node>();
    private readonly IMemoryPlanner _planner = new GreedyMemoryPlanner();
    private byte[] _arena = Array.Empty<byte>();
    private readonly Dictionary<int, byte[]> _variableStorage = new();
    private bool _allocated;
    private long _foldedBytes; // constants computed by FoldConstants, counted against MaxArenaBytes

    public SubgraphRunner(Interpreter owner, int subgraphIndex)
    {
        _owner = owner;
        var model = owner.Model.Definition;
        _def = model.SubGraphs[subgraphIndex];
        InputIndices = _def.Inputs;
        _tensors = new LiteTensor[_def.Tensors.Count];
        for (int i = 0; i < _tensors.Length; i++)
            _tensors[i] = CreateTensor(model, i, _def.Tensors[i]);
        _inputTensors = _def.Inputs.Select(i => _tensors[i]).ToArray();
        _outputTensors = _def.Outputs.Select(i => _tensors[i]).ToArray();

        var resolver = owner.Resolver;
        var opts = owner.Options;
        _allNodes = new Node[_def.Operators.Count];
        for (int n = 0; n < _allNodes.Length; n++)
        {
            var op = _def.Operators[n];
            var code = model.OperatorCodes[op.OpcodeIndex];
            bool custom = code.Code == BuiltinOperator.CUSTOM;
            var registration = resolver.Find(code)
                          ?? throw new UnsupportedOperatorException(new[] { new UnsupportedOperator(subgraphIndex, n, custom ? code.CustomCode ?? "" : code.Code.ToString(), code.Version, custom) });
            var ins = op.Inputs.Select(i => i < 0 ? null : _tensors[i]).ToArray();
            var outs = op.Outputs.Select(i => i < 0
                ? throw new ModelFormatException($"subgraphs[{subgraphIndex}].operators[{n}]: output tensor index -1 is not allowed")
                : _tensors[i]).ToArray();
            var ctx = new OpContext(n, code.Code, custom ? code.CustomCode : null, code.Version, op, ins, outs, opts.Threads);
            ctx.Parallel = owner.Parallel;
            ctx.IntermediateTensors = op.Intermediates.Select(i => i >= 0 && i < _tensors.Length ? _tensors[i] : null).ToArray();
            ctx.MaxTensorBytes = owner.Model.Limits.MaxTensorBytes;
            _allNodes[n] = new Node
            {
                Index = n, Kernel = registration.Factory(), Registration = registration, Context = ctx, Inputs = op.Inputs, Outputs = op.Outputs, Op = code.Code,
            };
        }
        CheckDataFlow(subgraphIndex);
        FoldConstants();
        if (opts.EnableFusion) Fuse();
        _plan = _allNodes.Where(n => !n.Removed).ToArray();
        if (opts.EnableProfiling) _profileTicks = new long[_plan.Length];
    }

    public int[] InputIndices { get; }
    public IReadOnlyList<LiteTensor> Tensors => _tensors;
    public IReadOnlyList<LiteTensor> InputTensors => _inputTensors;
    public IReadOnlyList<LiteTensor> OutputTensors => _outputTensors;
    public long ArenaBytes { get; private set; }
    public int PlanLength => _plan.Length;

    public LiteTensor FindInput(string name) =>
        _inputTensors.FirstOrDefault(t => t.Name == name)
        ?? throw new KeyNotFoundException($"no input named '{name}'; inputs are: {string.Join(", ", _inputTensors.Select(t => $"'{t.Name}'"))}");

    public LiteTensor FindOutput(string name) =>
        _outputTensors.FirstOrDefault(t => t.Name == name)
        ?? throw new KeyNotFoundException($"no output named '{name}'; outputs are: {string.Join(", ", _outputTensors.Select(t => $"'{t.Name}'"))}");

    private static LiteTensor CreateTensor(ModelDef model, int index, TensorDef def)
    {
        TensorQuantization? q = null;
        if (def.Quantization is { Scale.Length: > 0 } qd)
            q = new TensorQuantization(qd.Scale, qd.ZeroPoint.Length > 0 ? qd.ZeroPoint : new long[qd.Scale.Length], qd.QuantizedDimension);
        var t = new LiteTensor(index, def.Name, def.Type, (int[])def.Shape.Clone(), def.ShapeSignature, q, def.IsVariable)
        {
            Sparsity = def.Sparsity,
        };
        var data = def.Buffer > 0 && def.Buffer < model.Buffers.Count ? model.Buffers[def.Buffer].Data : ReadOnlyMemory<byte>.Empty;
        if (!def.IsVariable && data.Length > 0)
        {
            long need = t.RequiredBytes();
            if (def.Sparsity is null && need >= 0 && need != data.Length)
                throw new ModelFormatException($"tensor {index} '{def.Name}': constant buffer {def.Buffer} has {data.Length} bytes, shape [{string.Join(",", def.Shape)}] of {TensorTypes.Name(def.Type)} needs {need}");
            t.SetConstant(data);
        }
        return t;
    }

    /// <summary>
    /// Every tensor a node reads must be a graph input, a constant, a variable or written by an earlier node;
    /// a node never writes a constant, a graph input or a tensor that another node writes (kernels plan for
    /// the shapes they saw in Prepare, so a second writer would change them behind the first one's back);
    /// only DENSIFY reads a sparse constant (its data is shorter than its shape).
    /// </summary>
    private void CheckDataFlow(int subgraphIndex)
    {
        var ready = new bool[_tensors.Length];
        var isInput = new bool[_tensors.Length];
        var writer = new int[_tensors.Length];
        Array.Fill(writer, -1);
        foreach (int i in _def.Inputs) { ready[i] = true; isInput[i] = true; }
        for (int i = 0; i < _tensors.Length; i++)
            if (_tensors[i].IsConstant || _tensors[i].IsVariable) ready[i] = true;
        foreach (var node in _allNodes)
        {
            string where = $"subgraphs[{subgraphIndex}].operators[{node.Index}] ({node.Context.OperatorName})";
            foreach (int i in node.Inputs)
            {
                if (i < 0) continue;
                if (!ready[i])
                    throw new ModelFormatException(
                        $"{where} reads tensor {i} '{_tensors[i].Name}', which no earlier operator writes and which is not an input, constant or variable");
                if (_tensors[i].Sparsity is not null && !node.Registration.Traits.ReadsSparseTensors)
                    throw new ModelFormatException($"{where} reads tensor {i} '{_tensors[i].Name}', which is sparse; only DENSIFY reads sparse tensors (OpTraits.ReadsSparseTensors)");
            }
            foreach (int o in node.Outputs)
            {
                if (_tensors[o].IsConstant)
                    throw new ModelFormatException($"{where} writes tensor {o} '{_tensors[o].Name}', which is a constant");
                if (isInput[o])
                    throw new ModelFormatException($"{where} writes tensor {o} '{_tensors[o].Name}', which is an input of the subgraph");
                if (writer[o] >= 0)
                    throw new ModelFormatException($"{where} writes tensor {o} '{_tensors[o].Name}', which operator {writer[o]} already writes");
                writer[o] = node.Index;
                ready[o] = true;
            }
        }
        foreach (int o in _def.Outputs)
            if (!ready[o])
                throw new ModelFormatException($"subgraphs[{subgraphIndex}]: output tensor {o} '{_tensors[o].Name}' is never written");
    }

    /// <summary>Runs nodes whose inputs are all constants once, now, and turns their outputs into constants.</summary>
    private void FoldConstants()
    {
        var outputs = new HashSet<int>(_def.Outputs);
        foreach (var node in _allNodes)
        {
            if (node.Registration.Traits.IsStateful) continue;
            bool allConst = node.Inputs.Length > 0;
            foreach (int i in node.Inputs)
                if (i >= 0 && !(_tensors[i].IsConstant && !_tensors[i].IsVariable)) { allConst = false; break; }
            if (!allConst) continue;
            var ctx = node.Context;
            RunPrepare(node);
            var arrays = new byte[node.Outputs.Length][];
            for (int k = 0; k < node.Outputs.Length; k++)
            {
                var t = _tensors[node.Outputs[k]];
                long bytes = t.RequiredBytes();
                if (bytes < 0) throw ctx.Fail($"output '{t.Name}' has an unsupported type or size");
                CheckTensorLimit(t, bytes);
                _foldedBytes += bytes;
                if (_foldedBytes > _owner.Options.MaxArenaBytes)
                    throw new InvalidOperationException($"constants folded at preparation would need {_foldedBytes} bytes (node {node.Index} {ctx.OperatorName}, output '{t.Name}' [{string.Join(",", t.Shape.ToArray())}]), over the limit of {_owner.Options.MaxArenaBytes} (InterpreterOptions.MaxArenaBytes)");
                arrays[k] = new byte[bytes];
                t.SetStorage(arrays[k], 0, (int)bytes);
            }
            for (int s = 0; s < ctx.ScratchSizes.Count; s++)
                ctx.SetScratch(s, new byte[ctx.ScratchSizes[s]], 0);
            RunEval(node);
            for (int k = 0; k < node.Outputs.Length; k++)
                _tensors[node.Outputs[k]].SetConstant(arrays[k]);
            node.Removed = true;
        }
    }

    /// <summary>
    /// Fuses a standalone RELU / RELU6 / RELU_N1_TO_1 into the float operator before it when that operator
    /// supports a fused activation and its output has no other reader.
    /// </summary>
    private void Fuse()
    {
        var readers = new int[_tensors.Length];
        foreach (var n in _allNodes)
            if (!n.Removed)
                foreach (int i in n.Inputs) if (i >= 0) readers[i]++;
        foreach (int o in _def.Outputs) readers[o]++;
        var producer = new Node?[_tensors.Length];
        foreach (var n in _allNodes)
            if (!n.Removed)
                foreach (int o in n.Outputs) producer[o] = n;

        foreach (var act in _allNodes)
        {
            if (act.Removed) continue;
            var kind = act.Registration.Traits.ActsAsActivation;
            if (kind == ActivationFunctionType.None || act.Inputs.Length != 1 || act.Outputs.Length != 1) continue;
            int mid = act.Inputs[0];
            if (mid < 0 || readers[mid] != 1 || _tensors[mid].DataType != TensorType.Float32) continue;
            var prev = producer[mid];
            if (prev is null || prev.Removed || prev.Outputs.Length != 1 || !prev.Registration.Traits.AcceptsFusedActivation
                || prev.Context.ExtraActivation != ActivationFunctionType.None) continue;
            if (_tensors[act.Outputs[0]].DataType != TensorType.Float32) continue;
            // Rewire: prev now writes act's output directly, clamped by both activations.
            prev.Context.AddFusedActivation(kind);
            prev.Context.ReplaceOutput(0, _tensors[act.Outputs[0]]);
            prev.Outputs = new[] { act.Outputs[0] };
            producer[act.Outputs[0]] = prev;
            act.Removed = true;
        }
    }

    public void ResizeInput(int inputIndex, ReadOnlySpan<int> shape)
    {
        if ((uint)inputIndex >= (uint)_inputTensors.Length)
            throw new ArgumentOutOfRangeException(nameof(inputIndex), inputIndex, $"the model has {_inputTensors.Length} inputs");
        var t = _inputTensors[inputIndex];
        var sig = t.ShapeSignature;
        if (shape.Length != sig.Length)
            throw new TensorException(t.Name, $"cannot resize to rank {shape.Length} [{string.Join(",", shape.ToArray())}]: the input has rank {sig.Length} [{string.Join(",", sig.ToArray())}]");
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] < 0)
                throw new TensorException(t.Name, $"cannot resize to [{string.Join(",", shape.ToArray())}]: dimension {i} is negative");
            if (t.ShapeSignatureArray is not null && sig[i] != -1 && sig[i] != shape[i])
                throw new TensorException(t.Name, $"cannot resize to [{string.Join(",", shape.ToArray())}]: dimension {i} is fixed at {sig[i]} (signature [{string.Join(",", sig.ToArray())}])");
        }
        long max = _owner.Model.Limits.MaxTensorBytes;
        long bytes = Math.Max(1, TensorTypes.ElementSize(t.DataType));
        bool over = false; // zero dimensions are skipped: strides over the other ones must still fit
        foreach (int d in shape)
        {
            if (d == 0) continue;
            if (!over && bytes > max / d) over = true;
            else if (!over) bytes *= d;
        }
        if (over)
            throw new TensorException(t.Name, $"cannot resize to [{string.Join(",", shape.ToArray())}]: {TensorTypes.Name(t.DataType)} data of that shape is over ModelLimits.MaxTensorBytes ({max})");
        if (t.Shape.SequenceEqual(shape)) return;
        t.SetShape(shape.ToArray());
        _allocated = false;
    }

    public void Allocate()
    {
        var opts = _owner.Options;
        long macs = 0;
        foreach (var node in _plan)
        {
            RunPrepare(node);
            macs = Ops.OpWork.Add(macs, EstimateMacs(node));
            if (macs > opts.MaxMacsPerInvoke)
                throw node.Context.Fail($"the model needs about {macs} multiply-adds per invoke up to this node, over InterpreterOptions.MaxMacsPerInvoke ({opts.MaxMacsPerInvoke})");
        }

        // Buffers: every non-constant, non-variable tensor used in the plan, plus scratch.
        int steps = _plan.Length;
        var requests = new List<BufferRequest>();
        var owners = new List<(LiteTensor? LiteTensor, Node? Node, int Scratch)>();
        var variables = new List<(int Index, LiteTensor LiteTensor, int Bytes)>();
        long variableBytes = 0;
        var first = new int[_tensors.Length];
        var last = new int[_tensors.Length];
        Array.Fill(first, int.MaxValue);
        Array.Fill(last, -1);
        foreach (int i in _def.Inputs) { first[i] = 0; last[i] = Math.Max(last[i], 0); }
        for (int s = 0; s < steps; s++)
        {
            foreach (int i in _plan[s].Inputs)
                if (i >= 0) { first[i] = Math.Min(first[i], s); last[i] = Math.Max(last[i], s); }
            foreach (int o in _plan[s].Outputs)
            { first[o] = Math.Min(first[o], s); last[o] = Math.Max(last[o], s); }
        }
        foreach (int o in _def.Outputs) { first[o] = Math.Min(first[o], steps); last[o] = steps; }

        for (int i = 0; i < _tensors.Length; i++)
        {
            var t = _tensors[i];
            if (t.IsConstant || last[i] < 0) continue;
            long bytes = t.RequiredBytes();
            if (bytes < 0)
                throw new TensorException(t.Name, $"cannot be allocated: type {TensorTypes.Name(t.DataType)} shape [{string.Join(",", t.Shape.ToArray())}] has no fixed size or is too large");
            CheckTensorLimit(t, bytes);
            if (t.IsVariable) { variables.Add((i, t, (int)bytes)); variableBytes += bytes; continue; }
            if (opts.PreserveAllTensors) requests.Add(new BufferRequest(bytes, 0, steps));
            else requests.Add(new BufferRequest(bytes, first[i], last[i]));
            owners.Add((t, null, 0));
        }
        for (int s = 0; s < steps; s++)
        {
            var sizes = _plan[s].Context.ScratchSizes;
            for (int k = 0; k < sizes.Count; k++)
            {
                requests.Add(new BufferRequest(sizes[k], s, s));
                owners.Add((null, _plan[s], k));
            }
        }

        var offsets = new long[requests.Count];
        long total = _planner.Plan(requests, offsets);
        // Checked before anything is allocated: the arena, variable tensors and folded constants share the limit.
        if (total + variableBytes + _foldedBytes > opts.MaxArenaBytes || total > Array.MaxLength)
            throw new InvalidOperationException($"the arena would need {total} bytes" +
                (variableBytes > 0 ? $" (+ {variableBytes} for variable tensors)" : "") +
                (_foldedBytes > 0 ? $" (+ {_foldedBytes} for constants folded at preparation)" : "") +
                $", over the limit of {Math.Min(opts.MaxArenaBytes, Array.MaxLength)} (InterpreterOptions.MaxArenaBytes)");
        foreach (var (index, tensor, bytes) in variables) AllocateVariable(index, tensor, bytes);
        if (_arena.Length < total) _arena = GC.AllocateUninitializedArray<byte>((int)total);
        ArenaBytes = total;
        for (int r = 0; r < requests.Count; r++)
        {
            var (t, node, scratch) = owners[r];
            if (t is not null) t.SetStorage(_arena, (int)offsets[r], (int)requests[r].Size);
            else node!.Context.SetScratch(scratch, _arena, (int)offsets[r]);
        }
        // Inputs start zeroed so that an Invoke before any write is deterministic.
        foreach (var t in _inputTensors) if (!t.IsConstant) t.WritableBytes.Clear();
        foreach (var t in _outputTensors) if (!t.IsConstant && !_inputTensors.Contains(t)) t.Pending = true;
        _allocated = true;
    }

    /// <summary>A tensor whose shape was computed at preparation must still fit ModelLimits.MaxTensorBytes.</summary>
    private void CheckTensorLimit(LiteTensor t, long bytes)
    {
        long max = _owner.Model.Limits.MaxTensorBytes;
        if (bytes > max)
            throw new TensorException(t.Name, $"shape [{string.Join(",", t.Shape.ToArray())}] of {TensorTypes.Name(t.DataType)} needs {bytes} bytes, over ModelLimits.MaxTensorBytes ({max})");
    }

    private static long EstimateMacs(Node node) =>
        (node.Registration.Traits.EstimateWork ?? Ops.OpWork.Linear)(node.Context);

    private void AllocateVariable(int index, LiteTensor t, int bytes)
    {
        if (_variableStorage.TryGetValue(index, out var arr) && arr.Length == bytes)
        {
            t.SetStorage(arr, 0, bytes);
            return;
        }
        arr = new byte[bytes];
        _variableStorage[index] = arr;
        t.SetStorage(arr, 0, bytes);
        InitVariable(index, t);
    }

    private void InitVariable(int index, LiteTensor t)
    {
        var def = _owner.Model.Definition;
        var tdef = _def.Tensors[index];
        var span = t.WritableBytes;
        var data = tdef.Buffer > 0 && tdef.Buffer < def.Buffers.Count ? def.Buffers[tdef.Buffer].Data.Span : default;
        if (data.Length == span.Length && data.Length > 0) { data.CopyTo(span); return; }
        // As TFLite's ResetVariableTensor: int8 state starts at its zero point, everything else at zero.
        byte fill = t.DataType == TensorType.Int8 && t.Quantization is { } q ? (byte)(sbyte)q.ZeroPoint : (byte)0;
        span.Fill(fill);
    }

    public void ResetVariables()
    {
        foreach (var (index, _) in _variableStorage) InitVariable(index, _tensors[index]);
    }

    public void Invoke()
    {
        if (!_allocated) Allocate();
        foreach (var t in _outputTensors) t.Pending = false;
        var plan = _plan;
        if (_profileTicks is null)
        {
            for (int s = 0; s < plan.Length; s++) RunEval(plan[s]);
            return;
        }
        for (int s = 0; s < plan.Length; s++)
        {
            long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
            RunEval(plan[s]);
            _profileTicks[s] += System.Diagnostics.Stopwatch.GetTimestamp() - t0;
        }
        _profileInvokes++;
    }

    private readonly long[]? _profileTicks;
    private int _profileInvokes;

    /// <summary>Mean time per Invoke of every node in the plan, in plan order.</summary>
    public IReadOnlyList<OperatorProfile> GetProfile()
    {
        if (_profileTicks is null) throw new InvalidOperationException("profiling is off: set InterpreterOptions.EnableProfiling");
        var list = new List<OperatorProfile>(_plan.Length);
        for (int s = 0; s < _plan.Length; s++)
        {
            double ms = _profileInvokes == 0 ? 0 : _profileTicks[s] * 1000.0 / System.Diagnostics.Stopwatch.Frequency / _profileInvokes;
            var ctx = _plan[s].Context;
            list.Add(new OperatorProfile(_plan[s].Index, ctx.OperatorName, ctx.Outputs[0].Name, ms));
        }
        return list;
    }

    public void ResetProfile()
    {
        if (_profileTicks is not null) Array.Clear(_profileTicks);
        _profileInvokes = 0;
    }

    private static void RunPrepare(Node node)
    {
        var ctx = node.Context;
        ctx.ClearScratchRequests();
        ctx.InPrepare = true;
        try
        {
            node.Kernel.Prepare(ctx);
        }
        catch (Exception ex) when (ex is not OperatorException)
        {
            throw ctx.Wrap(ex);
        }
        finally
        {
            ctx.InPrepare = false;
        }
    }

    private static void RunEval(Node node)
    {
        var ctx = node.Context;
        try
        {
            node.Kernel.Eval(ctx);
        }
        catch (Exception ex) when (ex is not OperatorException)
        {
            throw ctx.Wrap(ex);
        }
    }

    public void Release()
    {
        foreach (var t in _tensors) t.ClearStorage();
        _arena = Array.Empty<byte>();
        _variableStorage.Clear();
        _allocated = false;
    }
}
