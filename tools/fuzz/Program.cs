using System.Globalization;
using ManagedLite.Fuzz;

// managedlite-fuzz: long mutation-fuzz runs of the model loader and interpreter.
//   dotnet run -c Release --project tools/fuzz -- --cases 100000 --seed N
// Prints cases run, outcomes by exception kind with their distinct (normalized) messages, and saves every
// distinct finding (a crash, hang or memory blow-up) with its description under --out.

const string Usage = """
    usage: managedlite-fuzz [--cases N] [--seed N] [--first N] [--minutes M] [--out DIR]
                            [--conformance DIR] [--models DIR] [--seeds DIR]... [--max-seed-mb N]
                            [--timeout S] [--max-arena-mb N] [--no-invoke] [--verbose]
           managedlite-fuzz --replay FILE.tflite...      run files once each and print the outcome
           managedlite-fuzz --seed N --case K [--out DIR] rebuild case K of run N, save it and run it
           managedlite-fuzz --export DIR                write the built-in tiny and hostile models as files
           managedlite-fuzz --structured [--cases N] [--seed N] [--minutes M] [--case K] [--verbose]
                                                        structure-aware cases (StructureFuzzer: sharing, huge dims,
                                                        folded/arena growth, uncounted compute, lying sparsity, stale
                                                        variables, loops, random graphs) with per-kind time/allocation

      --cases N        cases to run (default 10000)          --seed N     run seed (default 1)
      --first N        index of the first case (default 0)   --minutes M  stop after M minutes
      --out DIR        where findings are saved (default out/fuzz-findings, git-ignored)
      --conformance D  ../shared/conformance (default: next to the repository, or $MANAGEDLITE_CONFORMANCE)
      --models DIR     MediaPipe models (default: <repo>/models when present)
      --seeds DIR      more seed .tflite files (repeatable)
      --timeout S      per-case time budget in seconds (default 10)
      --max-arena-mb N InterpreterOptions.MaxMemoryBytes per case (default 256)
    Exit code: 0 when no case produced a finding, 1 otherwise, 2 on bad arguments.
    """;

int cases = 10_000, runSeed = 1, first = 0, timeoutS = 10, maxArenaMb = 256, maxSeedMb = 8;
int? replayCase = null;
double minutes = 0;
bool invoke = true, verbose = false, structured = false;
string outDir = Path.Combine("out", "fuzz-findings");
string? conformance = null, models = null, exportDir = null;
var extra = new List<string>();
var replayFiles = new List<string>();
try
{
    for (int i = 0; i < args.Length; i++)
    {
        string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture);
        switch (args[i])
        {
            case "--cases": cases = NextInt(); break;
            case "--seed": runSeed = NextInt(); break;
            case "--first": first = NextInt(); break;
            case "--minutes": minutes = double.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--out": outDir = Next(); break;
            case "--conformance": conformance = Next(); break;
            case "--models": models = Next(); break;
            case "--seeds": extra.Add(Next()); break;
            case "--max-seed-mb": maxSeedMb = NextInt(); break;
            case "--timeout": timeoutS = NextInt(); break;
            case "--max-arena-mb": maxArenaMb = NextInt(); break;
            case "--no-invoke": invoke = false; break;
            case "--verbose": verbose = true; break;
            case "--structured": structured = true; break;
            case "--case": replayCase = NextInt(); break;
            case "--export": exportDir = Next(); break;
            case "--replay":
                while (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) replayFiles.Add(args[++i]);
                break;
            case "-h" or "--help": Console.WriteLine(Usage); return 0;
            default: throw new ArgumentException($"unknown option {args[i]}");
        }
    }
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine($"managedlite-fuzz: {e.Message}");
    Console.Error.WriteLine(Usage);
    return 2;
}

var options = new FuzzOptions
{
    MaxMemoryBytes = (long)maxArenaMb << 20,
    CaseTimeout = TimeSpan.FromSeconds(timeoutS),
    Invoke = invoke,
};

if (exportDir is not null)
{
    // Writes the built-in seed and hostile models (tests/Runtime.Tests/Robustness/TinyModels.cs) as files.
    Directory.CreateDirectory(exportDir);
    foreach (var (name, bytes) in ManagedLite.Robustness.TinyModels.All().Concat(ManagedLite.Robustness.TinyModels.Hostile()))
    {
        string path = Path.Combine(exportDir, name.Replace('/', '_') + ".tflite");
        File.WriteAllBytes(path, bytes);
        Console.WriteLine($"{path} ({bytes.Length} bytes)");
    }
    return 0;
}

if (replayFiles.Count > 0)
{
    int bad = 0;
    using var worker = new CaseWorker(options);
    foreach (var f in replayFiles)
    {
        if (verbose) Dump(File.ReadAllBytes(f));
        var r = worker.Run(File.ReadAllBytes(f), 1);
        if (r.IsFinding) bad++;
        Console.WriteLine($"{f}: {(r.IsFinding ? "FINDING " : "")}{r.Kind} at {r.Stage}{(r.Message is null ? "" : ": " + r.Message)}");
        if (r.IsFinding && r.Exception is not null) Console.WriteLine(r.Exception);
    }
    return bad == 0 ? 0 : 1;
}

if (structured)
{
    // The structure-aware cases build their own models: no seed corpus. Same limits as the bounded test
    // (tests/Fuzz/StructureFuzzTests.cs) unless --max-arena-mb / --timeout say otherwise.
    var sopts = new FuzzOptions
    {
        Limits = new ManagedLite.Schema.ModelLimits { MaxModelBytes = 64L << 20, MaxTensorBytes = 64L << 20, MaxSubgraphDepth = 8 },
        MaxMemoryBytes = (long)maxArenaMb << 20,
        MaxMacsPerInvoke = 200_000_000,
        CaseTimeout = TimeSpan.FromSeconds(timeoutS),
        Invoke = invoke,
    };
    if (replayCase is int sk)
    {
        var (kind, desc, bytes) = StructureFuzzer.MakeCase(runSeed, sk);
        Directory.CreateDirectory(outDir);
        string path = Path.Combine(outDir, $"structured-{runSeed}-{sk}.tflite");
        File.WriteAllBytes(path, bytes);
        using var w = new CaseWorker(sopts);
        var r = w.Run(bytes, (uint)sk, FuzzRunner.CaseRandom(runSeed, sk));
        Console.WriteLine($"structured case {sk} of run {runSeed}: {kind} [{desc}] -> {path}");
        Console.WriteLine($"{(r.IsFinding ? "FINDING " : "")}{r.Kind} at {r.Stage} in {r.Milliseconds:F0} ms: {r.Message}");
        if (r.Exception is not null && (r.IsFinding || verbose)) Console.WriteLine(r.Exception);
        return r.IsFinding ? 1 : 0;
    }
    var stop = minutes > 0 ? TimeSpan.FromMinutes(minutes) : (TimeSpan?)null;
    var (sreport, byKind) = StructureFuzzer.Run(cases, runSeed, sopts, stop, f =>
    {
        Directory.CreateDirectory(outDir);
        string stem = Path.Combine(outDir, $"structured-{Sanitize(f.Result.Kind)}-{runSeed}-{f.CaseIndex}");
        File.WriteAllBytes(stem + ".tflite", f.Bytes);
        File.WriteAllText(stem + ".txt", $"run seed {runSeed}, structured case {f.CaseIndex}, kind {f.SeedName}\n{f.Mutations}\nstage: {f.Result.Stage}\n{f.Result.Kind}: {f.Result.Message}\n\n{f.Result.Exception}\n");
        Console.WriteLine($"FINDING case {f.CaseIndex} ({f.SeedName}: {f.Mutations}): {f.Result.Kind}: {f.Result.Message}");
    }, first, verbose ? (i, kind, desc, r) => Console.WriteLine($"{i} {kind} [{desc}] -> {r.Kind} in {r.Milliseconds:F0} ms: {r.Message}") : null);
    Console.WriteLine(sreport.Format());
    Console.WriteLine(StructureFuzzer.Format(byKind));
    return sreport.FindingsTotal == 0 ? 0 : 1;
}

string repo = FindRepoRoot();
conformance ??= FuzzCorpus.FindConformance(repo);
models ??= Path.Combine(repo, "models");
var seeds = FuzzCorpus.Load(conformance, models, extra, (long)maxSeedMb << 20);
Console.WriteLine($"seeds: {seeds.Count} ({seeds.Sum(s => (long)s.Bytes.Length) / 1024} KiB; conformance: {conformance ?? "absent"}, models: {(Directory.Exists(models) ? models : "absent")})");

if (replayCase is int k)
{
    var (seed, bytes, desc, rng) = FuzzRunner.MakeCase(seeds, runSeed, k);
    Directory.CreateDirectory(outDir);
    string path = Path.Combine(outDir, $"case-{runSeed}-{k}.tflite");
    File.WriteAllBytes(path, bytes);
    using var worker = new CaseWorker(options);
    var r = worker.Run(bytes, (uint)k, rng);
    Console.WriteLine($"case {k} of run {runSeed}: seed {seed.Name} [{desc}] -> {path}");
    Console.WriteLine($"{(r.IsFinding ? "FINDING " : "")}{r.Kind} at {r.Stage}: {r.Message}");
    if (r.Exception is not null && (r.IsFinding || verbose)) Console.WriteLine(r.Exception);
    return r.IsFinding ? 1 : 0;
}

var saved = new Dictionary<string, int>(StringComparer.Ordinal);
void Save(FuzzFinding f)
{
    string key = f.Result.Kind + "|" + CaseRunner.Normalize(f.Result.Message) + "|" + TopFrame(f.Result.Exception);
    int n = saved.GetValueOrDefault(key);
    saved[key] = n + 1;
    if (n >= 2) return; // keep a few examples of each distinct finding
    Directory.CreateDirectory(outDir);
    string stem = Path.Combine(outDir, $"{Sanitize(f.Result.Kind)}-{runSeed}-{f.CaseIndex}");
    File.WriteAllBytes(stem + ".tflite", f.Bytes);
    File.WriteAllText(stem + ".txt",
        $"run seed {runSeed}, case {f.CaseIndex}, seed model {f.SeedName}\nmutations: {f.Mutations}\nstage: {f.Result.Stage}\n{f.Result.Kind}: {f.Result.Message}\n\n{f.Result.Exception}\n");
    Console.WriteLine($"  finding: case {f.CaseIndex} {f.Result.Kind} at {f.Result.Stage}: {f.Result.Message} -> {stem}.tflite");
}

var report = FuzzRunner.Run(seeds, cases, runSeed, options,
    deadline: minutes > 0 ? TimeSpan.FromMinutes(minutes) : null,
    onFinding: Save,
    onProgress: r => { if (r.Cases % 10_000 == 0) Console.WriteLine($"  ... {r.Cases} cases, {r.FindingsTotal} findings, {r.Elapsed.TotalSeconds:F0} s"); },
    keepFindings: 0, firstCase: first);
Console.WriteLine($"run seed {runSeed}, cases {first}..{first + report.Cases - 1}");
Console.Write(report.Format());
Console.WriteLine($"distinct messages per kind:");
foreach (var (kind, set) in report.DistinctMessages.OrderBy(kv => kv.Key, StringComparer.Ordinal))
{
    if (kind == "ok") continue;
    Console.WriteLine($"  {kind}: {set.Count}");
    if (verbose) foreach (var m in set.Order(StringComparer.Ordinal).Take(200)) Console.WriteLine($"      {m}");
}
Console.WriteLine($"distinct findings: {saved.Count}{(saved.Count > 0 ? $" (saved under {Path.GetFullPath(outDir)})" : "")}");
return report.FindingsTotal == 0 ? 0 : 1;

// --verbose with --replay: the graph of each file (when it loads), to see what a mutation changed.
static void Dump(byte[] bytes)
{
    ManagedLite.Schema.ModelDef def;
    try { def = ManagedLite.Schema.ModelReader.Read(bytes); }
    catch (ManagedLite.Schema.ModelFormatException e) { Console.WriteLine($"  (does not load: {e.Message})"); return; }
    for (int s = 0; s < def.SubGraphs.Count; s++)
    {
        var sg = def.SubGraphs[s];
        Console.WriteLine($"  subgraph {s}: inputs [{string.Join(",", sg.Inputs)}] outputs [{string.Join(",", sg.Outputs)}]");
        for (int t = 0; t < sg.Tensors.Count; t++)
        {
            var td = sg.Tensors[t];
            var data = td.Buffer < def.Buffers.Count ? def.Buffers[td.Buffer].Data : default;
            string values = td.Type == ManagedLite.Schema.TensorType.Int32 && data.Length is > 0 and <= 64 && data.Length % 4 == 0
                ? " = [" + string.Join(",", System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(data.Span).ToArray()) + "]" : "";
            Console.WriteLine($"    tensor {t} '{td.Name}' {td.Type} [{string.Join(",", td.Shape)}] buffer {td.Buffer}{(td.IsVariable ? " variable" : "")}{(td.Sparsity is null ? "" : " sparse")}{values}");
        }
        for (int o = 0; o < sg.Operators.Count; o++)
        {
            var op = sg.Operators[o];
            var code = def.OperatorCodes[op.OpcodeIndex];
            string options = "";
            try
            {
                options = code.Code switch
                {
                    ManagedLite.Schema.BuiltinOperator.STRIDED_SLICE => op.GetOptions<ManagedLite.Schema.StridedSliceOptions>().ToString(),
                    ManagedLite.Schema.BuiltinOperator.CONCATENATION => op.GetOptions<ManagedLite.Schema.ConcatenationOptions>().ToString(),
                    ManagedLite.Schema.BuiltinOperator.GATHER => op.GetOptions<ManagedLite.Schema.GatherOptions>().ToString(),
                    _ => "",
                };
            }
            catch (ManagedLite.Schema.ModelFormatException e) { options = e.Message; }
            Console.WriteLine($"    op {o} {code.Code} v{code.Version}: inputs [{string.Join(",", op.Inputs)}] outputs [{string.Join(",", op.Outputs)}] options type {op.BuiltinOptionsType} {options}");
        }
    }
}

static string TopFrame(Exception? e)
{
    while (e?.InnerException is not null) e = e.InnerException;
    string? st = e?.StackTrace;
    if (st is null) return "";
    int nl = st.IndexOf('\n');
    return (nl < 0 ? st : st[..nl]).Trim();
}

static string Sanitize(string s) => new(s.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray());

static string FindRepoRoot()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "ManagedLite.sln"))) return d.FullName;
    }
    return Directory.GetCurrentDirectory();
}
