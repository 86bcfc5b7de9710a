using System.CommandLine;
using System.Globalization;
using System.Text;
using ManagedLite.Schema;

namespace ManagedLite.Cli;

/// <summary>`managedlite inspect`: inputs, outputs, operators, metadata, unsupported operators and arena size.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var model = CliOptions.Model();
        var reference = CliOptions.Reference();
        var maxGmacs = CliOptions.MaxGigaMacs();
        var keyFile = CliOptions.KeyFile();
        var cmd = new Command("inspect", "Inputs, outputs, operators (counts, versions), TFLite metadata and associated files, unsupported operators, arena size")
        {
            model, reference, maxGmacs, keyFile,
        };
        var delegates = new DelegateOptions();
        delegates.AddTo(cmd);
        cmd.SetAction(r =>
        {
            using var gpu = delegates.Create(r);
            return Run(r.GetValue(model), r.GetValue(keyFile), r.GetValue(reference), r.GetValue(maxGmacs), gpu);
        });
        return cmd;
    }

    private static int Run(string? path, string? keyFile, bool reference, double? maxGmacs, Delegates.Gpu.GpuDelegate? gpu)
    {
        var (model, label, size) = ModelFiles.Load(path, keyFile);
        var def = model.Definition;
        var sb = new StringBuilder();
        sb.AppendLine($"model: {label} ({size} bytes), schema version {def.Version}{(def.Description.Length > 0 ? $", description \"{def.Description}\"" : "")}");
        sb.AppendLine($"subgraphs: {def.SubGraphs.Count}, tensors: {def.SubGraphs[0].Tensors.Count}, buffers: {def.Buffers.Count}, operators: {def.SubGraphs.Sum(s => s.Operators.Count)}");
        var sg = def.SubGraphs[0];
        sb.AppendLine("inputs:");
        for (int i = 0; i < sg.Inputs.Length; i++) sb.AppendLine("  " + Describe(i, sg.Tensors[sg.Inputs[i]]));
        sb.AppendLine("outputs:");
        for (int i = 0; i < sg.Outputs.Length; i++) sb.AppendLine("  " + Describe(i, sg.Tensors[sg.Outputs[i]]));
        int strings = sg.Tensors.Count(t => t.Type == TensorType.String);
        if (strings > 0)
            sb.AppendLine($"string tensors: {strings} ({sg.Tensors.Count(t => t.Type == TensorType.String && t.Buffer != 0)} with a model buffer); run takes |S/<U .npy for string inputs and writes string outputs as |S .npy");
        if (def.SignatureDefs.Count > 0)
            sb.AppendLine("signatures: " + string.Join(", ", def.SignatureDefs.Select(s => $"'{s.SignatureKey}' (subgraph {s.SubGraphIndex})")));
        AppendMetadata(sb, model);
        var unsupported = Interpreter.FindUnsupportedOperators(model, OpResolver.CreateBuiltin());
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
            var options = new InterpreterOptions { UseReferenceKernels = reference, Delegate = gpu };
            options.MaxMacsPerInvoke = CliOptions.MaxMacs(maxGmacs);
            Interpreter interp;
            try { interp = new Interpreter(model, options); }
            catch (OperatorException e)
            {
                // A node over constants is evaluated while the interpreter is built (constant folding): its kernel refused it.
                sb.AppendLine($"cannot run: {e.Message}");
                sb.AppendLine("arena: n/a (a node does not prepare)");
                Console.Out.Write(sb.ToString());
                return 0;
            }
            using var _ = interp;
            // Every operator is registered, but kernels may refuse nodes' types or shapes while preparing: list each such
            // node after the rest of the report instead of failing at the first with no report at all.
            var failures = interp.FindPrepareFailures();
            if (failures.Count > 0)
            {
                sb.AppendLine($"cannot run: {failures.Count} node(s) refused while preparing");
                foreach (var f in failures)
                    sb.AppendLine($"  {f.Message}{(f.NotChecked > 0 ? $" ({f.NotChecked} later node(s) that read its outputs not checked)" : "")}");
                sb.AppendLine("arena: n/a (a node does not prepare)");
                Console.Out.Write(sb.ToString());
                return 0;
            }
            interp.AllocateTensors();
            sb.AppendLine($"arena: {interp.ArenaBytes} bytes ({interp.ArenaBytes / 1024.0:F1} KiB), {interp.ExecutionPlanLength} nodes to run after folding and fusion");
            sb.AppendLine($"shared_bytes: {interp.SharedBytes} (constant work shared by every interpreter of the model: folded constants, packed weights); arena_bytes: {interp.ArenaBytes} (per interpreter)");
            if (gpu is not null && interp.DelegationReport is { } report)
            {
                sb.Append(report.ToString());
                sb.AppendLine($"accelerator: {gpu.AcceleratorName ?? "none (fell back to the CPU)"}");
            }
        }
        else sb.AppendLine("arena: n/a (unsupported operators)");
        Console.Out.Write(sb.ToString());
        return 0;
    }

    /// <summary>TFLite metadata and the associated files; a malformed one is reported on its line, the rest still prints.</summary>
    private static void AppendMetadata(StringBuilder sb, Model model)
    {
        ModelMetadata? md;
        try { md = model.Metadata; }
        catch (ModelFormatException e)
        {
            sb.AppendLine($"metadata: unreadable ({Program.OneLine(e.Message)})");
            md = null;
        }
        if (md is not null)
        {
            var parts = new List<string> { $"name \"{md.Name}\"" };
            if (md.Version.Length > 0) parts.Add($"version \"{md.Version}\"");
            if (md.Author.Length > 0) parts.Add($"author \"{md.Author}\"");
            if (md.License.Length > 0) parts.Add($"license \"{Program.OneLine(md.License)}\"");
            sb.AppendLine("metadata: " + string.Join(", ", parts));
            if (md.Description.Length > 0) sb.AppendLine($"  description: {Program.OneLine(md.Description)}");
            for (int i = 0; i < md.Inputs.Count; i++) sb.AppendLine($"  input {i} {DescribeTensor(md.Inputs[i])}");
            for (int i = 0; i < md.Outputs.Count; i++) sb.AppendLine($"  output {i} {DescribeTensor(md.Outputs[i])}");
            foreach (var f in md.Files) sb.AppendLine($"  model file: {DescribeFile(f)}");
        }
        try
        {
            var files = model.AssociatedFiles;
            if (files.Count > 0)
                sb.AppendLine($"associated files: {string.Join(", ", files.Names)}");
        }
        catch (ModelFormatException e)
        {
            sb.AppendLine($"associated files: unreadable ({Program.OneLine(e.Message)})");
        }
    }

    private static string DescribeTensor(TensorMetadataDef t)
    {
        var ci = CultureInfo.InvariantCulture;
        var parts = new List<string> { $"'{t.Name}'" };
        if (t.Content is { } c)
        {
            if (c.Image is { } img)
                parts.Add($"image {img.ColorSpace.ToString().ToUpperInvariant()}{(img.Width > 0 ? $" {img.Width}x{img.Height}" : "")}");
            else if (c.Kind != ContentKind.None)
                parts.Add(c.Kind.ToString().ToLowerInvariant());
            if (c.Range is { } r) parts.Add($"range [{r.Min},{r.Max}]");
        }
        if (t.Normalization is { } n)
            parts.Add($"normalization mean [{string.Join(",", n.Mean.Select(v => v.ToString("G9", ci)))}] std [{string.Join(",", n.Std.Select(v => v.ToString("G9", ci)))}]");
        if (t.Stats is { } s && (s.Min.Count > 0 || s.Max.Count > 0))
            parts.Add($"values min [{string.Join(",", s.Min.Select(v => v.ToString("G9", ci)))}] max [{string.Join(",", s.Max.Select(v => v.ToString("G9", ci)))}]");
        foreach (var u in t.ProcessUnits.Where(u => u.Kind is not (ProcessUnitKind.Normalization or ProcessUnitKind.None)))
            parts.Add(u.Kind.ToString());
        foreach (var f in t.AssociatedFiles) parts.Add("file " + DescribeFile(f));
        if (t.Description.Length > 0) parts.Add($"\"{Program.OneLine(t.Description)}\"");
        return string.Join(", ", parts);
    }

    private static string DescribeFile(AssociatedFileDef f) =>
        $"{f.Name} ({TypeName(f.Type)}{(f.Locale.Length > 0 ? ", locale " + f.Locale : "")})";

    /// <summary>The schema's spelling (TENSOR_AXIS_LABELS), which TFLite's tools print.</summary>
    private static string TypeName(AssociatedFileType t) => t switch
    {
        AssociatedFileType.Descriptions => "DESCRIPTIONS",
        AssociatedFileType.TensorAxisLabels => "TENSOR_AXIS_LABELS",
        AssociatedFileType.TensorValueLabels => "TENSOR_VALUE_LABELS",
        AssociatedFileType.TensorAxisScoreCalibration => "TENSOR_AXIS_SCORE_CALIBRATION",
        AssociatedFileType.Vocabulary => "VOCABULARY",
        AssociatedFileType.ScannIndexFile => "SCANN_INDEX_FILE",
        _ => "UNKNOWN",
    };

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
}
