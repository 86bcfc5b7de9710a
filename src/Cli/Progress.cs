using System.Diagnostics;

namespace ManagedLite.Cli;

/// <summary>
/// A one-line progress counter on stderr, redrawn at most 4 times a second, shown only when stderr is a terminal
/// (so scripts and redirected output see nothing).
/// </summary>
internal sealed class Progress : IDisposable
{
    private readonly string _what;
    private readonly int _total;
    private readonly bool _enabled = !Console.IsErrorRedirected;
    private long _last = Stopwatch.GetTimestamp();
    private bool _drawn;

    public Progress(string what, int total)
    {
        _what = what;
        _total = total;
    }

    /// <summary>Managed bytes allocated by drawing, so that a caller measuring allocations can leave them out.</summary>
    public long AllocatedBytes { get; private set; }

    public void Report(int done)
    {
        if (!_enabled || Stopwatch.GetElapsedTime(_last).TotalMilliseconds < 250) return;
        long before = GC.GetAllocatedBytesForCurrentThread();
        _last = Stopwatch.GetTimestamp();
        Console.Error.Write($"\r{_what}: {done}/{_total}");
        _drawn = true;
        AllocatedBytes += GC.GetAllocatedBytesForCurrentThread() - before;
    }

    public void Dispose()
    {
        if (_drawn) Console.Error.Write("\r" + new string(' ', _what.Length + 24) + "\r");
    }
}
