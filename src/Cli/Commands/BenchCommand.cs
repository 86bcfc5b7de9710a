using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ManagedLite.IO;

namespace ManagedLite.Cli;

/// <summary>`managedlite bench`: init, first-invoke, median and p90 latency, arena and managed bytes per invoke, profile.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var model = CliOptions.Model();
        var runs = CliOptions.Int("--runs", 50, "Timed invokes", 1, int.MaxValue);
        var warmup = CliOptions.Int("--warmup", 10, "Untimed invokes before them", 0, int.MaxValue);
        var warmupSecs = CliOptions.Number("--warmup-secs", 0.5,
            "Keep warming up until this many seconds have passed as well (as benchmark_model's --warmup_min_secs): the JIT's tiering settles in the first few hundred milliseconds", 0, exclusive: false);
        var threads = CliOptions.Threads();
        var seed = CliOptions.Seed();
        var inputs = CliOptions.Inputs();
        var resize = CliOptions.Resize();
        var reference = CliOptions.Reference();
        var maxGmacs = CliOptions.MaxGigaMacs();
        var keyFile = CliOptions.KeyFile();
        var json = new Option<bool>("--json") { Description = "Print one JSON object (model, init_ms, first_ms, median_ms, p90_ms, runs, threads, arena_bytes, alloc_bytes_per_invoke)" };
        var profile = new Option<bool>("--profile") { Description = "Time each operator: totals per operator type and the slowest nodes (on stderr with --json)" };
        var report = new Option<string?>("--report") { Description = "With --profile: write a self-contained HTML (or .svg) report with a per-operator bar chart, the slowest nodes and the memory split", HelpName = "FILE.html" };
        var cmd = new Command("bench", "Init, first-invoke, median and p90 latency, arena bytes and managed bytes allocated per invoke. Inputs from --input files (for models that need valid values, such as token ids) or seeded random data.")
        {
            model, runs, warmup, warmupSecs, threads, seed, inputs, resize, reference, json, profile, report, maxGmacs, keyFile,
        };
        var delegates = new DelegateOptions();
        delegates.AddTo(cmd);
        cmd.SetAction(r =>
        {
            string? reportPath = r.GetValue(report);
            bool profiling = r.GetValue(profile) || reportPath is not null;
            using var gpu = delegates.Create(r);
            var options = CliOptions.InterpreterOptions(r, threads, reference, maxGmacs, profiling);
            options.Delegate = gpu;
            return Run(r.GetValue(model), r.GetValue(keyFile), r.GetValue(runs), r.GetValue(warmup), r.GetValue(warmupSecs), r.GetValue(seed), r.GetValue(inputs) ?? [],
                r.GetValue(resize), r.GetValue(json), profiling, reportPath, options, gpu);
        });
        return cmd;
    }

    private static int Run(string? path, string? keyFile, int runs, int warmup, double warmupSecs, int seed, string[] inputFiles, bool resize, bool json, bool profile,
                           string? reportPath, InterpreterOptions options, Delegates.Gpu.GpuDelegate? gpu)
    {
        if (reportPath is not null && !(reportPath.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || reportPath.EndsWith(".htm", StringComparison.OrdinalIgnoreCase)
                                        || reportPath.EndsWith(".svg", StringComparison.OrdinalIgnoreCase)))
            throw new CliException($"--report {reportPath}: the file must end in .html or .svg");
        var sw = Stopwatch.StartNew();
        var (model, label, _) = ModelFiles.Load(path, keyFile);
        using var interp = new Interpreter(model, options);
        if (inputFiles.Length > 0) ModelFiles.SetInputs(interp, inputFiles, resize);
        else SeededInputs.FillInputs(interp, (uint)seed);
        double initMs = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        interp.Invoke();
        double firstMs = sw.Elapsed.TotalMilliseconds;
        var times = new double[runs];
        long allocBytes;
        int warmed = 0;
        using (var progress = new Progress("bench", warmup + runs))
        {
            long warmupUntil = Stopwatch.GetTimestamp() + (long)(warmupSecs * Stopwatch.Frequency);
            for (; warmed < warmup || Stopwatch.GetTimestamp() < warmupUntil; warmed++)
            {
                interp.Invoke();
                progress.Report(Math.Min(warmed + 1, warmup));
            }
            if (profile) interp.ResetOperatorProfile();
            gpu?.ResetStatistics();
            long allocBefore = GC.GetAllocatedBytesForCurrentThread();
            long drawnBefore = progress.AllocatedBytes;
            for (int i = 0; i < runs; i++)
            {
                long t0 = Stopwatch.GetTimestamp();
                interp.Invoke();
                times[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                progress.Report(warmup + i + 1); // no allocation unless stderr is a terminal and 250 ms passed
            }
            allocBytes = GC.GetAllocatedBytesForCurrentThread() - allocBefore - (progress.AllocatedBytes - drawnBefore);
        }
        Array.Sort(times);
        double median = runs % 2 == 1 ? times[runs / 2] : (times[runs / 2 - 1] + times[runs / 2]) / 2;
        double p90 = times[Math.Min(runs - 1, (int)Math.Ceiling(0.9 * runs) - 1)];
        long perInvoke = allocBytes / runs;
        var ci = CultureInfo.InvariantCulture;
        if (json)
        {
            using var stdout = Console.OpenStandardOutput();
            using (var w = new Utf8JsonWriter(stdout))
            {
                w.WriteStartObject();
                w.WriteString("model", label);
                w.WriteNumber("init_ms", Math.Round(initMs, 3));
                w.WriteNumber("first_ms", Math.Round(firstMs, 3));
                w.WriteNumber("median_ms", Math.Round(median, 3));
                w.WriteNumber("p90_ms", Math.Round(p90, 3));
                w.WriteNumber("runs", runs);
                w.WriteNumber("threads", interp.Options.Threads);
                w.WriteNumber("arena_bytes", interp.ArenaBytes);
                w.WriteNumber("shared_bytes", interp.SharedBytes);
                w.WriteNumber("alloc_bytes_per_invoke", perInvoke);
                w.WriteString("delegate", gpu is null ? "none" : "gpu");
                if (gpu is not null)
                {
                    var s = gpu.Statistics;
                    w.WriteString("accelerator", gpu.AcceleratorName ?? "none");
                    w.WriteNumber("copy_ms", Math.Round(s.Invokes == 0 ? 0 : s.CopyMilliseconds / s.Invokes, 3));
                    w.WriteNumber("kernel_ms", Math.Round(s.Invokes == 0 ? 0 : s.KernelMilliseconds / s.Invokes, 3));
                    w.WriteBoolean("fully_delegated", interp.DelegationReport?.IsFullyDelegated == true);
                    if (interp.DelegationReport?.FallbackReason is { } why) w.WriteString("fallback_reason", why);
                }
                w.WriteEndObject();
            }
            stdout.Write("\n"u8);
        }
        else
        {
            Console.Out.WriteLine($"model: {label}");
            Console.Out.WriteLine(string.Create(ci, $"init: {initMs:F2} ms, first invoke: {firstMs:F2} ms"));
            Console.Out.WriteLine(string.Create(ci, $"invoke over {runs} runs ({warmed} warmup, {interp.Options.Threads} thread(s)): median {median:F3} ms, p90 {p90:F3} ms"));
            Console.Out.WriteLine($"arena: {interp.ArenaBytes} bytes; shared (per model): {interp.SharedBytes} bytes; managed bytes allocated per invoke: {perInvoke}");
            if (gpu is not null)
            {
                Console.Out.WriteLine(DelegateOptions.Describe(interp, gpu));
                var s = gpu.Statistics;
                if (s.Invokes > 0)
                    Console.Out.WriteLine(string.Create(ci, $"gpu: host-device copies {s.CopyMilliseconds / s.Invokes:F3} ms, device work {s.KernelMilliseconds / s.Invokes:F3} ms per invoke"));
            }
        }
        if (profile)
        {
            var ops = interp.GetOperatorProfile();
            PrintProfile(ops, json ? Console.Error : Console.Out);
            if (reportPath is not null)
            {
                long shared = model.Definition.Buffers.Sum(b => (long)b.Data.Length);
                var summary = new ProfileReport.Summary(label, runs, interp.Options.Threads, median, p90, interp.ArenaBytes, shared, perInvoke);
                string text = reportPath.EndsWith(".svg", StringComparison.OrdinalIgnoreCase) ? ProfileReport.Svg(summary, ops) : ProfileReport.Html(summary, ops);
                File.WriteAllText(reportPath, text);
                (json ? Console.Error : Console.Out).WriteLine($"report: {reportPath}");
            }
        }
        return 0;
    }

    /// <summary>Per-operator-type totals, slowest first.</summary>
    private static void PrintProfile(IReadOnlyList<OperatorProfile> profile, TextWriter w)
    {
        double total = profile.Sum(p => p.MeanMilliseconds);
        w.WriteLine("operator profile (mean per invoke):");
        foreach (var g in ProfileReport.ByOperator(profile))
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {g.Operator,-32} x{g.Count,-4} {g.Milliseconds,9:F3} ms  {100 * g.Milliseconds / Math.Max(total, 1e-9),5:F1}%"));
        w.WriteLine("slowest nodes:");
        foreach (var p in profile.OrderByDescending(p => p.MeanMilliseconds).Take(10))
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  node {p.NodeIndex,-5} {p.Operator,-28} {p.MeanMilliseconds,9:F3} ms  -> {(p.Output.Length > 60 ? p.Output[..57] + "..." : p.Output)}"));
    }
}
