namespace ManagedLite.Execution;

/// <summary>
/// The memory budget of one interpreter (<see cref="InterpreterOptions.MaxMemoryBytes"/>): every byte it
/// allocates for tensors (arenas of all its subgraphs, folded constants, variables, dynamic and persistent
/// tensors, packed weights it creates, scratch of nodes prepared at run time) is reserved here before it is
/// allocated, so that crossing the budget is a <see cref="ResourceLimitException"/>, never an
/// OutOfMemoryException. Thread-safe (kernels of parallel subgraphs may reserve at once).
/// </summary>
internal sealed class MemoryLedger(long limit)
{
    private long _used;

    public long Limit { get; } = limit;
    public long Used => Interlocked.Read(ref _used);

    /// <summary>Reserves <paramref name="bytes"/>; throws naming <paramref name="what"/> when the budget would be crossed.</summary>
    public void Reserve(long bytes, string what)
    {
        if (bytes <= 0) return;
        long now = Interlocked.Add(ref _used, bytes);
        if (now > Limit || now < 0)
        {
            Interlocked.Add(ref _used, -bytes);
            throw new ResourceLimitException(nameof(InterpreterOptions.MaxMemoryBytes), bytes, Limit,
                $"{what} needs {bytes} more bytes; the interpreter already holds {now - bytes}, and the limit is {Limit} bytes (InterpreterOptions.MaxMemoryBytes)");
        }
    }

    public void Release(long bytes)
    {
        if (bytes > 0) Interlocked.Add(ref _used, -bytes);
    }
}
