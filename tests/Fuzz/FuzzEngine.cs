using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using ManagedLite.IO;
using ManagedLite.Schema;

namespace ManagedLite.Fuzz;

/// <summary>Settings of a fuzz run (shared by the test suite and tools/fuzz).</summary>
public sealed class FuzzOptions
{
    /// <summary>Model limits used to load every case: small enough that no case can take much memory.</summary>
    public ModelLimits Limits { get; init; } = new()
    {
        MaxModelBytes = 64L << 20,
        MaxTensorBytes = 64L << 20,
        MaxSubgraphDepth = 8,
        MaxRank = 8,
    };

    /// <summary>
    /// InterpreterOptions.MaxMacsPerInvoke for every case: a mutated shape can make a valid model demand
    /// billions of multiply-adds (e.g. an int16 conv over [1,65536,7,64]), which is work, not a hang.
    /// </summary>
    public long MaxMacsPerInvoke { get; init; } = 1_000_000_000;

    /// <summary>InterpreterOptions.MaxMemoryBytes for every case.</summary>
    public long MaxMemoryBytes { get; init; } = 256L << 20;

    /// <summary>A case running longer than this is a hang (a finding).</summary>
    public TimeSpan CaseTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A case allocating more managed memory than this on its thread is a memory blow-up (a finding);
    /// default: twice <see cref="MaxMemoryBytes"/> plus 128 MiB (an arena, its copy when resized, and overhead).
    /// </summary>
    public long? MaxCaseAllocatedBytes { get; init; }

    internal long CaseAllocationLimit => MaxCaseAllocatedBytes ?? 2 * MaxMemoryBytes + (128L << 20);

    /// <summary>Run AllocateTensors and Invoke after loading (false: load and construct only).</summary>
    public bool Invoke { get; init; } = true;
}

/// <summary>Outcome of one case: <see cref="Kind"/> is "ok", an allowed exception kind, or a finding.</summary>
public sealed record CaseResult(string Kind, bool IsFinding, string Stage, string? Message, Exception? Exception)
{
    public static CaseResult Ok(string stage) => new("ok", false, stage, null, null);
    /// <summary>Managed bytes the case allocated on its thread.</summary>
    public long AllocatedBytes { get; init; }
    /// <summary>Wall time of the case.</summary>
    public double Milliseconds { get; init; }
}

/// <summary>
/// Runs one model file through load -> interpreter -> AllocateTensors -> seeded inputs -> Invoke -> read
/// outputs, and classifies the result.
/// </summary>
/// <remarks>
/// Allowed outcomes (the project's contract for hostile files): success, <see cref="ModelFormatException"/>,
/// <see cref="UnsupportedOperatorException"/>, <see cref="OperatorException"/>, <see cref="TensorException"/>,
/// and <see cref="InvalidOperationException"/> only when it reports the arena limit
/// (InterpreterOptions.MaxMemoryBytes): crossing a caller-set limit is a state error of the interpreter, not a
/// malformed model. Anything else is a finding, and so are the two safety nets: a ModelFormatException
/// wrapping a runtime exception (ModelReader's catch-all fired, so a check is missing) and an
/// OperatorException wrapping one (a kernel crashed: its Prepare lacks a check). A case over the time or
/// memory budget is a finding too.
/// </remarks>
public static class CaseRunner
{
    public static CaseResult Execute(byte[] data, uint inputSeed, FuzzOptions options, Random? rng = null)
    {
        string stage = "load";
        long allocBefore = GC.GetAllocatedBytesForCurrentThread();
        long started = Stopwatch.GetTimestamp();
        try
        {
            var model = Model.FromBytes(data, options.Limits);
            stage = "interpreter";
            var io = new InterpreterOptions
            {
                MaxMemoryBytes = options.MaxMemoryBytes,
                MaxMacsPerInvoke = options.MaxMacsPerInvoke,
                UseReferenceKernels = rng is not null && rng.Next(4) == 0,
                Threads = rng is not null && rng.Next(8) == 0 ? 2 : 1, // kernels that parallelize, and their error path
            };
            using var interp = new Interpreter(model, io);
            if (!options.Invoke) return Checked(CaseResult.Ok(stage));
            stage = "resize";
            if (rng is not null && rng.Next(4) == 0) ResizeDynamicInputs(interp, rng);
            stage = "allocate";
            interp.AllocateTensors();
            stage = "inputs";
            var gen = new SeededInputs(inputSeed);
            for (int i = 0; i < interp.Inputs.Count; i++)
            {
                var t = interp.Inputs[i];
                if (t.DataType == TensorType.String && t.ElementCount <= 4096) interp.SetInputStrings(i, gen.Strings(t.ElementCount));
                else if (IsFillable(t.DataType)) gen.Fill(t.DataType, t.WritableBytes);
            }
            stage = "invoke";
            interp.Invoke();
            stage = "outputs";
            long sum = 0;
            foreach (var t in interp.Outputs)
            {
                var raw = t.RawBytes;
                if (raw.Length > 0) sum += raw[0] + raw[^1];
            }
            GC.KeepAlive(sum);
            stage = "invoke-again";
            interp.Invoke();
            return Checked(CaseResult.Ok("done"));
        }
        catch (Exception e)
        {
            var (kind, finding) = Classify(e);
            return Checked(new CaseResult(kind, finding, stage, e.Message, e));
        }

        CaseResult Checked(CaseResult r)
        {
            long allocated = GC.GetAllocatedBytesForCurrentThread() - allocBefore;
            double ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var result = allocated > options.CaseAllocationLimit
                ? new CaseResult("MemoryBlowup", true, r.Stage, $"{allocated} bytes allocated (outcome {r.Kind}: {r.Message})", r.Exception)
                : r;
            return result with { AllocatedBytes = allocated, Milliseconds = ms };
        }
    }

    private static bool IsFillable(TensorType t) => t is TensorType.Float32 or TensorType.Float16 or TensorType.Int8
        or TensorType.UInt8 or TensorType.Bool or TensorType.Int16 or TensorType.Int32 or TensorType.Int64;

    private static void ResizeDynamicInputs(Interpreter interp, Random rng)
    {
        for (int i = 0; i < interp.Inputs.Count; i++)
        {
            var sig = interp.Inputs[i].ShapeSignature.ToArray();
            if (!sig.Contains(-1)) continue;
            var shape = sig.Select(d => d == -1 ? rng.Next(0, 5) : d).ToArray();
            interp.ResizeInputTensor(i, shape);
        }
    }

    /// <summary>Kind name and whether it is a finding (see the class remarks).</summary>
    public static (string Kind, bool IsFinding) Classify(Exception e)
    {
        switch (e)
        {
            case ModelFormatException when e.InnerException is { } inner:
                return ($"ModelFormatException<-{inner.GetType().Name}", !IsProjectException(inner));
            case ModelFormatException:
                return ("ModelFormatException", false);
            case UnsupportedOperatorException:
                return ("UnsupportedOperatorException", false);
            case OperatorException when e.InnerException is { } inner:
                return ($"OperatorException<-{inner.GetType().Name}", !IsProjectException(inner));
            case OperatorException:
                return ("OperatorException", false);
            case TensorException:
                return ("TensorException", false);
            case ResourceLimitException r:
                return ($"ResourceLimitException({r.LimitName})", false);
            default:
                return (e.GetType().Name, true);
        }
    }

    private static bool IsProjectException(Exception e) => e switch
    {
        ModelFormatException m => m.InnerException is null || IsProjectException(m.InnerException),
        OperatorException o => o.InnerException is null || IsProjectException(o.InnerException),
        TensorException or UnsupportedOperatorException => true,
        _ => false,
    };

    /// <summary>The message with numbers and quoted names replaced, to count distinct messages.</summary>
    public static string Normalize(string? message)
    {
        if (message is null) return "";
        string s = Regex.Replace(message, "'[^']*'", "'_'");
        s = Regex.Replace(s, "\"[^\"]*\"", "\"_\"");
        s = Regex.Replace(s, @"-?\d+(\.\d+)?(e[-+]?\d+)?", "N");
        return s;
    }
}

/// <summary>
/// Runs cases on a background worker thread so that a hang is detected (after
/// <see cref="FuzzOptions.CaseTimeout"/>) instead of blocking the caller. A hung worker cannot be
/// stopped; it is abandoned (it is a background thread) and a fresh one takes the next case.
/// </summary>
public sealed class CaseWorker : IDisposable
{
    private sealed class Job
    {
        public required byte[] Data;
        public required uint InputSeed;
        public required Random? Rng;
        public CaseResult? Result;
        public readonly ManualResetEventSlim Done = new();
    }

    private readonly FuzzOptions _options;
    private Thread? _thread;
    private SemaphoreSlim _ready = new(0);
    private Job? _job;
    private bool _stop;

    public CaseWorker(FuzzOptions options) => _options = options;

    /// <summary>Number of workers abandoned because a case hung.</summary>
    public int Abandoned { get; private set; }

    public CaseResult Run(byte[] data, uint inputSeed, Random? rng = null)
    {
        if (_thread is null)
        {
            _ready = new SemaphoreSlim(0);
            var ready = _ready;
            _thread = new Thread(() => Loop(ready)) { IsBackground = true, Name = "fuzz-case" };
            _thread.Start();
        }
        var job = new Job { Data = data, InputSeed = inputSeed, Rng = rng };
        Volatile.Write(ref _job, job);
        _ready.Release();
        if (job.Done.Wait(_options.CaseTimeout)) return job.Result!;
        // Hung: leave that thread behind, the next case gets a new one.
        _thread = null;
        Abandoned++;
        return new CaseResult("Hang", true, "timeout", $"no result after {_options.CaseTimeout.TotalSeconds:F0} s", null);
    }

    private void Loop(SemaphoreSlim ready)
    {
        while (true)
        {
            ready.Wait();
            if (_stop) return;
            var job = Volatile.Read(ref _job)!;
            job.Result = CaseRunner.Execute(job.Data, job.InputSeed, _options, job.Rng);
            job.Done.Set();
        }
    }

    public void Dispose()
    {
        _stop = true;
        if (_thread is not null) _ready.Release();
    }
}

/// <summary>A seed model of the corpus.</summary>
public sealed record FuzzSeed(string Name, byte[] Bytes)
{
    private FlatBufferMap? _map;
    public FlatBufferMap Map => _map ??= FlatBufferMap.Build(Bytes);
}

/// <summary>One finding of a run: enough to reproduce it (run seed + case index) and the mutated bytes.</summary>
public sealed record FuzzFinding(int CaseIndex, string SeedName, string Mutations, CaseResult Result, byte[] Bytes);

/// <summary>Counts of a run.</summary>
public sealed class FuzzReport
{
    public int Cases { get; set; }
    public TimeSpan Elapsed { get; set; }
    public SortedDictionary<string, int> Outcomes { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, HashSet<string>> DistinctMessages { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, int> OutcomesByStage { get; } = new(StringComparer.Ordinal);
    public List<FuzzFinding> Findings { get; } = new();
    public int FindingsTotal { get; set; }

    public void Add(CaseResult r)
    {
        Cases++;
        Outcomes[r.Kind] = Outcomes.GetValueOrDefault(r.Kind) + 1;
        string stage = r.Kind == "ok" ? "ok" : r.Stage;
        OutcomesByStage[stage] = OutcomesByStage.GetValueOrDefault(stage) + 1;
        if (!DistinctMessages.TryGetValue(r.Kind, out var set)) DistinctMessages[r.Kind] = set = new HashSet<string>(StringComparer.Ordinal);
        if (set.Count < 10_000) set.Add(CaseRunner.Normalize(r.Message));
    }

    public string Format()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"cases run: {Cases} in {Elapsed.TotalSeconds:F1} s ({(Cases / Math.Max(Elapsed.TotalSeconds, 1e-9)):F0}/s)");
        sb.AppendLine("outcomes by kind (count, distinct normalized messages):");
        foreach (var (kind, n) in Outcomes)
            sb.AppendLine($"  {kind,-48} {n,8}  {(kind == "ok" ? "" : DistinctMessages[kind].Count + " distinct")}");
        sb.AppendLine("stage reached by each case (where it stopped):");
        foreach (var (stage, n) in OutcomesByStage) sb.AppendLine($"  {stage,-16} {n,8}");
        sb.AppendLine($"distinct error kinds: {Outcomes.Keys.Count(k => k != "ok")}; findings: {FindingsTotal}");
        foreach (var f in Findings.Take(20))
            sb.AppendLine($"  FINDING case {f.CaseIndex} seed {f.SeedName} [{f.Mutations}] at {f.Result.Stage}: {f.Result.Kind}: {f.Result.Message}");
        return sb.ToString();
    }
}

/// <summary>The mutation loop: deterministic per (run seed, case index).</summary>
public static class FuzzRunner
{
    /// <summary>Random stream of case <paramref name="caseIndex"/> of run <paramref name="runSeed"/>.</summary>
    public static Random CaseRandom(int runSeed, int caseIndex)
    {
        ulong z = ((ulong)(uint)runSeed << 32) ^ (uint)caseIndex;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return new Random((int)(z & 0x7FFFFFFF));
    }

    /// <summary>The mutated bytes of case <paramref name="caseIndex"/> (to replay one case).</summary>
    public static (FuzzSeed Seed, byte[] Bytes, string Mutations, Random Rng) MakeCase(IReadOnlyList<FuzzSeed> seeds, int runSeed, int caseIndex)
    {
        var rng = CaseRandom(runSeed, caseIndex);
        var seed = seeds[rng.Next(seeds.Count)];
        var other = seeds[rng.Next(seeds.Count)];
        var (bytes, desc) = Mutator.Mutate(seed.Bytes, seed.Map, other.Bytes, rng);
        return (seed, bytes, desc, rng);
    }

    /// <summary>
    /// Runs cases <paramref name="firstCase"/> .. until <paramref name="cases"/> have run or
    /// <paramref name="deadline"/> passes; every finding is kept (with its bytes) up to
    /// <paramref name="keepFindings"/>, and <paramref name="onFinding"/> sees each one.
    /// </summary>
    public static FuzzReport Run(IReadOnlyList<FuzzSeed> seeds, int cases, int runSeed, FuzzOptions options,
                                 TimeSpan? deadline = null, Action<FuzzFinding>? onFinding = null,
                                 Action<FuzzReport>? onProgress = null, int keepFindings = 100, int firstCase = 0)
    {
        if (seeds.Count == 0) throw new ArgumentException("no seeds", nameof(seeds));
        var report = new FuzzReport();
        var sw = Stopwatch.StartNew();
        using var worker = new CaseWorker(options);
        for (int i = firstCase; i < firstCase + cases; i++)
        {
            if (deadline is { } d && sw.Elapsed > d) break;
            var (seed, bytes, desc, rng) = MakeCase(seeds, runSeed, i);
            var result = worker.Run(bytes, (uint)i, rng);
            report.Add(result);
            if (result.IsFinding)
            {
                report.FindingsTotal++;
                var f = new FuzzFinding(i, seed.Name, desc, result, bytes);
                if (report.Findings.Count < keepFindings) report.Findings.Add(f);
                onFinding?.Invoke(f);
                if (worker.Abandoned > 8) break; // too many hung threads: stop rather than pile them up
            }
            if (onProgress is not null && report.Cases % 1000 == 0) { report.Elapsed = sw.Elapsed; onProgress(report); }
        }
        report.Elapsed = sw.Elapsed;
        return report;
    }
}

/// <summary>Finds seed models: the conformance models, SEANet models, MediaPipe models and the built-in tiny models.</summary>
public static class FuzzCorpus
{
    /// <summary>
    /// Seeds from <paramref name="conformanceDir"/> (models/*.tflite and seanet/*/model.tflite),
    /// <paramref name="mediaPipeDir"/> (**/*.tflite), any <paramref name="extraDirs"/>, and the
    /// <see cref="Robustness.TinyModels"/> catalogue. Files over <paramref name="maxSeedBytes"/> are skipped.
    /// </summary>
    public static List<FuzzSeed> Load(string? conformanceDir, string? mediaPipeDir, IEnumerable<string>? extraDirs = null,
                                      long maxSeedBytes = 8L << 20, int maxSeanetPerKind = int.MaxValue)
    {
        var seeds = new List<FuzzSeed>();
        foreach (var (name, bytes) in Robustness.TinyModels.All()) seeds.Add(new FuzzSeed(name, bytes));
        var files = new List<(string Name, string Path)>();
        if (conformanceDir is not null)
        {
            string models = Path.Combine(conformanceDir, "models");
            if (Directory.Exists(models))
                foreach (var f in Directory.GetFiles(models, "*.tflite").Order(StringComparer.Ordinal))
                    files.Add(("conformance/" + Path.GetFileName(f), f));
            string seanet = Path.Combine(conformanceDir, "seanet");
            if (Directory.Exists(seanet))
            {
                var perKind = new Dictionary<string, int>();
                foreach (var dir in Directory.GetDirectories(seanet).Order(StringComparer.Ordinal))
                {
                    string f = Path.Combine(dir, "model.tflite");
                    string kind = Regex.Replace(Path.GetFileName(dir), @"\d+$", "");
                    if (!File.Exists(f) || perKind.GetValueOrDefault(kind) >= maxSeanetPerKind) continue;
                    perKind[kind] = perKind.GetValueOrDefault(kind) + 1;
                    files.Add(("seanet/" + Path.GetFileName(dir), f));
                }
            }
        }
        if (mediaPipeDir is not null && Directory.Exists(mediaPipeDir))
            foreach (var f in Directory.GetFiles(mediaPipeDir, "*.tflite", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                files.Add(("mediapipe/" + Path.GetFileName(f), f));
        foreach (var dir in extraDirs ?? [])
            if (Directory.Exists(dir))
                foreach (var f in Directory.GetFiles(dir, "*.tflite", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                    files.Add(("extra/" + Path.GetFileName(f), f));
        foreach (var (name, path) in files)
            if (new FileInfo(path).Length <= maxSeedBytes) seeds.Add(new FuzzSeed(name, File.ReadAllBytes(path)));
        return seeds;
    }

    /// <summary>../shared/conformance of the repository, or $MANAGEDLITE_CONFORMANCE when set (worktrees elsewhere).</summary>
    public static string? FindConformance(string repoRoot)
    {
        string? env = Environment.GetEnvironmentVariable("MANAGEDLITE_CONFORMANCE");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env)) return env;
        string p = Path.GetFullPath(Path.Combine(repoRoot, "..", "shared", "conformance"));
        return Directory.Exists(p) ? p : null;
    }
}
