using System.Diagnostics;
using System.Globalization;
using System.Text;
using ManagedLite.IO;
using ManagedLite.Schema;

namespace ManagedLite.Cli;

internal static class Commands
{
    private static readonly HashSet<string> NoValues = new();

    public static int Inspect(string[] args)
    {
        var a = Arguments.Parse(args, 1, NoValues, new HashSet<string> { "--reference" });
        var (model, label, size) = LoadModel(a.Model);
        var def = model.Definition;
        var sb = new StringBuilder();
        sb.AppendLine($"model: {label} ({size} bytes), schema version {def.Version}{(def.Description.Length > 0 ? $", description \"{def.Description}\"" : "")}");
        sb.AppendLine($"subgraphs: {def.SubGraphs.Count}, tensors: {def.SubGraphs[0].Tensors.Count}, buffers: {def.Buffers.Count}, operators: {def.SubGraphs.Sum(s => s.Operators.Count)}");
        var sg = def.SubGraphs[0];
        sb.AppendLine("inputs:");
        for (int i = 0; i < sg.Inputs.Length; i++) sb.AppendLine("  " + Describe(i, sg.Tensors[sg.Inputs[i]]));
        sb.AppendLine("outputs:");
        for (int i = 0; i < sg.Outputs.Length; i++) sb.AppendLine("  " + Describe(i, sg.Tensors[sg.Outputs[i]]));
        if (def.SignatureDefs.Count > 0)
            sb.AppendLine("signatures: " + string.Join(", ", def.SignatureDefs.Select(s => $"'{s.SignatureKey}' (subgraph {s.SubGraphIndex})")));
        var resolver = OpResolver.CreateBuiltin();
        var unsupported = Interpreter.FindUnsupportedOperators(model, resolver);
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in def.SubGraphs)
            foreach (var op in s.Operators)
            {
                var code = def.OperatorCodes[op.OpcodeIndex];
                string name = code.Code == BuiltinOperator.CUSTOM ? $"{code.CustomCode} (custom) v{code.Version}" : $"{code.Code} v{code.Version}";
                counts[name] = counts.GetValueOrDefault(name) + 1;
            }
        sb.AppendLine("operators:");
        foreach (var (name, n) in counts) sb.AppendLine($"  {name,-44} x{n}");
        if (unsupported.Count == 0) sb.AppendLine("unsupported operators: none");
        else
        {
            sb.AppendLine($"unsupported operators: {unsupported.Count}");
            foreach (var u in unsupported)
                sb.AppendLine($"  {(u.IsCustom ? "custom op " : "")}{u.Name} v{u.Version} at node {u.NodeIndex}{(u.SubGraphIndex != 0 ? $" of subgraph {u.SubGraphIndex}" : "")}");
        }
        if (unsupported.Count == 0)
        {
            using var interp = new Interpreter(model, new InterpreterOptions { UseReferenceKernels = a.Flag("--reference") });
            interp.AllocateTensors();
            sb.AppendLine($"arena: {interp.ArenaBytes} bytes ({interp.ArenaBytes / 1024.0:F1} KiB), {interp.ExecutionPlanLength} nodes to run after folding and fusion");
        }
        else sb.AppendLine("arena: n/a (unsupported operators)");
        Console.Out.Write(sb.ToString());
        return 0;
    }

    public static int Run(string[] args)
    {
        var a = Arguments.Parse(args, 1, new HashSet<string> { "--input", "--output-dir", "--seed", "--threads" }, new HashSet<string> { "--reference" });
        var (model, _, _) = LoadModel(a.Model);
        uint seed = (uint)a.Int("--seed", 1, 0);
        using var interp = CreateInterpreter(model, a);
        var inputs = a.All("--input");
        if (inputs.Count > 0) SetInputs(interp, inputs);
        else SeededInputs.FillInputs(interp, seed);
        interp.Invoke();
        string dir = a.Value("--output-dir") ?? ".";
        Directory.CreateDirectory(dir);
        for (int i = 0; i < interp.Outputs.Count; i++)
            NpyArray.FromTensor(interp.Outputs[i]).Write(Path.Combine(dir, $"output_{i}.npy"));
        return 0;
    }

    public static int Bench(string[] args)
    {
        var a = Arguments.Parse(args, 1, new HashSet<string> { "--runs", "--warmup", "--threads", "--seed" }, new HashSet<string> { "--json", "--reference", "--profile" });
        int runs = a.Int("--runs", 50, 1);
        int warmup = a.Int("--warmup", 10, 0);
        uint seed = (uint)a.Int("--seed", 1, 0);
        var sw = Stopwatch.StartNew();
        var (model, label, _) = LoadModel(a.Model);
        using var interp = CreateInterpreter(model, a);
        SeededInputs.FillInputs(interp, seed);
        double initMs = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        interp.Invoke();
        double firstMs = sw.Elapsed.TotalMilliseconds;
        for (int i = 0; i < warmup; i++) interp.Invoke();
        if (a.Flag("--profile")) interp.ResetOperatorProfile();
        var times = new double[runs];
        long allocBefore = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < runs; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            interp.Invoke();
            times[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }
        long allocBytes = GC.GetAllocatedBytesForCurrentThread() - allocBefore;
        Array.Sort(times);
        double median = runs % 2 == 1 ? times[runs / 2] : (times[runs / 2 - 1] + times[runs / 2]) / 2;
        double p90 = times[Math.Min(runs - 1, (int)Math.Ceiling(0.9 * runs) - 1)];
        long perInvoke = allocBytes / runs;
        var ci = CultureInfo.InvariantCulture;
        if (a.Flag("--json"))
        {
            Console.Out.WriteLine(string.Create(ci,
                $"{{\"model\": \"{JsonEscape(label)}\", \"init_ms\": {initMs:F3}, \"first_ms\": {firstMs:F3}, \"median_ms\": {median:F3}, \"p90_ms\": {p90:F3}, \"runs\": {runs}, \"threads\": {interp.Options.Threads}, \"arena_bytes\": {interp.ArenaBytes}, \"alloc_bytes_per_invoke\": {perInvoke}}}"));
        }
        else
        {
            Console.Out.WriteLine($"model: {label}");
            Console.Out.WriteLine(string.Create(ci, $"init: {initMs:F2} ms, first invoke: {firstMs:F2} ms"));
            Console.Out.WriteLine(string.Create(ci, $"invoke over {runs} runs ({warmup} warmup, {interp.Options.Threads} thread(s)): median {median:F3} ms, p90 {p90:F3} ms"));
            Console.Out.WriteLine($"arena: {interp.ArenaBytes} bytes; managed bytes allocated per invoke: {perInvoke}");
        }
        if (a.Flag("--profile")) PrintProfile(interp, a.Flag("--json"));
        return 0;
    }

    /// <summary>Per-operator-type totals, slowest first (on stderr with --json so stdout stays one JSON object).</summary>
    private static void PrintProfile(Interpreter interp, bool toStderr)
    {
        var w = toStderr ? Console.Error : Console.Out;
        var profile = interp.GetOperatorProfile();
        double total = profile.Sum(p => p.MeanMilliseconds);
        w.WriteLine("operator profile (mean per invoke):");
        foreach (var g in profile.GroupBy(p => p.Operator).OrderByDescending(g => g.Sum(p => p.MeanMilliseconds)))
        {
            double ms = g.Sum(p => p.MeanMilliseconds);
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {g.Key,-32} x{g.Count(),-4} {ms,9:F3} ms  {100 * ms / Math.Max(total, 1e-9),5:F1}%"));
        }
        w.WriteLine("slowest nodes:");
        foreach (var p in profile.OrderByDescending(p => p.MeanMilliseconds).Take(10))
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  node {p.NodeIndex,-5} {p.Operator,-28} {p.MeanMilliseconds,9:F3} ms  -> {(p.Output.Length > 60 ? p.Output[..57] + "..." : p.Output)}"));
    }

    private static Interpreter CreateInterpreter(Model model, Arguments a)
    {
        var options = new InterpreterOptions
        {
            Threads = a.Int("--threads", 1, 1),
            UseReferenceKernels = a.Flag("--reference"),
            EnableProfiling = a.Flag("--profile"),
        };
        return new Interpreter(model, options);
    }

    private static void SetInputs(Interpreter interp, IReadOnlyList<string> files)
    {
        if (files.Count != interp.Inputs.Count)
            throw new CliException($"the model has {interp.Inputs.Count} input(s) ({string.Join(", ", interp.Inputs.Select(t => $"'{t.Name}'"))}), got {files.Count} --input file(s)");
        var arrays = new NpyArray[files.Count];
        for (int i = 0; i < files.Count; i++)
        {
            var arr = arrays[i] = NpyArray.Read(files[i]);
            var t = interp.Inputs[i];
            if (arr.Type == TensorType.Float64 && t.DataType == TensorType.Float32)
                arr = arrays[i] = ToFloat32(arr); // NumPy's default dtype: rounded to the model's float32
            if (arr.Type != t.DataType)
                throw new CliException($"input {i} '{t.Name}' ({files[i]}): expected {TensorTypes.Name(t.DataType)}, got {TensorTypes.Name(arr.Type)}");
            if (!t.Shape.SequenceEqual(arr.Shape))
            {
                try { interp.ResizeInputTensor(i, arr.Shape); }
                catch (TensorException ex)
                {
                    throw new CliException($"input {i} '{t.Name}' ({files[i]}): expected shape [{string.Join(",", t.Shape.ToArray())}], got [{string.Join(",", arr.Shape)}] ({ex.Message})");
                }
            }
        }
        interp.AllocateTensors();
        for (int i = 0; i < files.Count; i++) arrays[i].Data.CopyTo(interp.Inputs[i].WritableBytes);
    }

    private static NpyArray ToFloat32(NpyArray a)
    {
        var src = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(a.Data);
        var data = new byte[src.Length * sizeof(float)];
        var dst = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(data.AsSpan());
        for (int i = 0; i < src.Length; i++) dst[i] = (float)src[i];
        return new NpyArray(TensorType.Float32, a.Shape, data);
    }

    private static (Model Model, string Label, long Size) LoadModel(string? path)
    {
        if (path is null)
        {
            using var s = typeof(Commands).Assembly.GetManifestResourceStream("default.tflite")
                ?? throw new CliException("the bundled default model is missing from this build");
            var bytes = new byte[s.Length];
            s.ReadExactly(bytes);
            return (Model.FromBytes(bytes), "(bundled) face_detection_short_range.tflite", bytes.Length);
        }
        if (Directory.Exists(path)) throw new CliException($"{path} is a directory, not a model file");
        if (!File.Exists(path)) throw new CliException($"model file not found: {path}");
        try
        {
            return (Model.FromFile(path), path, new FileInfo(path).Length);
        }
        catch (ModelFormatException ex)
        {
            throw new CliException($"{path}: invalid model: {Program.OneLine(ex.Message)}");
        }
    }

    private static string Describe(int i, TensorDef t)
    {
        string sig = t.ShapeSignature is { } s && !s.SequenceEqual(t.Shape) ? $" (signature [{string.Join(",", s)}])" : "";
        string q = t.Quantization is { Scale.Length: > 0 } qd
            ? qd.Scale.Length == 1
                ? string.Create(CultureInfo.InvariantCulture, $" scale={qd.Scale[0]:G9} zero_point={(qd.ZeroPoint.Length > 0 ? qd.ZeroPoint[0] : 0)}")
                : $" per-channel({qd.Scale.Length}) dim={qd.QuantizedDimension}"
            : "";
        return $"{i}: '{t.Name}' {TensorTypes.Name(t.Type)} [{string.Join(",", t.Shape)}]{sig}{q}";
    }

    private static string JsonEscape(string s) => s.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
