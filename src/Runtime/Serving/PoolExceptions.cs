namespace ManagedLite.Serving;

/// <summary>
/// Every interpreter of an <see cref="InterpreterPool"/> is leased and the pool does not wait
/// (<see cref="InterpreterPoolOptions.WaitWhenExhausted"/> false) or waited past <see cref="InterpreterPoolOptions.RentTimeout"/>.
/// </summary>
public sealed class PoolExhaustedException : InvalidOperationException
{
    /// <summary>Creates the exception for a pool of <paramref name="maxSize"/> interpreters.</summary>
    public PoolExhaustedException(int maxSize, TimeSpan waited)
        : base(waited == TimeSpan.Zero
            ? $"all {maxSize} interpreter(s) of the pool are in use (InterpreterPoolOptions.WaitWhenExhausted is false)"
            : $"no interpreter of the pool's {maxSize} returned within {waited.TotalMilliseconds:0.###} ms (InterpreterPoolOptions.RentTimeout)")
    {
        MaxSize = maxSize;
        Waited = waited;
    }

    /// <summary>The pool's <see cref="InterpreterPoolOptions.MaxSize"/>.</summary>
    public int MaxSize { get; }
    /// <summary>How long the rent waited (zero when the pool fails fast).</summary>
    public TimeSpan Waited { get; }
}

/// <summary>
/// A model swap was refused: the new model could not be read, verified, built, run on the validation inputs, or
/// differs from the serving one. The pool keeps serving generation <see cref="ServingGeneration"/>; the cause is
/// <see cref="Exception.InnerException"/> when there is one.
/// </summary>
public sealed class ModelSwapException : Exception
{
    /// <summary>Creates the exception; <paramref name="reason"/> says what failed.</summary>
    public ModelSwapException(long servingGeneration, string reason, Exception? inner = null)
        : base($"model swap refused, generation {servingGeneration} keeps serving: {reason}", inner)
    {
        ServingGeneration = servingGeneration;
        Reason = reason;
    }

    /// <summary>The generation that still serves.</summary>
    public long ServingGeneration { get; }
    /// <summary>Why the new model was refused.</summary>
    public string Reason { get; }
}
