namespace ManagedLite.Serving;

/// <summary>
/// One interpreter of an <see cref="InterpreterPool"/>, held by one request until <see cref="Dispose"/> returns it
/// (reset) to the pool. Use it on one thread at a time, as any interpreter, and not after Dispose. A struct: renting
/// allocates nothing; disposing twice (or a copy after the first) returns it once.
/// </summary>
public readonly struct InterpreterLease : IDisposable
{
    private readonly InterpreterPool? _pool;
    private readonly PooledInterpreter? _entry;
    private readonly int _token;

    internal InterpreterLease(InterpreterPool pool, PooledInterpreter entry, int token)
    {
        _pool = pool;
        _entry = entry;
        _token = token;
    }

    internal PooledInterpreter Entry => Valid();

    /// <summary>The leased interpreter (single-threaded; valid until <see cref="Dispose"/>).</summary>
    public Interpreter Interpreter => Valid().Interpreter;

    /// <summary>The model the interpreter runs (the pool's model when it was rented: a swap does not change it).</summary>
    public Model Model => Valid().Generation.Model;

    /// <summary>The generation of <see cref="Model"/> (0 = the pool's first model, +1 per swap).</summary>
    public long Generation => Valid().Generation.Number;

    /// <summary>
    /// Marks the interpreter as not reusable (for example after an error left it in a state the caller does not
    /// trust): Dispose then disposes it instead of returning it, and the pool builds a fresh one when needed.
    /// </summary>
    public void Discard() => Valid().Broken = true;

    /// <summary>Returns the interpreter to the pool (reset), or disposes it when its model was swapped out or it was discarded.</summary>
    public void Dispose() => _pool?.Return(_entry!, _token);

    private PooledInterpreter Valid()
    {
        if (_entry is null || Volatile.Read(ref _entry.Token) != _token)
            throw new ObjectDisposedException(nameof(InterpreterLease), "the lease has been returned to the pool (or was never rented)");
        return _entry;
    }
}
