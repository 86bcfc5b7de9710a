using ManagedLite.Delegates;
using ManagedLite.Execution;
using ManagedLite.Passes;
using ManagedLite.Schema;

namespace ManagedLite;

/// <summary>
/// Runs one model. Typical use: construct, optionally <see cref="ResizeInputTensor(int, ReadOnlySpan{int})"/>, write
/// <see cref="Inputs"/>, <see cref="Invoke()"/>, read <see cref="Outputs"/>. An interpreter is single-threaded, as in
/// TFLite: a second thread calling Invoke (or AllocateTensors, ResizeInputTensor, ResetVariableTensors) while one
/// runs gets an <see cref="InvalidOperationException"/>; use one interpreter per thread, sharing one <see cref="Model"/>
/// (its weights are shared). <see cref="Cancel"/> and <see cref="Dispose"/> may be called from any thread at any time.
/// </summary>
public sealed partial class Interpreter : IDisposable
{
    private readonly SubgraphExecutor?[] _executors;
    private readonly SubgraphExecutor _main;
    private readonly InvokeControl _control;
    private readonly Dictionary<string, SignatureRunner> _signatures = new(StringComparer.Ordinal);
    private readonly DelegationReport?[] _reports;
    private int _busy;          // 0 idle, 1 a call is running, 2 released
    private volatile bool _disposed;

    /// <summary>
    /// Builds an interpreter for <paramref name="model"/>. Every operator is resolved here: all unsupported
    /// operators are reported at once as <see cref="UnsupportedOperatorException"/>.
    /// </summary>
    public Interpreter(Model model, InterpreterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        Options = options ?? new InterpreterOptions();
        if (Options.Threads < 1 || Options.Threads > InterpreterOptions.MaxThreads)
            throw new ArgumentOutOfRangeException(nameof(options), Options.Threads,
                $"InterpreterOptions.Threads must be between 1 and {InterpreterOptions.MaxThreads} (4 x the {Environment.ProcessorCount} processors), got {Options.Threads}");
        if (Options.MaxMemoryBytes <= 0)
            throw new ArgumentOutOfRangeException(nameof(options), Options.MaxMemoryBytes, "InterpreterOptions.MaxMemoryBytes must be positive");
        GraphPasses.Validate(Options);
        if (Options.UseReferenceKernels && Options.OpResolver is { Flavor: KernelFlavor.Optimized })
            throw new ArgumentException("UseReferenceKernels is set with an optimized OpResolver: build the resolver with OpResolver.CreateReference() (and add custom ops to it) instead", nameof(options));
        Resolver = Options.OpResolver ?? (Options.UseReferenceKernels ? OpResolver.CreateReference() : OpResolver.CreateBuiltin());
        if (model.Definition.SubGraphs.Count == 0) throw new ModelFormatException("model has no subgraphs");
        var unsupported = FindUnsupportedOperators(model, Resolver);
        if (unsupported.Count > 0) throw new UnsupportedOperatorException(unsupported);
        Ledger = new MemoryLedger(Options.MaxMemoryBytes);
        _control = new InvokeControl(Options.MaxMacsPerInvoke);
        _executors = new SubgraphExecutor?[model.Definition.SubGraphs.Count];
        _reports = new DelegationReport?[_executors.Length];
        Parallel = Options.Threads > 1 ? new Kernels.Threading.ParallelRunner(Options.Threads) : Kernels.Threading.ParallelRunner.Serial;
        try
        {
            _main = GetExecutor(0);
        }
        catch
        {
            Parallel.Dispose();
            throw;
        }
    }

    /// <summary>The model this interpreter runs (shared, immutable).</summary>
    public Model Model { get; }
    /// <summary>The options it was built with (read once, at construction).</summary>
    public InterpreterOptions Options { get; }
    internal OpResolver Resolver { get; }
    internal Kernels.Threading.ParallelRunner Parallel { get; }
    internal MemoryLedger Ledger { get; }
    internal InvokeControl Control => _control;
    /// <summary>Resource variables (VAR_HANDLE / READ_VARIABLE / ASSIGN_VARIABLE) and CALL_ONCE state of this interpreter.</summary>
    internal ResourceVariables Resources { get; } = new();

    /// <summary>Input tensors of the primary subgraph, in model order.</summary>
    public IReadOnlyList<LiteTensor> Inputs => _main.InputTensors;
    /// <summary>Output tensors of the primary subgraph, in model order.</summary>
    public IReadOnlyList<LiteTensor> Outputs => _main.OutputTensors;
    /// <summary>All tensors of the primary subgraph, by index (intermediates hold data only with PreserveAllTensors).</summary>
    public IReadOnlyList<LiteTensor> Tensors => _main.Tensors;

    /// <summary>Bytes of the activation arena of the primary subgraph planned by the last <see cref="AllocateTensors"/>.</summary>
    public long ArenaBytes => _main.ArenaBytes;
    /// <summary>Bytes of constant work shared by every interpreter of the model (folded constants, packed weights).</summary>
    public long SharedBytes => Model.SharedBytes;
    /// <summary>Bytes this interpreter holds under <see cref="InterpreterOptions.MaxMemoryBytes"/> (arenas, variables, dynamic tensors, weights it built).</summary>
    public long MemoryBytes => Ledger.Used;
    /// <summary>
    /// Number of nodes executed by <see cref="Invoke()"/> (after constant folding, fusion and delegation; after
    /// <see cref="AllocateTensors"/>, also without the nodes evaluated while preparing, such as SHAPE of a fixed shape).
    /// </summary>
    public int ExecutionPlanLength => _main.PlanLength;

    /// <summary>Where each node of the primary subgraph runs, when <see cref="InterpreterOptions.Delegate"/> is set; otherwise null.</summary>
    public DelegationReport? DelegationReport => _reports[0];

    /// <summary>The input named <paramref name="name"/>; <see cref="KeyNotFoundException"/> lists the names when there is none.</summary>
    public LiteTensor GetInputTensor(string name) => _main.FindInput(name);
    /// <summary>The output named <paramref name="name"/>; <see cref="KeyNotFoundException"/> lists the names when there is none.</summary>
    public LiteTensor GetOutputTensor(string name) => _main.FindOutput(name);

    /// <summary>Changes the shape of input <paramref name="inputIndex"/>; takes effect at the next AllocateTensors/Invoke.
    /// Only dimensions that the model's shape signature marks -1 may change.</summary>
    public void ResizeInputTensor(int inputIndex, ReadOnlySpan<int> shape) => ResizeInputTensor(inputIndex, shape, strict: true);

    /// <summary>
    /// As <see cref="ResizeInputTensor(int, ReadOnlySpan{int})"/>; with <paramref name="strict"/> false, dimensions the
    /// signature fixes may change too (TFLite's ResizeInputTensor; the model may then reject the shape in Prepare).
    /// </summary>
    public void ResizeInputTensor(int inputIndex, ReadOnlySpan<int> shape, bool strict)
    {
        Enter("ResizeInputTensor");
        try { _main.ResizeInput(inputIndex, shape, strict); }
        finally { Exit(); }
    }

    /// <summary>Runs shape propagation and memory planning. Invoke calls it when needed.</summary>
    public void AllocateTensors()
    {
        Enter("AllocateTensors");
        try { _main.Allocate(); }
        finally { Exit(); }
    }

    /// <summary>Runs the model on the current inputs. Inputs keep their values; outputs are rewritten.</summary>
    public void Invoke()
    {
        Enter("Invoke");
        try
        {
            _control.Begin();
            CheckBindings();
            _main.Invoke(_control);
            CopyBoundOutputs();
        }
        finally { Exit(); }
    }

    /// <summary>
    /// As <see cref="Invoke()"/>, stopping with <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/>
    /// is cancelled (checked between nodes and loop iterations). The interpreter stays usable.
    /// </summary>
    public void Invoke(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Enter("Invoke");
        try
        {
            _control.Begin();
            CheckBindings();
            using var registration = cancellationToken.Register(static s => ((InvokeControl)s!).RequestCancel(), _control);
            try
            {
                _main.Invoke(_control);
                CopyBoundOutputs();
            }
            catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested && e.CancellationToken != cancellationToken)
            {
                throw new OperationCanceledException(e.Message, e, cancellationToken);
            }
        }
        finally { Exit(); }
    }

    /// <summary>
    /// Stops the Invoke in flight, if any, at the next node or loop iteration with <see cref="OperationCanceledException"/>
    /// (TFLite's Cancel). Calls that start afterwards are not affected. Thread-safe.
    /// </summary>
    public void Cancel() => _control.RequestCancel();

    /// <summary>Mean time per Invoke of each node since the last reset (needs <see cref="InterpreterOptions.EnableProfiling"/>).</summary>
    public IReadOnlyList<OperatorProfile> GetOperatorProfile() => _main.GetProfile();

    /// <summary>Clears the timings of <see cref="GetOperatorProfile"/> (for example after warm-up runs).</summary>
    public void ResetOperatorProfile() => _main.ResetProfile();

    /// <summary>Resets variable tensors (LSTM and SVDF state) and resource variables to their initial values; CALL_ONCE runs again.</summary>
    public void ResetVariableTensors()
    {
        Enter("ResetVariableTensors");
        try
        {
            foreach (var e in _executors) e?.ResetVariables();
            Resources.Reset(Ledger);
        }
        finally { Exit(); }
    }

    /// <summary>Signature keys of the model, in model order.</summary>
    public IReadOnlyList<string> SignatureKeys => Model.Definition.SignatureDefs.Select(s => s.SignatureKey).ToArray();

    /// <summary>The runner of the signature <paramref name="key"/>, with inputs and outputs by signature name (one cached runner per key).</summary>
    public SignatureRunner GetSignatureRunner(string key)
    {
        ThrowIfDisposed();
        lock (_signatures)
        {
            if (_signatures.TryGetValue(key, out var cached)) return cached;
            var sig = Model.Definition.SignatureDefs.FirstOrDefault(s => s.SignatureKey == key)
                ?? throw new KeyNotFoundException($"signature {ModelText.Quote(key)} not found; the model has: {string.Join(", ", SignatureKeys.Select(k => ModelText.Quote(k)))}");
            var runner = new SignatureRunner(this, sig, GetExecutor(sig.SubGraphIndex));
            _signatures[key] = runner;
            return runner;
        }
    }

    /// <summary>
    /// Every node of the main subgraph that its kernel refuses while preparing, all at once (<see cref="AllocateTensors"/>
    /// stops at the first): the nodes that read a refused node's outputs are not prepared and are counted with it. Leaves
    /// the interpreter unallocated; throws as <see cref="AllocateTensors"/> does for anything but a refused node.
    /// </summary>
    public IReadOnlyList<PrepareFailure> FindPrepareFailures()
    {
        Enter("FindPrepareFailures");
        try { return _main.FindPrepareFailures(); }
        finally { Exit(); }
    }

    /// <summary>Every operator of the model that <paramref name="resolver"/> cannot run, in all subgraphs.</summary>
    public static IReadOnlyList<UnsupportedOperator> FindUnsupportedOperators(Model model, OpResolver? resolver = null)
    {
        resolver ??= OpResolver.CreateBuiltin();
        var def = model.Definition;
        var list = new List<UnsupportedOperator>();
        for (int s = 0; s < def.SubGraphs.Count; s++)
        {
            var ops = def.SubGraphs[s].Operators;
            for (int n = 0; n < ops.Count; n++)
            {
                var code = def.OperatorCodes[ops[n].OpcodeIndex];
                bool custom = code.Code == BuiltinOperator.CUSTOM;
                if (resolver.Find(code) is null)
                    list.Add(new UnsupportedOperator(s, n, custom ? code.CustomCode ?? "(unnamed custom op)" : code.Code.ToString(), code.Version, custom));
            }
        }
        return list;
    }

    /// <summary>The executor of subgraph <paramref name="index"/> (control flow and signatures), built on first use.</summary>
    internal SubgraphExecutor GetExecutor(int index)
    {
        if ((uint)index >= (uint)_executors.Length)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"the model has {_executors.Length} subgraphs");
        return _executors[index] ??= new SubgraphExecutor(this, index);
    }

    internal void SetDelegationReport(int subgraph, DelegationReport report) => _reports[subgraph] = report;
    internal DelegationReport? GetDelegationReport(int subgraph) => _reports[subgraph];

    internal void EnsureOwnStorage(int subgraph, LiteTensor t, ExecNode node) =>
        GetExecutor(subgraph).EnsureOwnStorage(t, node, "dynamic tensor");

    /// <summary>Runs a signature's subgraph under the interpreter's gate.</summary>
    internal void Run(SubgraphExecutor executor, string what, Action<SubgraphExecutor> action)
    {
        Enter(what);
        try
        {
            _control.Begin();
            action(executor);
        }
        finally { Exit(); }
    }

    private void Enter(string what)
    {
        ThrowIfDisposed();
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            ThrowIfDisposed();
            throw new InvalidOperationException($"{what}: this interpreter is already running a call on another thread; an interpreter is single-threaded (as in TFLite): use one interpreter per thread, sharing the Model");
        }
        if (_disposed)
        {
            Exit();
            ThrowIfDisposed();
        }
    }

    private void Exit()
    {
        Volatile.Write(ref _busy, 0);
        if (_disposed && Interlocked.CompareExchange(ref _busy, 2, 0) == 0) ReleaseResources();
    }

    /// <summary>
    /// Releases the interpreter's memory and threads. Safe at any time from any thread: an Invoke in flight stops at
    /// its next node with <see cref="ObjectDisposedException"/> (or finishes), and the resources are released when it returns.
    /// </summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _control.RequestDispose();
        if (Interlocked.CompareExchange(ref _busy, 2, 0) == 0) ReleaseResources();
    }

    private void ReleaseResources()
    {
        foreach (var e in _executors) e?.Release();
        Resources.Reset(Ledger);
        Parallel.Dispose();
    }

    private void ThrowIfDisposed()
    {
        if (_disposed) throw new ObjectDisposedException(nameof(Interpreter), "the interpreter has been disposed");
    }
}
