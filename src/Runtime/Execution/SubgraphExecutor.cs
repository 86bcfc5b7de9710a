using ManagedLite.Kernels;
using ManagedLite.Passes;
using ManagedLite.Planning;
using ManagedLite.Schema;

namespace ManagedLite.Execution;

/// <summary>
/// Plans and runs one subgraph of an interpreter: what is left of a "runner" once graph building
/// (<see cref="ExecutionGraph"/>) and rewriting (<see cref="GraphPasses"/>) are elsewhere. Allocate prepares every
/// node (shapes, scratch, work estimate), evaluates what only depends on shapes and constants, and plans one arena
/// (inputs live for the whole invoke); Invoke runs the schedule, preparing again the nodes that read dynamic tensors.
/// </summary>
internal sealed class SubgraphExecutor
{
    private readonly ExecutionGraph _graph;
    private readonly Interpreter _owner;
    private readonly IMemoryPlanner _planner = new GreedyMemoryPlanner();
    private ExecNode[] _plan;               // live nodes, execution order
    private ExecNode[] _schedule = [];      // what Invoke runs (plan minus nodes evaluated at preparation)
    private byte[] _arena = [];
    /// <summary>
    /// Bytes from the start of <see cref="_arena"/> to its first 64-byte-aligned address. The arena is an
    /// <see cref="AlignedArray{T}"/> (pinned, so it never moves) and planner offsets are multiples of 64, so every tensor
    /// starts on a cache line: a 512-bit load that straddles two lines costs about twice one that does not.
    /// </summary>
    private int _arenaBase;
    private long _arenaCharged;             // bytes of _arena reserved on the ledger
    private readonly Dictionary<int, byte[]> _variableStorage = new();
    private long _staticWork;
    private bool _allocated;
    private long[]? _profileTicks;
    private int _profileInvokes;

    public SubgraphExecutor(Interpreter owner, int subgraphIndex)
    {
        _owner = owner;
        _graph = new ExecutionGraph(owner, subgraphIndex);
        GraphPasses.Run(_graph, owner.Options);
        _plan = _graph.LiveNodes.ToArray();
    }

    public int SubgraphIndex => _graph.SubgraphIndex;
    public int[] InputIndices => _graph.Definition.Inputs;
    public IReadOnlyList<LiteTensor> Tensors => _graph.Tensors;
    public IReadOnlyList<LiteTensor> InputTensors => _graph.InputTensors;
    public IReadOnlyList<LiteTensor> OutputTensors => _graph.OutputTensors;
    public long ArenaBytes { get; private set; }
    /// <summary>Nodes Invoke runs: the live plan, minus (once allocated) the nodes evaluated while preparing.</summary>
    public int PlanLength => _allocated ? _schedule.Length : _plan.Length;
    public bool IsAllocated => _allocated;
    internal ExecutionGraph Graph => _graph;

    public LiteTensor FindInput(string name) =>
        _graph.InputTensors.FirstOrDefault(t => t.Name == name)
        ?? throw new KeyNotFoundException($"no input named {ModelText.Quote(name)}; inputs are: {string.Join(", ", _graph.InputTensors.Select(t => ModelText.Quote(t.Name)))}");

    public LiteTensor FindOutput(string name) =>
        _graph.OutputTensors.FirstOrDefault(t => t.Name == name)
        ?? throw new KeyNotFoundException($"no output named {ModelText.Quote(name)}; outputs are: {string.Join(", ", _graph.OutputTensors.Select(t => ModelText.Quote(t.Name)))}");

    public void ResizeInput(int inputIndex, ReadOnlySpan<int> shape, bool strict = true)
    {
        var inputs = _graph.InputTensors;
        if ((uint)inputIndex >= (uint)inputs.Length)
            throw new ArgumentOutOfRangeException(nameof(inputIndex), inputIndex, $"the model has {inputs.Length} inputs");
        var t = inputs[inputIndex];
        var sig = t.ShapeSignature;
        if (shape.Length != sig.Length)
            throw new TensorException(t.Name, $"cannot resize to rank {shape.Length} [{string.Join(",", shape.ToArray())}]: the input has rank {sig.Length} [{string.Join(",", sig.ToArray())}]");
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] < 0)
                throw new TensorException(t.Name, $"cannot resize to [{string.Join(",", shape.ToArray())}]: dimension {i} is negative");
            if (strict && t.ShapeSignatureArray is not null && sig[i] != -1 && sig[i] != shape[i])
                throw new TensorException(t.Name, $"cannot resize to [{string.Join(",", shape.ToArray())}]: dimension {i} is fixed at {sig[i]} (signature [{string.Join(",", sig.ToArray())}])");
        }
        CheckShapeLimit(t, shape);
        if (t.Shape.SequenceEqual(shape)) return;
        t.SetShape(shape.ToArray());
        _allocated = false;
    }

    private void CheckShapeLimit(LiteTensor t, ReadOnlySpan<int> shape)
    {
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
    }

    /// <summary>Prepares every node, evaluates preparation-time values and plans the arena.</summary>
    public void Allocate()
    {
        while (true)
        {
            try
            {
                AllocateOnce();
                return;
            }
            catch (Exception e) when (FindFailedPartition(e) is { } partition && _owner.Options.AllowDelegateFallback)
            {
                RevertPartition(partition, e);
            }
        }
    }

    private ExecNode? _preparing;

    private ExecNode? FindFailedPartition(Exception e) =>
        _preparing is { Members: not null } node && e is not ResourceLimitException ? node : null;

    /// <summary>A delegate partition failed to prepare: its nodes go back to the CPU and the report says why.</summary>
    private void RevertPartition(ExecNode partition, Exception e)
    {
        partition.Removed = true;
        foreach (var m in partition.Members!) m.Removed = false;
        if (partition.Kernel is IDisposable d) d.Dispose();
        var report = _owner.GetDelegationReport(SubgraphIndex);
        if (report is not null)
        {
            var inner = e is OperatorException { InnerException: { } ie } ? ie : e;
            string why = $"the delegate failed to prepare its partition: {inner.GetType().Name}: {inner.Message}";
            report.FallbackReason ??= why;
            report._partitions.RemoveAll(p => p.Count > 0 && p[0] == partition.Index);
            foreach (var m in partition.Members) report._cpu.Add(new Delegates.DelegationReport.CpuNode(m.Index, m.Context.OperatorName, why));
        }
        _plan = _graph.LiveNodes.ToArray();
        _allocated = false;
    }

    /// <summary>
    /// For reports (inspect): prepares the nodes as <see cref="Allocate"/> does, but a node whose kernel refuses it (an
    /// <see cref="OperatorException"/> while preparing) is recorded and preparation goes on. Its outputs count as
    /// unknown, so the nodes that read them, directly or further on, are not prepared: each failure says how many. A
    /// delegate partition that fails is rethrown as in <see cref="Allocate"/>. Nothing is allocated; the next
    /// <see cref="Allocate"/> starts over.
    /// </summary>
    internal IReadOnlyList<PrepareFailure> FindPrepareFailures()
    {
        var failures = new List<PrepareFailure>();
        try { PrepareNodes(failures); }
        finally { _allocated = false; }
        return failures;
    }

    /// <summary>
    /// Prepares every planned node in order (a node reading a dynamic tensor is deferred to run time, its outputs become
    /// dynamic) and evaluates what can be evaluated now; returns the nodes to run and the static work. With
    /// <paramref name="failures"/>, a refused node is recorded there instead of stopping (see <see cref="FindPrepareFailures"/>).
    /// </summary>
    private (List<ExecNode> Schedule, long Work) PrepareNodes(List<PrepareFailure>? failures)
    {
        var opts = _owner.Options;
        var tensors = _graph.Tensors;
        // Forget the previous plan's persistent and dynamic state: shapes may have changed.
        foreach (var t in tensors)
        {
            if (t.IsConstant || t.IsVariable) continue;
            t.IsDynamic = t.DataType == TensorType.String;
            t.IsPersistent = false;
        }
        // Tensors downstream of a refused node (reports only): index of the failure they descend from.
        int[]? unknownFrom = failures is null ? null : new int[tensors.Length];
        if (unknownFrom is not null) Array.Fill(unknownFrom, -1);

        var schedule = new List<ExecNode>(_plan.Length);
        long work = 0;
        foreach (var node in _plan)
        {
            node.EvaluatedAtPrepare = false;
            node.Deferred = false;
            if (unknownFrom is not null)
            {
                int from = -1;
                foreach (int i in node.Inputs)
                    if (i >= 0 && unknownFrom[i] >= 0) { from = unknownFrom[i]; break; }
                if (from >= 0)
                {
                    failures![from] = failures[from] with { NotChecked = failures[from].NotChecked + 1 };
                    foreach (int o in node.Outputs) { unknownFrom[o] = from; tensors[o].IsDynamic = true; }
                    node.Deferred = true;
                    continue;
                }
            }
            foreach (int i in node.Inputs)
                if (i >= 0 && tensors[i].IsDynamic) { node.Deferred = true; break; }
            if (node.Deferred)
            {
                foreach (int o in node.Outputs) tensors[o].IsDynamic = true;
                node.Work = 0;
                schedule.Add(node);
                continue;
            }
            _preparing = node;
            try { RunPrepare(node); }
            catch (OperatorException e) when (failures is not null && node.Members is null)
            {
                _preparing = null;
                foreach (int o in node.Outputs) { unknownFrom![o] = failures.Count; tensors[o].IsDynamic = true; }
                failures.Add(new PrepareFailure(node.Index, node.Context.OperatorName, e.Message, 0));
                node.Deferred = true;
                continue;
            }
            _preparing = null;
            node.Work = EstimateWork(node);
            work = Ops.OpWork.Add(work, node.Work);
            if (work > opts.MaxMacsPerInvoke)
                throw new ResourceLimitException(nameof(InterpreterOptions.MaxMacsPerInvoke), node.Work, opts.MaxMacsPerInvoke,
                    $"{node.Describe(SubgraphIndex)}: the model needs about {work} multiply-adds per invoke up to this node, over InterpreterOptions.MaxMacsPerInvoke ({opts.MaxMacsPerInvoke})");
            if (CanEvaluateAtPrepare(node))
            {
                EvaluateAtPrepare(node);
                continue;
            }
            schedule.Add(node);
        }
        return (schedule, work);
    }

    private void AllocateOnce()
    {
        var opts = _owner.Options;
        var tensors = _graph.Tensors;
        var ledger = _owner.Ledger;
        var (schedule, work) = PrepareNodes(null);
        _staticWork = work;

        // Buffers: every tensor that the schedule reads or writes and that has no storage of its own, plus scratch.
        int steps = schedule.Count;
        var requests = new List<BufferRequest>();
        var owners = new List<(LiteTensor? Tensor, ExecNode? Node, int Scratch)>();
        var variables = new List<(int Index, LiteTensor Tensor, int Bytes)>();
        var first = new int[tensors.Length];
        var last = new int[tensors.Length];
        Array.Fill(first, int.MaxValue);
        Array.Fill(last, -1);
        // Graph inputs live for the whole invoke (and between invokes): the caller fills them once.
        foreach (int i in _graph.Definition.Inputs) { first[i] = 0; last[i] = steps; }
        for (int s = 0; s < steps; s++)
        {
            foreach (int i in schedule[s].Inputs)
                if (i >= 0) { first[i] = Math.Min(first[i], s); last[i] = Math.Max(last[i], s); }
            foreach (int o in schedule[s].Outputs)
            { first[o] = Math.Min(first[o], s); last[o] = Math.Max(last[o], s); }
        }
        foreach (int o in _graph.Definition.Outputs) { first[o] = Math.Min(first[o], steps); last[o] = steps; }

        long variableBytes = 0;
        for (int i = 0; i < tensors.Length; i++)
        {
            var t = tensors[i];
            if (t.IsConstant || t.IsPersistent || last[i] < 0) continue;
            if (t.IsDynamic)
            {
                if (_graph.Definition.Inputs.Contains(i) && t.DataType != TensorType.String)
                    throw new TensorException(t.Name, "is a graph input and cannot be dynamic");
                continue;
            }
            long bytes = t.RequiredBytes();
            if (bytes < 0)
                throw new TensorException(t.Name, $"cannot be allocated: type {TensorTypes.Name(t.DataType)} shape [{string.Join(",", t.Shape.ToArray())}] has no fixed size or is too large");
            CheckTensorLimit(_owner.Model, t, bytes);
            if (t.IsVariable) { variables.Add((i, t, (int)bytes)); variableBytes += bytes; continue; }
            if (opts.PreserveAllTensors) requests.Add(new BufferRequest(bytes, 0, steps));
            else requests.Add(new BufferRequest(bytes, first[i], last[i]));
            owners.Add((t, null, 0));
        }
        for (int s = 0; s < steps; s++)
        {
            if (schedule[s].Deferred) continue; // scratch of deferred nodes is requested at run time
            var sizes = schedule[s].Context.ScratchSizes;
            for (int k = 0; k < sizes.Count; k++)
            {
                requests.Add(new BufferRequest(sizes[k], s, s));
                owners.Add((null, schedule[s], k));
            }
        }

        var offsets = new long[requests.Count];
        long total = _planner.Plan(requests, offsets);
        if (total > Array.MaxLength - AlignedArray<byte>.Alignment)
            throw new ResourceLimitException(nameof(InterpreterOptions.MaxMemoryBytes), total, Array.MaxLength,
                $"the arena of subgraph {SubgraphIndex} would need {total} bytes, more than one array can hold ({Array.MaxLength})");
        // Checked before anything is allocated: the arena grows only when it must; new variable storage is reserved with it.
        long arenaGrowth = _arena.Length - _arenaBase < total ? total - _arenaCharged : 0;
        long variableGrowth = 0;
        foreach (var (index, _, bytes) in variables)
            if (!_variableStorage.TryGetValue(index, out var have) || have.Length != bytes) variableGrowth += bytes - (have?.Length ?? 0);
        ledger.Reserve(arenaGrowth + Math.Max(0, variableGrowth),
            $"the arena of subgraph {SubgraphIndex} ({total} bytes)" + (variableBytes > 0 ? $" and its variable tensors ({variableBytes} bytes)" : ""));
        if (variableGrowth < 0) ledger.Release(-variableGrowth);
        if (_arena.Length - _arenaBase < total)
        {
            _arenaCharged = total;
            _arena = [];
            var segment = new AlignedArray<byte>((int)total).Segment;
            _arena = segment.Array!;
            _arenaBase = segment.Offset;
        }
        foreach (var (index, tensor, bytes) in variables) AllocateVariable(index, tensor, bytes);
        ArenaBytes = total;
        for (int r = 0; r < requests.Count; r++)
        {
            var (t, node, scratch) = owners[r];
            if (t is not null) t.SetStorage(_arena, _arenaBase + (int)offsets[r], (int)requests[r].Size);
            else node!.Context.SetScratch(scratch, _arena, _arenaBase + (int)offsets[r]);
        }
        // Inputs start zeroed so that an Invoke before any write is deterministic (caller-bound memory is the caller's).
        foreach (var t in _graph.InputTensors)
            if (!t.IsConstant && !t.IsDynamic && !t.IsBound) t.WritableBytes.Clear();
        foreach (var t in _graph.OutputTensors)
            if (!t.IsConstant && !t.IsPersistent && !_graph.InputTensors.Contains(t)) t.Pending = true;
        _schedule = schedule.ToArray();
        _profileTicks = opts.EnableProfiling ? new long[_schedule.Length] : null;
        _profileInvokes = 0;
        _allocated = true;
    }

    /// <summary>
    /// A node is evaluated while preparing when its result cannot change between invokes: it reads only shapes
    /// (OpTraits.ReadsOnlyInputShapes, e.g. SHAPE), or only constants and values computed while preparing, at least
    /// one of them computed (all-constant nodes are the folding pass's, which can be switched off).
    /// </summary>
    private bool CanEvaluateAtPrepare(ExecNode node)
    {
        var traits = node.Registration.Traits;
        if (traits.IsStateful || node.Outputs.Length == 0) return false;
        var tensors = _graph.Tensors;
        foreach (int o in node.Outputs)
            if (tensors[o].IsDynamic || tensors[o].IsVariable || tensors[o].RequiredBytes() < 0) return false;
        if (traits.ReadsOnlyInputShapes) return true;
        bool anyPersistent = false;
        foreach (int i in node.Inputs)
        {
            if (i < 0) continue;
            var t = tensors[i];
            if (!t.IsKnownAtPrepare || t.IsVariable) return false;
            anyPersistent |= t.IsPersistent;
        }
        return anyPersistent;
    }

    private void EvaluateAtPrepare(ExecNode node)
    {
        var tensors = _graph.Tensors;
        var ledger = _owner.Ledger;
        foreach (int o in node.Outputs) EnsureOwnStorage(tensors[o], node, "a value computed at preparation");
        var ctx = node.Context;
        long scratch = ctx.ScratchSizes.Sum(s => (long)s);
        ledger.Reserve(scratch, $"scratch of {node.Describe(SubgraphIndex)}");
        try
        {
            for (int s = 0; s < ctx.ScratchSizes.Count; s++) ctx.SetScratch(s, new byte[ctx.ScratchSizes[s]], 0);
            RunEval(node);
        }
        finally
        {
            ledger.Release(scratch);
        }
        foreach (int o in node.Outputs) tensors[o].IsPersistent = true;
        node.EvaluatedAtPrepare = true;
    }

    /// <summary>The operator's estimate plus <see cref="Ops.OpWork.NodeOverhead"/>: running any node costs something, so a
    /// loop of tiny nodes still reaches the budget.</summary>
    private static long EstimateWork(ExecNode node) =>
        Ops.OpWork.Add(Math.Max(0, (node.Registration.Traits.EstimateWork ?? Ops.OpWork.Linear)(node.Context)), Ops.OpWork.NodeOverhead);

    /// <summary>A tensor whose shape was computed at preparation must still fit ModelLimits.MaxTensorBytes.</summary>
    internal static void CheckTensorLimit(Model model, LiteTensor t, long bytes)
    {
        long max = model.Limits.MaxTensorBytes;
        if (bytes > max)
            throw new TensorException(t.Name, $"shape [{string.Join(",", t.Shape.ToArray())}] of {TensorTypes.Name(t.DataType)} needs {bytes} bytes, over ModelLimits.MaxTensorBytes ({max})");
    }

    private void AllocateVariable(int index, LiteTensor t, int bytes)
    {
        if (_variableStorage.TryGetValue(index, out var arr) && arr.Length == bytes)
        {
            t.SetStorage(arr, 0, bytes);
            return;
        }
        arr = new byte[bytes]; // reserved by AllocateOnce
        _variableStorage[index] = arr;
        t.SetStorage(arr, 0, bytes);
        InitVariable(index, t);
    }

    private void InitVariable(int index, LiteTensor t)
    {
        var def = _owner.Model.Definition;
        var tdef = _graph.Definition.Tensors[index];
        var span = t.WritableBytes;
        var data = tdef.Buffer > 0 && tdef.Buffer < def.Buffers.Count ? def.Buffers[tdef.Buffer].Data.Span : default;
        if (data.Length == span.Length && data.Length > 0) { data.CopyTo(span); return; }
        // As TFLite's ResetVariableTensor: int8 state starts at its zero point, everything else at zero.
        byte fill = t.DataType == TensorType.Int8 && t.Quantization is { } q ? (byte)(sbyte)q.ZeroPoint : (byte)0;
        span.Fill(fill);
    }

    /// <summary>Variable tensors back to their initial values, and kernels' own state (<see cref="IStatefulKernel"/>) reset.</summary>
    public void ResetVariables()
    {
        foreach (var (index, _) in _variableStorage) InitVariable(index, _graph.Tensors[index]);
        foreach (var node in _graph.Nodes)
            if (node.Kernel is IStatefulKernel stateful) stateful.ResetState();
    }

    /// <summary>Runs the schedule once; <paramref name="control"/> carries cancellation and the work budget.</summary>
    public void Invoke(InvokeControl control)
    {
        if (!_allocated) Allocate();
        foreach (var t in _graph.OutputTensors) t.Pending = false;
        control.ChargeWork(Ops.OpWork.Add(_staticWork, Ops.OpWork.NodeOverhead), SubgraphIndex, null);
        var schedule = _schedule;
        var ticks = _profileTicks;
        try
        {
            for (int s = 0; s < schedule.Length; s++)
            {
                control.ThrowIfStopped();
                var node = schedule[s];
                long t0 = ticks is null ? 0 : System.Diagnostics.Stopwatch.GetTimestamp();
                if (node.Deferred) PrepareAtRunTime(node, control);
                RunEval(node);
                if (ticks is not null) ticks[s] += System.Diagnostics.Stopwatch.GetTimestamp() - t0;
            }
        }
        catch
        {
            // Outputs of an interrupted invoke are incomplete: reading them is an error until the next Invoke.
            foreach (var t in _graph.OutputTensors)
                if (!t.IsConstant && !t.IsPersistent && !_graph.InputTensors.Contains(t)) t.Pending = true;
            throw;
        }
        if (ticks is not null) _profileInvokes++;
    }

    /// <summary>A node that reads dynamic tensors: prepared now that its inputs' shapes are known; outputs and scratch get own buffers.</summary>
    private void PrepareAtRunTime(ExecNode node, InvokeControl control)
    {
        RunPrepare(node);
        node.Work = EstimateWork(node);
        control.ChargeWork(node.Work, SubgraphIndex, node);
        var ledger = _owner.Ledger;
        var tensors = _graph.Tensors;
        foreach (int o in node.Outputs) EnsureOwnStorage(tensors[o], node, "dynamic tensor");
        var ctx = node.Context;
        long need = 0;
        foreach (int size in ctx.ScratchSizes) need += size;
        if ((node.OwnScratch?.Length ?? 0) < need)
        {
            long have = node.OwnScratch?.Length ?? 0;
            if (need > Array.MaxLength) throw ctx.Fail($"scratch of {need} bytes is too large");
            ledger.Reserve(need - have, $"scratch of {node.Describe(SubgraphIndex)}");
            node.OwnScratch = new byte[need];
        }
        int offset = 0;
        for (int k = 0; k < ctx.ScratchSizes.Count; k++)
        {
            ctx.SetScratch(k, node.OwnScratch!, offset);
            offset += ctx.ScratchSizes[k];
        }
    }

    /// <summary>
    /// Own storage (outside the arena) for a dynamic or persistent tensor of its current shape; growth is reserved
    /// on the memory budget first. String tensors are written by their kernels.
    /// </summary>
    internal void EnsureOwnStorage(LiteTensor t, ExecNode node, string what)
    {
        if (t.DataType == TensorType.String) return;
        long bytes = t.RequiredBytes();
        if (bytes < 0)
            throw node.Context.Fail($"output {ModelText.Quote(t.Name)} of type {TensorTypes.Name(t.DataType)} shape [{string.Join(",", t.Shape.ToArray())}] has no fixed size or is too large");
        CheckTensorLimit(_owner.Model, t, bytes);
        long more = bytes - t.OwnBytes;
        if (more > 0) _owner.Ledger.Reserve(more, $"{what} {ModelText.Quote(t.Name)} ({node.Describe(SubgraphIndex)})");
        t.UseOwnStorage((int)bytes);
    }

    /// <summary>Mean time per Invoke of every scheduled node, in execution order.</summary>
    public IReadOnlyList<OperatorProfile> GetProfile()
    {
        if (!_owner.Options.EnableProfiling) throw new InvalidOperationException("profiling is off: set InterpreterOptions.EnableProfiling");
        var ticks = _profileTicks ?? [];
        var list = new List<OperatorProfile>(_schedule.Length);
        for (int s = 0; s < _schedule.Length && s < ticks.Length; s++)
        {
            double ms = _profileInvokes == 0 ? 0 : ticks[s] * 1000.0 / System.Diagnostics.Stopwatch.Frequency / _profileInvokes;
            var ctx = _schedule[s].Context;
            list.Add(new OperatorProfile(_schedule[s].Index, ctx.OperatorName, ctx.OutputCount > 0 ? ctx.Outputs[0].Name : "", ms));
        }
        return list;
    }

    public void ResetProfile()
    {
        if (_profileTicks is not null) Array.Clear(_profileTicks);
        _profileInvokes = 0;
    }

    internal static void RunPrepare(ExecNode node)
    {
        var ctx = node.Context;
        ctx.ClearScratchRequests();
        ctx.InPrepare = true;
        try
        {
            node.Kernel.Prepare(ctx);
        }
        catch (Exception ex) when (ex is not OperatorException and not ResourceLimitException and not OperationCanceledException and not ObjectDisposedException)
        {
            throw ctx.Wrap(ex);
        }
        finally
        {
            ctx.InPrepare = false;
        }
    }

    internal static void RunEval(ExecNode node)
    {
        var ctx = node.Context;
        try
        {
            node.Kernel.Eval(ctx);
        }
        catch (Exception ex) when (ex is not OperatorException and not ResourceLimitException and not OperationCanceledException and not ObjectDisposedException)
        {
            throw ctx.Wrap(ex);
        }
    }

    public void Release()
    {
        foreach (var t in _graph.Tensors)
        {
            _owner.Ledger.Release(t.OwnBytes);
            t.ClearStorage();
        }
        _owner.Ledger.Release(_arenaCharged);
        _arenaCharged = 0;
        foreach (var v in _variableStorage.Values) _owner.Ledger.Release(v.Length);
        foreach (var n in _graph.Nodes)
            if (n.Kernel is IDisposable d) d.Dispose();
        _arena = [];
        _arenaBase = 0;
        _variableStorage.Clear();
        _allocated = false;
    }
}
