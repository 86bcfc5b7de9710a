using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace ManagedLite.Kernels.Threading;

/// <summary>
/// A fixed set of worker threads that run <see cref="IParallelWork"/> task ranges together with the
/// calling thread. Dispatch allocates no managed memory; with one thread everything runs inline.
/// <para>
/// One 64-bit word holds the state of the current <see cref="For"/>: its epoch (24 bits), task count and next task index
/// (20 bits each). Threads claim a task by a compare-and-swap of the whole word, so a worker that wakes late, after the
/// caller has already run every task of its For (or even during the next one), can never claim a task of an epoch that
/// is over, and the caller waits only for tasks that were actually claimed, never for a worker to wake up. A blocked
/// worker takes tens of microseconds to be scheduled again on a shared machine; the first design waited for every
/// worker it had signalled, and paid that on many nodes of every Invoke.
/// </para>
/// </summary>
public sealed class ParallelRunner : IDisposable
{
    /// <summary>Runs everything on the calling thread.</summary>
    public static readonly ParallelRunner Serial = new(1);

    /// <summary>Most tasks one <see cref="For"/> takes (the width of the count and index fields of the state word).</summary>
    public const int MaxTasks = (1 << IndexBits) - 1;

    private const int IndexBits = 20;
    private const long IndexMask = (1L << IndexBits) - 1;
    private const int EpochShift = 2 * IndexBits;

    private readonly Thread[] _workers;
    // Semaphores: their lock objects exist from construction, so blocking allocates nothing (ManualResetEventSlim creates
    // its lock lazily on the first blocking wait).
    private readonly SemaphoreSlim _wake = new(0);
    private readonly SemaphoreSlim _done = new(0);
    private long _state;
    private IParallelWork? _work;
    private int _pending;        // tasks of the current For not finished yet
    private int _sleepers;       // workers that announced a blocking wait on _wake and were not released yet
    private int _callerWaiting;  // 1 while the caller blocks on _done
    private int _busy;           // 1 while a For runs (nested or concurrent calls run inline)
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

    /// <summary>
    /// Runs <paramref name="work"/> for task indices 0..count-1 and returns when all are done; the first exception a task
    /// throws is rethrown here once every task has finished. A call made from inside a task (or while another thread's call
    /// runs) runs its tasks inline on the calling thread.
    /// </summary>
    public void For(int count, IParallelWork work)
    {
        if (count <= 0) return;
        if (count > MaxTasks) throw new ArgumentOutOfRangeException(nameof(count), count, $"at most {MaxTasks} tasks per For");
        if (_workers.Length == 0 || count == 1 || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            for (int i = 0; i < count; i++) work.Execute(i);
            return;
        }
        try
        {
            _work = work;
            _failure = null;
            _pending = count;
            long epoch = ((long)((ulong)_state >> EpochShift) + 1) & 0xFFFFFF;
            // A full fence: the workers' view of the state must not pass the read of _sleepers below (a worker announces
            // itself there before it checks the state and blocks).
            Interlocked.Exchange(ref _state, (epoch << EpochShift) | ((long)count << IndexBits));
            WakeSleepers();
            RunTasks(isWorker: false);
            if (Volatile.Read(ref _pending) != 0) WaitForClaimedTasks();
            _work = null;
            if (_failure is { } f) ExceptionDispatchInfo.Capture(f).Throw();
        }
        finally { Volatile.Write(ref _busy, 0); }
    }

    private void WakeSleepers()
    {
        if (Volatile.Read(ref _sleepers) == 0) return;
        int n = Interlocked.Exchange(ref _sleepers, 0);
        if (n > 0) _wake.Release(n);
    }

    /// <summary>
    /// Waits for tasks that workers claimed and still run: polls for up to <see cref="SpinTicks"/> (the tasks of one node
    /// are balanced, so this is usually short), then blocks until the worker that finishes the last one signals.
    /// </summary>
    private void WaitForClaimedTasks()
    {
        long until = Stopwatch.GetTimestamp() + SpinTicks;
        var spin = new SpinWait();
        while (Volatile.Read(ref _pending) != 0)
        {
            if (Stopwatch.GetTimestamp() >= until)
            {
                Interlocked.Exchange(ref _callerWaiting, 1);
                // Finished meanwhile: withdraw, unless the last worker already took the flag (then its signal is on the way).
                if (Volatile.Read(ref _pending) == 0 && Interlocked.Exchange(ref _callerWaiting, 0) == 1) return;
                _done.Wait();
                return;
            }
            spin.SpinOnce(sleep1Threshold: -1);
        }
    }

    /// <summary>Claims and runs tasks of the current epoch until none is left; returns the epoch it found finished.</summary>
    private long RunTasks(bool isWorker)
    {
        while (true)
        {
            long s = Volatile.Read(ref _state);
            long index = s & IndexMask, count = (s >> IndexBits) & IndexMask;
            if (index >= count) return (long)((ulong)s >> EpochShift);
            if (Interlocked.CompareExchange(ref _state, s + 1, s) != s) continue;
            // The claim succeeded, so this epoch cannot finish before the task below does: _work is still its work.
            try { _work!.Execute((int)index); }
            catch (Exception ex) { Interlocked.CompareExchange(ref _failure, ex, null); }
            if (Interlocked.Decrement(ref _pending) == 0 && isWorker && Interlocked.Exchange(ref _callerWaiting, 0) == 1) _done.Release();
        }
    }

    /// <summary>
    /// How long an idle thread keeps polling before it blocks: a blocked worker takes tens of microseconds to be scheduled
    /// again, which the many short nodes of one Invoke would otherwise pay each time. Bounded, so an idle interpreter costs
    /// at most this much CPU per worker after its last node.
    /// </summary>
    private static readonly long SpinTicks = Stopwatch.Frequency / 5000; // 200 microseconds

    private static long EpochOf(long state) => (long)((ulong)state >> EpochShift);

    /// <summary>Waits until the state's epoch differs from <paramref name="seen"/> (a new For) or the runner stops.</summary>
    private void WaitForEpoch(long seen)
    {
        long until = Stopwatch.GetTimestamp() + SpinTicks;
        var spin = new SpinWait();
        while (EpochOf(Volatile.Read(ref _state)) == seen && !_stopping)
        {
            if (Stopwatch.GetTimestamp() >= until)
            {
                Interlocked.Increment(ref _sleepers);
                if (EpochOf(Volatile.Read(ref _state)) != seen || _stopping)
                {
                    // New work came in after all: withdraw the announcement, unless a For already counted it (then its
                    // release is ours to take).
                    int n;
                    while ((n = Volatile.Read(ref _sleepers)) > 0)
                        if (Interlocked.CompareExchange(ref _sleepers, n - 1, n) == n) return;
                }
                _wake.Wait();
                return;
            }
            spin.SpinOnce(sleep1Threshold: -1); // spins, then yields to other ready threads (oversubscribed machines), never sleeps
        }
    }

    private void WorkerLoop()
    {
        long seen = 0;
        while (true)
        {
            WaitForEpoch(seen);
            if (_stopping) return;
            seen = RunTasks(isWorker: true);
        }
    }

    public void Dispose()
    {
        if (this == Serial || _stopping) return;
        _stopping = true;
        if (_workers.Length > 0)
        {
            Interlocked.Exchange(ref _state, ((EpochOf(_state) + 1) & 0xFFFFFF) << EpochShift);
            WakeSleepers();
            foreach (var t in _workers) t.Join();
        }
        _wake.Dispose();
        _done.Dispose();
    }
}
