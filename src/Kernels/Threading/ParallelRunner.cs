using System.Runtime.ExceptionServices;

namespace ManagedLite.Kernels.Threading;

/// <summary>
/// A fixed set of worker threads that run <see cref="IParallelWork"/> task ranges together with the
/// calling thread. Dispatch allocates no managed memory; with one thread everything runs inline.
/// </summary>
public sealed class ParallelRunner : IDisposable
{
    /// <summary>Runs everything on the calling thread.</summary>
    public static readonly ParallelRunner Serial = new(1);

    private readonly Thread[] _workers;
    private readonly SemaphoreSlim _start = new(0);
    // Both signals are semaphores: their lock objects exist from construction, so blocking allocates nothing
    // (ManualResetEventSlim creates its lock lazily on the first blocking wait).
    private readonly SemaphoreSlim _done = new(0);
    private IParallelWork? _work;
    private int _count;
    private int _next;
    private int _active;
    private volatile bool _stopping;
    private Exception? _failure;

    public ParallelRunner(int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "at least one thread");
        Concurrency = threads;
        _workers = new Thread[threads - 1];
        for (int i = 0; i < _workers.Length; i++)
        {
            _workers[i] = new Thread(WorkerLoop) { IsBackground = true, Name = $"ManagedLite worker {i + 1}" };
            _workers[i].Start();
        }
    }

    /// <summary>Threads that run work, the caller included.</summary>
    public int Concurrency { get; }

    /// <summary>Runs <paramref name="work"/> for task indices 0..count-1 and returns when all are done.</summary>
    public void For(int count, IParallelWork work)
    {
        if (count <= 0) return;
        if (_workers.Length == 0 || count == 1)
        {
            for (int i = 0; i < count; i++) work.Execute(i);
            return;
        }
        int helpers = Math.Min(_workers.Length, count - 1);
        _work = work;
        _count = count;
        _next = 0;
        _failure = null;
        _active = helpers + 1;
        _start.Release(helpers);
        RunTasks();
        if (Interlocked.Decrement(ref _active) != 0)
        {
            // Poll first (a blocking wait can allocate the thread's wait state the first time), then take the signal the
            // last worker releases: immediate when it already has.
            long until = System.Diagnostics.Stopwatch.GetTimestamp() + SpinTicks;
            var spin = new SpinWait();
            while (Volatile.Read(ref _active) != 0 && System.Diagnostics.Stopwatch.GetTimestamp() < until) spin.SpinOnce(sleep1Threshold: -1);
            _done.Wait();
        }
        _work = null;
        if (_failure is { } f) ExceptionDispatchInfo.Capture(f).Throw();
    }

    private void RunTasks()
    {
        var work = _work!;
        int i;
        while ((i = Interlocked.Increment(ref _next) - 1) < _count)
        {
            try { work.Execute(i); }
            catch (Exception ex) { Interlocked.CompareExchange(ref _failure, ex, null); }
        }
    }

    /// <summary>
    /// How long an idle worker keeps polling for the next <see cref="For"/> before it blocks: a blocked worker takes tens of
    /// microseconds to be scheduled again, which the many short nodes of one Invoke would otherwise pay each time (the
    /// caller then often ran every task itself before the worker woke). Bounded, so an idle interpreter costs at most this
    /// much CPU per worker after its last node.
    /// </summary>
    private static readonly long SpinTicks = System.Diagnostics.Stopwatch.Frequency / 5000; // 200 microseconds

    /// <summary>Takes a start signal, polling for up to <see cref="SpinTicks"/> before blocking.</summary>
    private void WaitForStart()
    {
        long until = System.Diagnostics.Stopwatch.GetTimestamp() + SpinTicks;
        var spin = new SpinWait();
        do
        {
            if (_start.Wait(0)) return;
            spin.SpinOnce(sleep1Threshold: -1); // spins, then yields to other ready threads (oversubscribed machines), never sleeps
        }
        while (System.Diagnostics.Stopwatch.GetTimestamp() < until);
        _start.Wait();
    }

    private void WorkerLoop()
    {
        while (true)
        {
            WaitForStart();
            if (_stopping) return;
            RunTasks();
            if (Interlocked.Decrement(ref _active) == 0) _done.Release();
        }
    }

    public void Dispose()
    {
        if (this == Serial || _stopping) return;
        _stopping = true;
        if (_workers.Length > 0) _start.Release(_workers.Length);
        foreach (var t in _workers) t.Join();
        _start.Dispose();
        _done.Dispose();
    }
}
