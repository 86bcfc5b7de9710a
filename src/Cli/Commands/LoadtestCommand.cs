using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ManagedLite.IO;
using ManagedLite.Serving;

namespace ManagedLite.Cli;

/// <summary>
/// `managedlite loadtest`: N concurrent clients on an <see cref="InterpreterPool"/> for a bounded time, optionally
/// swapping the model for a fresh copy of itself every S seconds; throughput, latency percentiles, errors, swaps, memory.
/// </summary>
internal static class LoadtestCommand
{
    public static Command Create()
    {
        var model = CliOptions.Model();
        var clients = CliOptions.Int("--clients", 16, "Concurrent clients, each sending one request after the other", 1, 4096);
        var pool = CliOptions.Int("--pool", 2, "Interpreters in the pool (InterpreterPoolOptions.MaxSize)", 1, 1024);
        var seconds = CliOptions.Number("--seconds", 10, "How long the load runs", 0, exclusive: true);
        var swapEvery = CliOptions.Number("--swap-every", 0, "Swap the model for a fresh copy of itself (read and verified again) every S seconds; 0 = never", 0, exclusive: false);
        var maxSwaps = CliOptions.Int("--max-swaps", int.MaxValue, "With --swap-every: stop swapping after N swaps (the load goes on)", 1, int.MaxValue);
        var threads = CliOptions.Threads();
        var seed = CliOptions.Seed();
        var keyFile = CliOptions.KeyFile();
        var json = new Option<bool>("--json") { Description = "Print one JSON object: rps, p50_ms, p99_ms, errors, swaps, peak_rss_bytes, then more" };
        var cmd = new Command("loadtest", "Drives an interpreter pool with concurrent clients (seeded random inputs, one set per client) for a bounded time and prints requests per second, p50/p90/p99 latency (queueing included), errors, swaps and memory. Stops by itself.")
        {
            model, clients, pool, seconds, swapEvery, maxSwaps, threads, seed, keyFile, json,
        };
        cmd.SetAction(r => Run(r.GetValue(model), r.GetValue(keyFile), r.GetValue(clients), r.GetValue(pool), r.GetValue(seconds),
            r.GetValue(swapEvery), r.GetValue(maxSwaps), r.GetValue(threads), r.GetValue(seed), r.GetValue(json)));
        return cmd;
    }

    private sealed class Client
    {
        public required ReadOnlyMemory<byte>[] Inputs;
        public required Memory<byte>[] Outputs;
        public readonly List<double> Latencies = new(4096);
        public long Errors;
    }

    private static int Run(string? path, string? keyFile, int clientCount, int poolSize, double seconds, double swapEvery, int maxSwaps, int threads, int seed, bool json)
    {
        var (label, pool, clients) = Setup(path, keyFile, clientCount, poolSize, threads, seed);
        using var _ = pool;
        var log = json ? Console.Error : Console.Out;
        Warmup(pool, clients);
        ForceGc();
        long rssBefore = Rss();

        string? firstError = null;
        var retired = new List<WeakReference>();
        long failedSwaps = 0;
        var duration = TimeSpan.FromSeconds(seconds);
        using var hardStop = new CancellationTokenSource(duration + TimeSpan.FromSeconds(30)); // a request stuck past this is cancelled
        var clock = Stopwatch.StartNew();
        var tasks = clients.Select(c => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                long t0 = Stopwatch.GetTimestamp();
                try
                {
                    await pool.RunAsync(c.Inputs, c.Outputs, hardStop.Token).ConfigureAwait(false);
                    c.Latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                }
                catch (Exception e)
                {
                    c.Errors++;
                    Interlocked.CompareExchange(ref firstError, $"{e.GetType().Name}: {Program.OneLine(e.Message)}", null);
                }
            }
        })).ToList();
        Task swapper = Task.CompletedTask;
        if (swapEvery > 0)
        {
            swapper = Task.Run(async () =>
            {
                var next = TimeSpan.FromSeconds(swapEvery);
                for (int attempts = 0; attempts < maxSwaps; attempts++)
                {
                    var wait = next - clock.Elapsed;
                    if (next >= duration) break;
                    if (wait > TimeSpan.Zero) await Task.Delay(wait).ConfigureAwait(false);
                    if (clock.Elapsed >= duration) break;
                    lock (retired) retired.Add(new WeakReference(pool.Model));
                    try { pool.SwapModel(() => Reload(path, keyFile)); }
                    catch (ModelSwapException e)
                    {
                        Interlocked.Increment(ref failedSwaps);
                        Interlocked.CompareExchange(ref firstError, "swap: " + Program.OneLine(e.Message), null);
                    }
                    next += TimeSpan.FromSeconds(swapEvery);
                }
            });
        }
        Task.WaitAll([.. tasks, swapper]);
        double elapsed = clock.Elapsed.TotalSeconds;
        long peakRss = PeakRss();

        var all = clients.SelectMany(c => c.Latencies).ToArray();
        Array.Sort(all);
        long errors = clients.Sum(c => c.Errors) + failedSwaps;
        double rps = all.Length / elapsed;
        double P(double q) => all.Length == 0 ? 0 : all[Math.Clamp((int)Math.Ceiling(q * all.Length) - 1, 0, all.Length - 1)];
        ForceGc();
        long rssAfter = Rss();
        long managedAfter = GC.GetTotalMemory(forceFullCollection: true);
        int retiredAlive = retired.Count(w => w.IsAlive);

        var ci = CultureInfo.InvariantCulture;
        if (json)
        {
            using var stdout = Console.OpenStandardOutput();
            using (var w = new Utf8JsonWriter(stdout))
            {
                w.WriteStartObject();
                w.WriteNumber("rps", Math.Round(rps, 2));
                w.WriteNumber("p50_ms", Math.Round(P(0.50), 3));
                w.WriteNumber("p99_ms", Math.Round(P(0.99), 3));
                w.WriteNumber("errors", errors);
                w.WriteNumber("swaps", pool.SwapCount);
                w.WriteNumber("peak_rss_bytes", peakRss);
                w.WriteString("model", label);
                w.WriteNumber("clients", clientCount);
                w.WriteNumber("pool", poolSize);
                w.WriteNumber("threads", threads);
                w.WriteNumber("seconds", Math.Round(elapsed, 3));
                w.WriteNumber("requests", all.Length);
                w.WriteNumber("p90_ms", Math.Round(P(0.90), 3));
                w.WriteNumber("max_ms", Math.Round(all.Length == 0 ? 0 : all[^1], 3));
                w.WriteNumber("failed_swaps", failedSwaps);
                w.WriteNumber("rss_before_bytes", rssBefore);
                w.WriteNumber("rss_after_gc_bytes", rssAfter);
                w.WriteNumber("managed_after_gc_bytes", managedAfter);
                w.WriteNumber("retired_models_alive", retiredAlive);
                w.WriteNumber("interpreters_created", pool.InterpretersCreated);
                if (firstError is not null) w.WriteString("first_error", firstError);
                w.WriteEndObject();
            }
            stdout.Write("\n"u8);
        }
        else
        {
            log.WriteLine($"model: {label}");
            log.WriteLine(string.Create(ci, $"{clientCount} clients, pool of {poolSize} ({threads} thread(s) each), {elapsed:F2} s: {all.Length} requests, {rps:F1} requests/s"));
            log.WriteLine(string.Create(ci, $"latency (queueing included): p50 {P(0.5):F2} ms, p90 {P(0.9):F2} ms, p99 {P(0.99):F2} ms, max {(all.Length == 0 ? 0 : all[^1]):F2} ms"));
            log.WriteLine($"errors: {errors}; swaps: {pool.SwapCount} ({failedSwaps} refused); interpreters built: {pool.InterpretersCreated}");
            log.WriteLine($"memory: peak RSS {Mb(peakRss)}; RSS before the load {Mb(rssBefore)}, after it and a full GC {Mb(rssAfter)}; managed heap after GC {Mb(managedAfter)}; swapped-out models still alive: {retiredAlive} of {retired.Count}");
            if (firstError is not null) log.WriteLine($"first error: {firstError}");
        }
        return errors == 0 ? 0 : 1;
    }

    /// <summary>The model, the pool and per-client inputs (seeded, one set per client) and output buffers.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // no temporary of Run's frame may keep the first model alive
    private static (string Label, InterpreterPool Pool, Client[] Clients) Setup(string? path, string? keyFile, int clientCount, int poolSize, int threads, int seed)
    {
        var (model, label, _) = ModelFiles.Load(path, keyFile);
        var pool = new InterpreterPool(model, new InterpreterPoolOptions
        {
            MaxSize = poolSize,
            Prewarm = poolSize,
            InterpreterOptions = new InterpreterOptions { Threads = threads },
        });
        var clients = new Client[clientCount];
        using (var lease = pool.Rent())
        {
            var interp = lease.Interpreter;
            for (int c = 0; c < clientCount; c++)
            {
                SeededInputs.FillInputs(interp, (uint)(seed + c));
                clients[c] = new Client
                {
                    Inputs = interp.Inputs.Select(t => (ReadOnlyMemory<byte>)t.RawBytes.ToArray()).ToArray(),
                    // Outputs whose size depends on the data are not copied (an empty buffer skips them).
                    Outputs = interp.Outputs.Select(t => t.IsDynamic ? Memory<byte>.Empty : new byte[t.ByteLength]).ToArray(),
                };
            }
        }
        return (label, pool, clients);
    }

    private static Model Reload(string? path, string? keyFile) => ModelFiles.Load(path, keyFile).Model;

    private static void Warmup(InterpreterPool pool, Client[] clients)
    {
        var warm = Enumerable.Range(0, Math.Max(2 * pool.MaxSize, 4))
            .Select(i => pool.RunAsync(clients[i % clients.Length].Inputs, clients[i % clients.Length].Outputs).AsTask());
        Task.WaitAll(warm.ToArray());
    }

    private static void ForceGc()
    {
        for (int i = 0; i < 2; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
    }

    private static long Rss()
    {
        using var p = Process.GetCurrentProcess();
        return p.WorkingSet64;
    }

    /// <summary>The process's peak resident set (VmHWM on Linux).</summary>
    private static long PeakRss()
    {
        using var p = Process.GetCurrentProcess();
        return p.PeakWorkingSet64;
    }

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F1} MB");
}
