namespace ManagedLite.Execution;

/// <summary>
/// State shared by one Invoke and every subgraph it runs (control flow): the cancellation flag, checked
/// between nodes and between loop iterations, and the work done so far against
/// <see cref="InterpreterOptions.MaxMacsPerInvoke"/>.
/// </summary>
internal sealed class InvokeControl(long workLimit)
{
    private volatile int _cancel; // 0 = run, 1 = cancelled, 2 = disposed
    private long _work;

    public long WorkLimit { get; } = workLimit;

    public void Begin()
    {
        _work = 0;
        if (_cancel == 1) _cancel = 0;
    }

    public void RequestCancel()
    {
        if (_cancel == 0) _cancel = 1;
    }

    public void RequestDispose() => _cancel = 2;

    public bool IsDisposing => _cancel == 2;

    /// <summary>Throws when a cancellation or a Dispose was requested; called between nodes and loop iterations.</summary>
    public void ThrowIfStopped()
    {
        int c = _cancel;
        if (c == 0) return;
        if (c == 2) throw new ObjectDisposedException(nameof(Interpreter), "the interpreter was disposed during Invoke");
        throw new OperationCanceledException("Invoke was cancelled (Interpreter.Cancel or the CancellationToken)");
    }

    /// <summary>Adds work of a subgraph invocation or of a node prepared at run time; throws over the budget.</summary>
    public void ChargeWork(long units, int subgraph, ExecNode? node)
    {
        _work = _work > long.MaxValue - units ? long.MaxValue : _work + units;
        if (_work > WorkLimit)
            throw new ResourceLimitException(nameof(InterpreterOptions.MaxMacsPerInvoke), units, WorkLimit,
                $"{(node is null ? $"subgraph {subgraph}" : node.Describe(subgraph))}: the invoke needs about {_work} multiply-adds so far, over InterpreterOptions.MaxMacsPerInvoke ({WorkLimit})");
    }
}
