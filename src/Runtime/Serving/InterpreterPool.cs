using System.Runtime.InteropServices;
using ManagedLite.Schema;

namespace ManagedLite.Serving;

/// <summary>
/// Many concurrent requests on one <see cref="ManagedLite.Model"/>: a bounded set of interpreters over the shared,
/// immutable model (its packed weights are shared), each serving one request at a time. A request rents an
/// interpreter (<see cref="RentAsync"/>) or calls <see cref="RunAsync(IReadOnlyDictionary{string, ReadOnlyMemory{byte}}, CancellationToken)"/>;
/// when all are leased it waits in arrival order (or fails fast, per <see cref="InterpreterPoolOptions"/>). Leases
/// come back reset. <see cref="SwapModel(Model, ModelSwapOptions?)"/> switches to a new model atomically: requests in
/// flight finish on the old one, whose interpreters are disposed as they return, so the old model can be collected
/// once the last returns. Thread-safe: every member may be called from any thread.
/// </summary>
public sealed class InterpreterPool : IDisposable
{
    private static readonly ModelSwapOptions DefaultSwapOptions = new();

    private readonly object _gate = new();      // generations, idle stacks, counters
    private readonly object _swapGate = new();  // one swap at a time
    private readonly SemaphoreSlim _slots;      // one slot per lease; FIFO hand-off to async waiters
    private readonly InterpreterOptions _interpreterOptions;
    private readonly int _maxSize, _prewarm;
    private readonly bool _wait, _reset;
    private readonly TimeSpan _timeout;
    private PoolGeneration _current;
    private bool _disposed;
    private long _swaps, _failedSwaps, _created;
    private int _retiredLeased;

    /// <summary>
    /// A pool over <paramref name="model"/>. <see cref="InterpreterPoolOptions.Prewarm"/> interpreters are built and
    /// allocated here, so an operator the build cannot run (<see cref="UnsupportedOperatorException"/>) or a model
    /// that fails preparation is reported by the constructor.
    /// </summary>
    public InterpreterPool(Model model, InterpreterPoolOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new InterpreterPoolOptions();
        if (options.MaxSize < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxSize, "InterpreterPoolOptions.MaxSize must be at least 1");
        if (options.Prewarm < 0 || options.Prewarm > options.MaxSize)
            throw new ArgumentOutOfRangeException(nameof(options), options.Prewarm, $"InterpreterPoolOptions.Prewarm must be from 0 to MaxSize ({options.MaxSize})");
        if (options.RentTimeout != Timeout.InfiniteTimeSpan && (options.RentTimeout < TimeSpan.Zero || options.RentTimeout.TotalMilliseconds > int.MaxValue))
            throw new ArgumentOutOfRangeException(nameof(options), options.RentTimeout, "InterpreterPoolOptions.RentTimeout must be Timeout.InfiniteTimeSpan or from 0 to int.MaxValue ms");
        _maxSize = options.MaxSize;
        _prewarm = options.Prewarm;
        _wait = options.WaitWhenExhausted;
        _reset = options.ResetStateOnReturn;
        _timeout = options.RentTimeout;
        _interpreterOptions = options.InterpreterOptions ?? new InterpreterOptions { Threads = 1 };
        _slots = new SemaphoreSlim(_maxSize);
        var gen = new PoolGeneration(model, 0, _maxSize);
        foreach (var e in BuildMany(gen, _prewarm)) gen.Idle.Push(e);
        _current = gen;
    }

    /// <summary>A pool over the model in <paramref name="path"/> (read with <see cref="Model.FromFile"/>).</summary>
    public static InterpreterPool FromFile(string path, InterpreterPoolOptions? options = null, ModelLimits? limits = null) =>
        new(Model.FromFile(path, limits), options);

    /// <summary>The model that new requests run on.</summary>
    public Model Model => Volatile.Read(ref _current).Model;
    /// <summary>Generation of <see cref="Model"/>: 0 for the pool's first model, +1 for each successful swap.</summary>
    public long Generation => Volatile.Read(ref _current).Number;
    /// <summary>Successful swaps so far.</summary>
    public long SwapCount => Interlocked.Read(ref _swaps);
    /// <summary>Refused swaps so far (the old model kept serving).</summary>
    public long FailedSwapCount => Interlocked.Read(ref _failedSwaps);
    /// <summary>Most interpreters leased at once.</summary>
    public int MaxSize => _maxSize;
    /// <summary>Interpreters built so far, over all generations (a measure of how often the pool had to build one).</summary>
    public long InterpretersCreated => Interlocked.Read(ref _created);
    /// <summary>Leases out now (approximate while rents are in progress).</summary>
    public int InUse => Math.Clamp(_maxSize - _slots.CurrentCount, 0, _maxSize);
    /// <summary>Idle interpreters of the current model, ready for the next requests.</summary>
    public int IdleCount { get { lock (_gate) return _current.Idle.Count; } }
    /// <summary>Leases still out on models that were swapped out: their interpreters are disposed as they return.</summary>
    public int RetiredLeases { get { lock (_gate) return _retiredLeased; } }

    // ---- renting ----

    /// <summary>
    /// Rents an interpreter of the current model, waiting in arrival order while all are leased (unless the pool
    /// fails fast). Throws <see cref="PoolExhaustedException"/> when it cannot wait or waited past the rent timeout,
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled while waiting,
    /// <see cref="ObjectDisposedException"/> after <see cref="Dispose"/>. Dispose the lease to return it. Allocates
    /// nothing when an interpreter is free.
    /// </summary>
    public ValueTask<InterpreterLease> RentAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        cancellationToken.ThrowIfCancellationRequested();
        if (!_wait)
        {
            if (!_slots.Wait(0)) throw new PoolExhaustedException(_maxSize, TimeSpan.Zero);
            return new ValueTask<InterpreterLease>(Acquire());
        }
        var wait = _slots.WaitAsync(_timeout, cancellationToken);
        if (wait.IsCompletedSuccessfully)
            return wait.Result ? new ValueTask<InterpreterLease>(Acquire()) : throw new PoolExhaustedException(_maxSize, _timeout);
        return RentSlow(wait);
    }

    private async ValueTask<InterpreterLease> RentSlow(Task<bool> wait)
    {
        if (!await wait.ConfigureAwait(false)) throw new PoolExhaustedException(_maxSize, _timeout);
        return Acquire();
    }

    /// <summary>As <see cref="RentAsync"/>, blocking the calling thread while it waits.</summary>
    public InterpreterLease Rent(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        cancellationToken.ThrowIfCancellationRequested();
        if (!_slots.Wait(_wait ? _timeout : TimeSpan.Zero, cancellationToken))
            throw new PoolExhaustedException(_maxSize, _wait ? _timeout : TimeSpan.Zero);
        return Acquire();
    }

    /// <summary>Rents an interpreter when one is free now; false (and a default lease) when all are leased.</summary>
    public bool TryRent(out InterpreterLease lease)
    {
        ThrowIfDisposed();
        if (!_slots.Wait(0))
        {
            lease = default;
            return false;
        }
        lease = Acquire();
        return true;
    }

    /// <summary>With a slot held: an idle interpreter of the current generation, or a new one.</summary>
    private InterpreterLease Acquire()
    {
        PooledInterpreter? entry = null;
        try
        {
            PoolGeneration gen;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                gen = _current;
                gen.Leased++;
                if (gen.Idle.Count > 0) entry = gen.Idle.Pop();
            }
            if (entry is null)
            {
                try { entry = Build(gen); }
                catch
                {
                    lock (_gate) Unlease(gen);
                    throw;
                }
            }
        }
        catch
        {
            _slots.Release();
            throw;
        }
        int token = Interlocked.Increment(ref entry.Token);
        return new InterpreterLease(this, entry, token);
    }

    private void Unlease(PoolGeneration gen)
    {
        gen.Leased--;
        if (gen.Retired) _retiredLeased--;
    }

    /// <summary>Called by <see cref="InterpreterLease.Dispose"/>: reset and keep, or dispose when swapped out, discarded or disposed.</summary>
    internal void Return(PooledInterpreter entry, int token)
    {
        if (Interlocked.CompareExchange(ref entry.Token, token + 1, token) != token) return; // returned already
        var gen = entry.Generation;
        bool keep = !entry.Broken && !gen.Retired;
        if (keep && _reset) keep = TryRestore(entry);
        lock (_gate)
        {
            Unlease(gen);
            keep = keep && gen == _current && !_disposed && gen.Idle.Count < _maxSize;
            if (keep) gen.Idle.Push(entry);
        }
        if (!keep) entry.Close();
        _slots.Release();
    }

    /// <summary>Inputs back to the shapes they were built with, variables and stateful kernels reset.</summary>
    private static bool TryRestore(PooledInterpreter entry)
    {
        var interp = entry.Interpreter;
        try
        {
            bool resized = false;
            var inputs = interp.Inputs;
            for (int i = 0; i < inputs.Count; i++)
            {
                if (inputs[i].Shape.SequenceEqual(entry.InputShapes[i])) continue;
                interp.ResizeInputTensor(i, entry.InputShapes[i], strict: false);
                resized = true;
            }
            if (resized) interp.AllocateTensors();
            interp.ResetVariableTensors();
            return true;
        }
        catch (Exception e) when (e is OperatorException or TensorException or ResourceLimitException or InvalidOperationException or ObjectDisposedException)
        {
            return false; // the interpreter is disposed instead; the pool builds a fresh one when needed
        }
    }

    private PooledInterpreter Build(PoolGeneration gen)
    {
        var interp = new Interpreter(gen.Model, _interpreterOptions);
        try { interp.AllocateTensors(); }
        catch
        {
            interp.Dispose();
            throw;
        }
        Interlocked.Increment(ref _created);
        return new PooledInterpreter(interp, gen);
    }

    private List<PooledInterpreter> BuildMany(PoolGeneration gen, int count)
    {
        var list = new List<PooledInterpreter>(count);
        try
        {
            for (int i = 0; i < count; i++) list.Add(Build(gen));
        }
        catch
        {
            foreach (var e in list) e.Interpreter.Dispose();
            throw;
        }
        return list;
    }

    // ---- running ----

    /// <summary>
    /// Runs one request: rents an interpreter, copies <paramref name="inputs"/> (by input tensor name, raw
    /// little-endian bytes of exactly the tensor's size), invokes it and returns copies of the outputs. Cancellation
    /// stops the wait for an interpreter and the invoke itself (between nodes; the interpreter stays usable). An input
    /// missing, unknown or of the wrong size raises <see cref="TensorException"/> or <see cref="KeyNotFoundException"/>.
    /// Allocates only the returned outputs when an interpreter is free.
    /// </summary>
    public async ValueTask<InferenceResult> RunAsync(IReadOnlyDictionary<string, ReadOnlyMemory<byte>> inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var lease = await RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var interp = lease.Interpreter;
            SetInputs(interp, inputs);
            Invoke(lease, cancellationToken);
            return Collect(lease);
        }
        finally
        {
            lease.Dispose();
        }
    }

    /// <summary>
    /// As <see cref="RunAsync(IReadOnlyDictionary{string, ReadOnlyMemory{byte}}, CancellationToken)"/> with typed arrays
    /// (float[], sbyte[], byte[], short[], int[], long[], Half[], bool[], double[]) whose element type must be the
    /// tensor's and whose length its element count.
    /// </summary>
    public async ValueTask<InferenceResult> RunAsync(IReadOnlyDictionary<string, Array> inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var lease = await RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var interp = lease.Interpreter;
            var list = interp.Inputs;
            if (inputs.Count != list.Count) CheckNames(list, inputs.Count, inputs.ContainsKey, inputs.Keys, "input");
            for (int i = 0; i < list.Count; i++)
            {
                if (!inputs.TryGetValue(list[i].Name, out var array)) CheckNames(list, inputs.Count, inputs.ContainsKey, inputs.Keys, "input");
                CopyIn(list[i], ArrayBytes(list[i], array!));
            }
            Invoke(lease, cancellationToken);
            return Collect(lease);
        }
        finally
        {
            lease.Dispose();
        }
    }

    /// <summary>
    /// Runs one request writing the outputs named in <paramref name="outputs"/> into the caller's buffers (each
    /// exactly the output's size in bytes; outputs not named are not copied) and returns the generation that served
    /// it. Allocates nothing when an interpreter is free: the path for services that reuse their buffers.
    /// </summary>
    public async ValueTask<long> RunAsync(IReadOnlyDictionary<string, ReadOnlyMemory<byte>> inputs, IReadOnlyDictionary<string, Memory<byte>> outputs,
                                          CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        var lease = await RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var interp = lease.Interpreter;
            SetInputs(interp, inputs);
            Invoke(lease, cancellationToken);
            var list = interp.Outputs;
            int found = 0;
            for (int i = 0; i < list.Count; i++)
            {
                if (!outputs.TryGetValue(list[i].Name, out var buffer)) continue;
                CopyOut(list[i], buffer.Span);
                found++;
            }
            if (found != outputs.Count) CheckNames(list, outputs.Count, outputs.ContainsKey, outputs.Keys, "output", subset: true);
            return lease.Generation;
        }
        finally
        {
            lease.Dispose();
        }
    }

    /// <summary>
    /// As the named overload, by position: <paramref name="inputs"/>[i] for model input i (all of them),
    /// <paramref name="outputs"/>[i] for output i (at most as many as the model has; an empty buffer skips an output).
    /// Allocates nothing when an interpreter is free.
    /// </summary>
    public async ValueTask<long> RunAsync(IReadOnlyList<ReadOnlyMemory<byte>> inputs, IReadOnlyList<Memory<byte>> outputs,
                                          CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        var lease = await RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var interp = lease.Interpreter;
            var ins = interp.Inputs;
            if (inputs.Count != ins.Count)
                throw new ArgumentException($"the model has {ins.Count} input(s) ({string.Join(", ", ins.Select(t => ModelText.Quote(t.Name)))}), got {inputs.Count}", nameof(inputs));
            var outs = interp.Outputs;
            if (outputs.Count > outs.Count)
                throw new ArgumentException($"the model has {outs.Count} output(s), got {outputs.Count} buffers", nameof(outputs));
            for (int i = 0; i < ins.Count; i++) CopyIn(ins[i], inputs[i].Span);
            Invoke(lease, cancellationToken);
            for (int i = 0; i < outputs.Count; i++)
            {
                var buffer = outputs[i].Span;
                if (buffer.IsEmpty && outs[i].ByteLength != 0) continue;
                CopyOut(outs[i], buffer);
            }
            return lease.Generation;
        }
        finally
        {
            lease.Dispose();
        }
    }

    private static void Invoke(InterpreterLease lease, CancellationToken cancellationToken)
    {
        try
        {
            lease.Interpreter.Invoke(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            lease.Discard(); // an interpreter that failed mid-run is not reused
            throw;
        }
    }

    private static InferenceResult Collect(InterpreterLease lease)
    {
        var outs = lease.Interpreter.Outputs;
        var copies = new TensorOutput[outs.Count];
        for (int i = 0; i < copies.Length; i++) copies[i] = new TensorOutput(outs[i]);
        return new InferenceResult(lease.Generation, copies);
    }

    private static void SetInputs(Interpreter interp, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> inputs)
    {
        var list = interp.Inputs;
        if (inputs.Count != list.Count) CheckNames(list, inputs.Count, inputs.ContainsKey, inputs.Keys, "input");
        for (int i = 0; i < list.Count; i++)
        {
            var t = list[i];
            if (!inputs.TryGetValue(t.Name, out var data)) CheckNames(list, inputs.Count, inputs.ContainsKey, inputs.Keys, "input");
            CopyIn(t, data.Span);
        }
    }

    /// <summary>Throws when the names given differ from the tensors' (all of them, or a subset for outputs).</summary>
    private static void CheckNames(IReadOnlyList<LiteTensor> tensors, int count, Func<string, bool> contains, IEnumerable<string> given, string what, bool subset = false)
    {
        var names = tensors.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = given.Where(n => !names.Contains(n)).ToList();
        var missing = subset ? [] : tensors.Where(t => !contains(t.Name)).Select(t => t.Name).ToList();
        if (unknown.Count == 0 && missing.Count == 0 && (subset || count == tensors.Count)) return;
        string expected = string.Join(", ", tensors.Select(t => ModelText.Quote(t.Name)));
        var parts = new List<string>();
        if (missing.Count > 0) parts.Add($"missing {string.Join(", ", missing.Select(n => ModelText.Quote(n)))}");
        if (unknown.Count > 0) parts.Add($"unknown {string.Join(", ", unknown.Select(n => ModelText.Quote(n)))}");
        throw new KeyNotFoundException(ModelText.Message($"{what}s by name: {string.Join("; ", parts)}; the model's {what}s are {expected}"));
    }

    private static void CopyIn(LiteTensor t, ReadOnlySpan<byte> data)
    {
        var dst = t.WritableBytes;
        if (data.Length != dst.Length)
            throw new TensorException(t.Name, $"expected {dst.Length} bytes ({t.ElementCount} x {TensorTypes.Name(t.DataType)}, shape [{string.Join(",", t.Shape.ToArray())}]), got {data.Length}");
        data.CopyTo(dst);
    }

    private static void CopyOut(LiteTensor t, Span<byte> buffer)
    {
        var src = t.RawBytes;
        if (buffer.Length != src.Length)
            throw new TensorException(t.Name, $"the output buffer holds {buffer.Length} bytes; the output has {src.Length} ({t.ElementCount} x {TensorTypes.Name(t.DataType)}, shape [{string.Join(",", t.Shape.ToArray())}])");
        src.CopyTo(buffer);
    }

    private static ReadOnlySpan<byte> ArrayBytes(LiteTensor t, Array array) => array switch
    {
        float[] a => Typed<float>(t, a),
        sbyte[] a => Typed<sbyte>(t, a),
        byte[] a => Typed<byte>(t, a),
        short[] a => Typed<short>(t, a),
        int[] a => Typed<int>(t, a),
        long[] a => Typed<long>(t, a),
        Half[] a => Typed<Half>(t, a),
        bool[] a => Typed<bool>(t, a),
        double[] a => Typed<double>(t, a),
        null => throw new TensorException(t.Name, "the input array is null"),
        _ => throw new TensorException(t.Name, $"arrays of {array.GetType().Name} are not accepted: pass a one-dimensional array of the tensor's element type ({TensorTypes.Name(t.DataType)})"),
    };

    private static ReadOnlySpan<byte> Typed<T>(LiteTensor t, T[] a) where T : unmanaged
    {
        if (!TensorTypes.Matches<T>(t.DataType))
            throw new TensorException(t.Name, $"is {TensorTypes.Name(t.DataType)}, got an array of {typeof(T).Name}");
        return MemoryMarshal.AsBytes(a.AsSpan());
    }

    // ---- swapping ----

    /// <summary>
    /// Reads, verifies and builds the model in <paramref name="path"/>, then switches to it (see
    /// <see cref="SwapModel(Model, ModelSwapOptions?)"/>). Returns the new generation.
    /// </summary>
    public long SwapModel(string path, ModelSwapOptions? options = null, ModelLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Swap(() => Model.FromFile(path, limits), options);
    }

    /// <summary>
    /// As <see cref="SwapModel(string, ModelSwapOptions?, ModelLimits?)"/> from bytes (not copied: they must not change
    /// afterwards). Returns the new generation.
    /// </summary>
    public long SwapModel(ReadOnlyMemory<byte> bytes, ModelSwapOptions? options = null, ModelLimits? limits = null) =>
        Swap(() => Model.FromBytes(bytes, limits), options);

    /// <summary>
    /// Switches the pool to <paramref name="model"/>. First, with the old model still serving: checks that its inputs
    /// and outputs match the serving model's (unless <see cref="ModelSwapOptions.RequireSameSignature"/> is false),
    /// builds and allocates its first interpreter(s), runs the validation inputs and callback. Any failure throws
    /// <see cref="ModelSwapException"/> (the cause as its inner exception) and changes nothing. Then, atomically, new
    /// rents get the new model; leases out on the old one finish there and their interpreters are disposed as they
    /// return; idle old interpreters are disposed now. Swaps are serialized. Returns the new generation.
    /// </summary>
    public long SwapModel(Model model, ModelSwapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Swap(() => model, options);
    }

    /// <summary>
    /// As <see cref="SwapModel(Model, ModelSwapOptions?)"/> with a model that <paramref name="load"/> reads (for example
    /// <c>() =&gt; Model.FromEncryptedFile(path, key)</c>): an exception from it is a refused swap too, reported as
    /// <see cref="ModelSwapException"/> with the old model still serving.
    /// </summary>
    public long SwapModel(Func<Model> load, ModelSwapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(load);
        return Swap(load, options);
    }

    /// <summary>As <see cref="SwapModel(string, ModelSwapOptions?, ModelLimits?)"/> on a thread-pool thread (reading and building a large model takes a while).</summary>
    public Task<long> SwapModelAsync(string path, ModelSwapOptions? options = null, ModelLimits? limits = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => SwapModel(path, options, limits), cancellationToken);

    private long Swap(Func<Model> load, ModelSwapOptions? options)
    {
        ThrowIfDisposed();
        options ??= DefaultSwapOptions;
        lock (_swapGate)
        {
            var serving = Volatile.Read(ref _current);
            Model model;
            try { model = load(); }
            catch (Exception e)
            {
                throw Refused(serving, $"the new model cannot be read: {e.Message}", e);
            }
            if (options.RequireSameSignature && CompareSignatures(serving.Model, model) is { } difference)
                throw Refused(serving, difference, null);
            var gen = new PoolGeneration(model, serving.Number + 1, _maxSize);
            List<PooledInterpreter> built;
            try { built = BuildMany(gen, Math.Max(1, _prewarm)); }
            catch (Exception e)
            {
                throw Refused(serving, $"the new model cannot be prepared: {e.Message}", e);
            }
            try
            {
                var first = built[0].Interpreter;
                if (options.ValidationInputs is { } trial)
                {
                    try
                    {
                        SetInputs(first, trial);
                        first.Invoke();
                    }
                    catch (Exception e)
                    {
                        throw Refused(serving, $"the trial run on the validation inputs failed: {e.Message}", e);
                    }
                }
                if (options.Validate is { } validate)
                {
                    string? reason;
                    try { reason = validate(first); }
                    catch (Exception e)
                    {
                        throw Refused(serving, $"the validation callback failed: {e.Message}", e);
                    }
                    if (reason is not null) throw Refused(serving, $"the validation callback refused the model: {reason}", null);
                }
                if (!TryRestore(built[0])) throw Refused(serving, "the new model's interpreter could not be reset after validation", null);
            }
            catch
            {
                foreach (var e in built) e.Interpreter.Dispose();
                throw;
            }

            PooledInterpreter[] drained;
            lock (_gate)
            {
                if (_disposed)
                {
                    foreach (var e in built) e.Interpreter.Dispose();
                    throw new ObjectDisposedException(nameof(InterpreterPool));
                }
                var old = _current;
                old.Retired = true;
                _retiredLeased += old.Leased;
                drained = old.Idle.ToArray();
                old.Idle.Clear();
                foreach (var e in built) gen.Idle.Push(e);
                Volatile.Write(ref _current, gen);
                _swaps++;
            }
            foreach (var e in drained) e.Close();
            return gen.Number;
        }
    }

    private ModelSwapException Refused(PoolGeneration serving, string reason, Exception? inner)
    {
        Interlocked.Increment(ref _failedSwaps);
        return new ModelSwapException(serving.Number, reason, inner);
    }

    /// <summary>Null when the primary subgraphs' inputs and outputs agree (names, types, shape signatures); else the first difference.</summary>
    internal static string? CompareSignatures(Model serving, Model next)
    {
        var a = serving.Definition.SubGraphs[0];
        if (next.Definition.SubGraphs.Count == 0) return "the new model has no subgraphs";
        var b = next.Definition.SubGraphs[0];
        return Compare("input", a, a.Inputs, b, b.Inputs) ?? Compare("output", a, a.Outputs, b, b.Outputs);

        static string? Compare(string what, SubGraphDef ga, int[] ia, SubGraphDef gb, int[] ib)
        {
            if (ia.Length != ib.Length)
                return $"the new model has {ib.Length} {what}(s), the serving one {ia.Length} (ModelSwapOptions.RequireSameSignature)";
            for (int i = 0; i < ia.Length; i++)
            {
                if ((uint)ia[i] >= (uint)ga.Tensors.Count || (uint)ib[i] >= (uint)gb.Tensors.Count) return $"{what} {i} names no tensor";
                var ta = ga.Tensors[ia[i]];
                var tb = gb.Tensors[ib[i]];
                var sa = ta.ShapeSignature ?? ta.Shape;
                var sb = tb.ShapeSignature ?? tb.Shape;
                if (ta.Name != tb.Name || ta.Type != tb.Type || !sa.AsSpan().SequenceEqual(sb))
                    return ModelText.Message($"{what} {i} differs: the serving model has {ModelText.Quote(ta.Name)} {TensorTypes.Name(ta.Type)} [{string.Join(",", sa)}], the new one {ModelText.Quote(tb.Name)} {TensorTypes.Name(tb.Type)} [{string.Join(",", sb)}] (ModelSwapOptions.RequireSameSignature)");
            }
            return null;
        }
    }

    // ---- lifetime ----

    /// <summary>
    /// Disposes the idle interpreters; leases still out are disposed as they return. Waiting and later rents fail
    /// with <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
        PooledInterpreter[] idle;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            idle = _current.Idle.ToArray();
            _current.Idle.Clear();
        }
        foreach (var e in idle) e.Close();
        _slots.Release(_maxSize); // wakes the waiters, which then see the pool disposed
    }

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed)) throw new ObjectDisposedException(nameof(InterpreterPool), "the interpreter pool has been disposed");
    }
}

/// <summary>One model of a pool and its idle interpreters (guarded by the pool's gate).</summary>
internal sealed class PoolGeneration(Model model, long number, int capacity)
{
    public Model Model { get; } = model;
    public long Number { get; } = number;
    public Stack<PooledInterpreter> Idle { get; } = new(capacity + 1);
    public int Leased;
    public volatile bool Retired;
}

/// <summary>An interpreter of a pool, with the input shapes it is returned to and its lease token (odd while leased).</summary>
internal sealed class PooledInterpreter(Interpreter interpreter, PoolGeneration generation)
{
    public Interpreter Interpreter { get; private set; } = interpreter;
    public PoolGeneration Generation { get; private set; } = generation;
    public int[][] InputShapes { get; } = interpreter.Inputs.Select(t => t.Shape.ToArray()).ToArray();
    public int Token;
    public volatile bool Broken;

    /// <summary>Disposes the interpreter and drops the references, so that a stale copy of a lease does not keep the model alive.</summary>
    public void Close()
    {
        Interpreter.Dispose();
        Interpreter = null!;
        Generation = null!;
    }
}
