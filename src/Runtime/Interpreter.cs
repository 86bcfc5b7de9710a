using ManagedLite.Planning;
using ManagedLite.Schema;

namespace ManagedLite;

/// <summary>
/// Runs one model. Typical use: construct, optionally <see cref="ResizeInputTensor"/>, write
/// <see cref="Inputs"/>, <see cref="Invoke"/>, read <see cref="Outputs"/>. Not thread-safe: use one
/// interpreter per thread (they can share one <see cref="Model"/>).
/// </summary>
public sealed class Interpreter : IDisposable
{
    private readonly SubgraphRunner _main;
    private bool _disposed;

    /// <summary>
    /// Builds an interpreter for <paramref name="model"/>. Every operator is resolved here: all unsupported
    /// operators are reported at once as <see cref="UnsupportedOperatorException"/>.
    /// </summary>
    public Interpreter(Model model, InterpreterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        Options = options ?? new InterpreterOptions();
        if (Options.Threads < 1) throw new ArgumentOutOfRangeException(nameof(options), Options.Threads, "Threads must be at least 1");
        if (Options.UseReferenceKernels && Options.OpResolver is { Flavor: KernelFlavor.Optimized })
            throw new ArgumentException("UseReferenceKernels is set with an optimized OpResolver: build the resolver with OpResolver.CreateReference() (and add custom ops to it) instead", nameof(options));
        Resolver = Options.OpResolver ?? (Options.UseReferenceKernels ? OpResolver.CreateReference() : OpResolver.CreateBuiltin());
        if (model.Definition.SubGraphs.Count == 0) throw new ModelFormatException("model has no subgraphs");
        var unsupported = FindUnsupportedOperators(model, Resolver);
        if (unsupported.Count > 0) throw new UnsupportedOperatorException(unsupported);
        Parallel = Options.Threads > 1 ? new Kernels.Threading.ParallelRunner(Options.Threads) : Kernels.Threading.ParallelRunner.Serial;
        _main = new SubgraphRunner(this, 0);
    }

    /// <summary>The model this interpreter runs (shared, immutable).</summary>
    public Model Model { get; }
    /// <summary>The options it was built with (read once, at construction).</summary>
    public InterpreterOptions Options { get; }
    internal OpResolver Resolver { get; }
    internal Kernels.Threading.ParallelRunner Parallel { get; }

    /// <summary>Input tensors of the primary subgraph, in model order.</summary>
    public IReadOnlyList<LiteTensor> Inputs => _main.InputTensors;
    /// <summary>Output tensors of the primary subgraph, in model order.</summary>
    public IReadOnlyList<LiteTensor> Outputs => _main.OutputTensors;
    /// <summary>All tensors of the primary subgraph, by index (intermediates hold data only with PreserveAllTensors).</summary>
    public IReadOnlyList<LiteTensor> Tensors => _main.Tensors;

    /// <summary>Bytes of the activation arena planned by the last <see cref="AllocateTensors"/>.</summary>
    public long ArenaBytes => _main.ArenaBytes;
    /// <summary>Number of nodes executed by <see cref="Invoke"/> (after constant folding and fusion).</summary>
    public int ExecutionPlanLength => _main.PlanLength;

    /// <summary>The input named <paramref name="name"/>; <see cref="KeyNotFoundException"/> lists the names when there is none.</summary>
    public LiteTensor GetInputTensor(string name) => _main.FindInput(name);
    /// <summary>The output named <paramref name="name"/>; <see cref="KeyNotFoundException"/> lists the names when there is none.</summary>
    public LiteTensor GetOutputTensor(string name) => _main.FindOutput(name);

    /// <summary>Changes the shape of input <paramref name="inputIndex"/>; takes effect at the next AllocateTensors/Invoke.</summary>
    public void ResizeInputTensor(int inputIndex, ReadOnlySpan<int> shape)
    {
        ThrowIfDisposed();
        _main.ResizeInput(inputIndex, shape);
    }

    /// <summary>Runs shape propagation and memory planning. Invoke calls it when needed.</summary>
    public void AllocateTensors()
    {
        ThrowIfDisposed();
        _main.Allocate();
    }

    /// <summary>Runs the model once on the current inputs (allocating tensors first when needed).</summary>
    public void Invoke()
    {
        ThrowIfDisposed();
        _main.Invoke();
    }

    /// <summary>Mean time per Invoke of each node since the last reset (needs <see cref="InterpreterOptions.EnableProfiling"/>).</summary>
    public IReadOnlyList<OperatorProfile> GetOperatorProfile() => _main.GetProfile();

    /// <summary>Clears the timings of <see cref="GetOperatorProfile"/> (for example after warm-up runs).</summary>
    public void ResetOperatorProfile() => _main.ResetProfile();

    /// <summary>Resets variable tensors (for example LSTM and SVDF state) to their initial values.</summary>
    public void ResetVariableTensors()
    {
        ThrowIfDisposed();
        _main.ResetVariables();
    }

    /// <summary>Signature keys of the model, in model order.</summary>
    public IReadOnlyList<string> SignatureKeys => Model.Definition.SignatureDefs.Select(s => s.SignatureKey).ToArray();

    /// <summary>The runner of the signature <paramref name="key"/>, with inputs and outputs by signature name.</summary>
    public SignatureRunner GetSignatureRunner(string key)
    {
        ThrowIfDisposed();
        var sig = Model.Definition.SignatureDefs.FirstOrDefault(s => s.SignatureKey == key)
            ?? throw new KeyNotFoundException($"signature '{key}' not found; the model has: {string.Join(", ", SignatureKeys.Select(k => $"'{k}'"))}");
        var runner = sig.SubGraphIndex == 0 ? _main : new SubgraphRunner(this, sig.SubGraphIndex);
        return new SignatureRunner(sig, runner);
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

    /// <summary>Releases the arena and the worker threads. The tensors of a disposed interpreter have no data.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _main.Release();
        Parallel.Dispose();
    }

    private void ThrowIfDisposed()
    {
        if (_disposed) throw new ObjectDisposedException(nameof(Interpreter), "the interpreter has been disposed");
    }
}
