namespace ManagedLite.Serving;

/// <summary>
/// Settings of an <see cref="InterpreterPool"/>, read once when the pool is built. One instance may be shared by
/// several pools if nobody writes to it.
/// </summary>
public sealed class InterpreterPoolOptions
{
    /// <summary>Most interpreters leased at once (and most kept idle per model): 1 or more. Default: the processor count.</summary>
    public int MaxSize { get; set; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>
    /// When every interpreter is leased, wait for one to return (true, the default) or fail at once with
    /// <see cref="PoolExhaustedException"/> (false).
    /// </summary>
    public bool WaitWhenExhausted { get; set; } = true;

    /// <summary>
    /// With <see cref="WaitWhenExhausted"/>, the longest a rent waits before failing with
    /// <see cref="PoolExhaustedException"/>; <see cref="Timeout.InfiniteTimeSpan"/> (the default) waits until an
    /// interpreter returns or the request's <see cref="CancellationToken"/> is cancelled.
    /// </summary>
    public TimeSpan RentTimeout { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>
    /// Options of every pooled interpreter; null means defaults with <see cref="InterpreterOptions.Threads"/> = 1
    /// (a pool serves concurrency by running requests side by side, one thread each).
    /// </summary>
    public InterpreterOptions? InterpreterOptions { get; set; }

    /// <summary>
    /// Reset variable tensors, resource variables and stateful kernels (<see cref="Interpreter.ResetVariableTensors"/>)
    /// and restore resized inputs when a lease returns, so that no request sees another's state. Default true.
    /// </summary>
    public bool ResetStateOnReturn { get; set; } = true;

    /// <summary>Interpreters built (and allocated) up front for each model, 1 to <see cref="MaxSize"/>; the rest are built on demand. Default 1.</summary>
    public int Prewarm { get; set; } = 1;
}

/// <summary>Settings of one <see cref="InterpreterPool.SwapModel(Model, ModelSwapOptions?)"/>.</summary>
public sealed class ModelSwapOptions
{
    /// <summary>
    /// Refuse a model whose primary subgraph's inputs and outputs differ from the serving model's (count, names,
    /// element types, shape signatures), so that clients' requests stay valid. Default true.
    /// </summary>
    public bool RequireSameSignature { get; set; } = true;

    /// <summary>
    /// Inputs by tensor name (raw little-endian bytes) to run the new model on once before switching; an error
    /// there leaves the old model serving. Null (the default) skips the trial run.
    /// </summary>
    public IReadOnlyDictionary<string, ReadOnlyMemory<byte>>? ValidationInputs { get; set; }

    /// <summary>
    /// Called with the new model's interpreter after the trial run (or after allocation when there is none):
    /// return null to accept the model, or the reason to refuse it.
    /// </summary>
    public Func<Interpreter, string?>? Validate { get; set; }
}
