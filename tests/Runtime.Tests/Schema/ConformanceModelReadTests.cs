using System.Diagnostics;
using System.Text.Json;
using ManagedLite.Schema;
using Xunit;
using Xunit.Abstractions;

namespace ManagedLite.Tests.Schema;

/// <summary>Every model of ../shared/conformance (and models/ when fetched) reads; two are checked field by field.</summary>
public sealed class ConformanceModelReadTests(ITestOutputHelper output)
{
    public static TheoryData<string> ConformanceModels()
    {
        var data = new TheoryData<string>();
        if (SchemaTestData.Conformance is string root)
        {
            foreach (string f in Directory.GetFiles(Path.Combine(root, "models"), "*.tflite").Order())
                data.Add(Path.GetRelativePath(root, f));
            foreach (string f in Directory.GetFiles(Path.Combine(root, "seanet"), "model.tflite", SearchOption.AllDirectories).Order())
                data.Add(Path.GetRelativePath(root, f));
        }
        if (data.Count == 0)
            data.Add("(absent)");
        return data;
    }

    public static TheoryData<string> MediaPipeModels()
    {
        var data = new TheoryData<string>();
        if (TestPaths.MediaPipeModels is string root)
            foreach (string f in Directory.GetFiles(root, "*.tflite", SearchOption.AllDirectories).Order())
                data.Add(Path.GetRelativePath(root, f));
        if (data.Count == 0)
            data.Add("(absent)");
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(ConformanceModels))]
    public void ConformanceModelReads(string relative)
    {
        if (SchemaTestData.Conformance is not string root || relative == "(absent)")
        {
            throw new SkipException("../shared/conformance not found next to the repository");
        }
        // The 127 SEANet single-op models are alike: cross-check a tenth of them with flatc to keep the run short.
        bool crossCheck = !relative.StartsWith("seanet") || relative.Sum(c => c) % 10 == 0
                          || relative.Contains("add0" + Path.DirectorySeparatorChar);
        CheckAgainstFlatc(Path.Combine(root, relative), crossCheck);
    }

    [SkippableTheory]
    [MemberData(nameof(MediaPipeModels))]
    public void MediaPipeModelReads(string relative)
    {
        if (TestPaths.MediaPipeModels is not string root || relative == "(absent)")
        {
            throw new SkipException("models/ not fetched (scripts/fetch-models.sh)");
        }
        ModelDef model = CheckAgainstFlatc(Path.Combine(root, relative));
        if (relative.Contains("face_detection_full_range_sparse"))
            Assert.Contains(model.SubGraphs[0].Tensors, t => t.Sparsity is not null);
        if (relative.Contains("selfie_segmentation"))
            Assert.Contains(model.OperatorCodes, c => c.Code == BuiltinOperator.CUSTOM && c.CustomCode == "Convolution2DTransposeBias");
    }

    /// <summary>Hand-checked against flatc's JSON dump of the file (see the test body for the facts used).</summary>
    [SkippableFact]
    public void HelloWorldFloatMatchesHandCheckedFacts()
    {
        if (SchemaTestData.Conformance is not string root)
        {
            throw new SkipException("../shared/conformance not found");
        }
        ModelDef m = ModelReader.Read(File.ReadAllBytes(Path.Combine(root, "models", "hello_world_float.tflite")));
        Assert.Equal(3u, m.Version);
        Assert.Equal("MLIR Converted.", m.Description);
        Assert.Equal(13, m.Buffers.Count);
        Assert.Equal([0, 0, 64, 4, 64, 64, 1024, 64, 0, 0, 0, 16, 84], m.Buffers.Select(b => b.Data.Length));
        Assert.Equal([("min_runtime_version", 11), ("CONVERSION_METADATA", 12)], m.Metadata.Select(x => (x.Name, x.Buffer)));
        Assert.Equal([new OperatorCodeDef(BuiltinOperator.FULLY_CONNECTED, null, 1)], m.OperatorCodes);
        SubGraphDef sg = Assert.Single(m.SubGraphs);
        Assert.Equal(10, sg.Tensors.Count);
        Assert.Equal([0], sg.Inputs);
        Assert.Equal([9], sg.Outputs);
        Assert.Equal(3, sg.Operators.Count);
        Assert.All(sg.Operators, op => Assert.Equal(0, op.OpcodeIndex));
        Assert.Equal([0, 4, 3], sg.Operators[0].Inputs);
        Assert.Equal([7], sg.Operators[0].Outputs);
        Assert.Equal(ActivationFunctionType.Relu, sg.Operators[0].GetOptions<FullyConnectedOptions>().FusedActivation);
        TensorDef t0 = sg.Tensors[0];
        Assert.Equal("serving_default_dense_input:0", t0.Name);
        Assert.Equal(TensorType.Float32, t0.Type);
        Assert.Equal([1, 1], t0.Shape);
        Assert.Equal(1, t0.Buffer);
        Assert.Equal([16, 16], sg.Tensors[5].Shape);
        Assert.Equal(16 * 16 * 4, m.Buffers[sg.Tensors[5].Buffer].Data.Length);
        SignatureDefDef sig = Assert.Single(m.SignatureDefs);
        Assert.Equal("serving_default", sig.SignatureKey);
        Assert.Equal([new SignatureTensorDef("dense_input", 0)], sig.Inputs);
        Assert.Equal([new SignatureTensorDef("dense_2", 9)], sig.Outputs);
        Assert.True(m.TrailingBytes.IsEmpty);
    }

    /// <summary>person_detect is an old (TOCO) model: opcodes only in deprecated_builtin_code, per-channel int8.</summary>
    [SkippableFact]
    public void PersonDetectMatchesHandCheckedFacts()
    {
        if (SchemaTestData.Conformance is not string root)
        {
            throw new SkipException("../shared/conformance not found");
        }
        ModelDef m = ModelReader.Read(File.ReadAllBytes(Path.Combine(root, "models", "person_detect.tflite")));
        Assert.Equal("TOCO Converted.", m.Description);
        Assert.Equal(
            [(BuiltinOperator.AVERAGE_POOL_2D, 2), (BuiltinOperator.CONV_2D, 2), (BuiltinOperator.DEPTHWISE_CONV_2D, 3), (BuiltinOperator.RESHAPE, 1), (BuiltinOperator.SOFTMAX, 2)],
            m.OperatorCodes.Select(c => (c.Code, c.Version)));
        Assert.Equal(90, m.Buffers.Count);
        SubGraphDef sg = Assert.Single(m.SubGraphs);
        Assert.Equal(89, sg.Tensors.Count);
        Assert.Equal(31, sg.Operators.Count);
        Assert.Equal([88], sg.Inputs);
        Assert.Equal([87], sg.Outputs);
        var histogram = sg.Operators.GroupBy(o => o.OpcodeIndex).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<int, int> { [0] = 1, [1] = 14, [2] = 14, [3] = 1, [4] = 1 }, histogram);
        OperatorDef first = sg.Operators[0];
        Assert.Equal([88, 0, 33], first.Inputs);
        var dw = first.GetOptions<DepthwiseConv2DOptions>();
        Assert.Equal((2, 2, 8, ActivationFunctionType.Relu6, Padding.Same), (dw.StrideW, dw.StrideH, dw.DepthMultiplier, dw.FusedActivation, dw.Padding));
        TensorDef w = sg.Tensors[0];
        Assert.Equal([1, 3, 3, 8], w.Shape);
        Assert.Equal(TensorType.Int8, w.Type);
        Assert.Equal(68, w.Buffer);
        Assert.Equal(8, w.Quantization!.Scale.Length);
        Assert.Equal(3, w.Quantization.QuantizedDimension);
        TensorDef bias = sg.Tensors[33]; // rank-1 bias declaring quantized_dimension 3 (copied from the filter)
        Assert.Equal([8], bias.Shape);
        Assert.Equal(8, bias.Quantization!.Scale.Length);
        Assert.Equal(0, bias.Quantization.QuantizedDimension);
        TensorDef input = sg.Tensors[88];
        Assert.Equal("input", input.Name);
        Assert.Equal([1, 96, 96, 1], input.Shape);
        Assert.Equal([-1L], input.Quantization!.ZeroPoint);
        Assert.Equal([-1f], input.Quantization.Min!);
    }

    /// <summary>
    /// Reads the model and, when flatc is on PATH, compares counts, shapes, types, buffers and operator wiring
    /// with flatc's own JSON dump of the file (an independent C++ parser).
    /// </summary>
    private ModelDef CheckAgainstFlatc(string path, bool crossCheck = true)
    {
        byte[] bytes = File.ReadAllBytes(path);
        ModelReader.Read(bytes); // warm-up, so the time printed below is the reader's own
        var sw = Stopwatch.StartNew();
        ModelDef model = ModelReader.Read(bytes);
        double ms = sw.Elapsed.TotalMilliseconds;
        Assert.NotEmpty(model.SubGraphs);
        output.WriteLine($"{Path.GetFileName(path)} ({bytes.Length} bytes) read in {ms:F2} ms: {model.SubGraphs.Count} subgraphs, {model.SubGraphs.Sum(s => s.Tensors.Count)} tensors, " +
                         $"{model.SubGraphs.Sum(s => s.Operators.Count)} operators, {model.Buffers.Count} buffers, trailing {model.TrailingBytes.Length} bytes");
        ModelReaderFuzzTests.ExerciseAll(model);
        // flatc's JSON spells every weight out (slow for big files): cross-check models up to 1.5 MB.
        using JsonDocument? json = crossCheck && bytes.Length <= 3 << 19 ? FlatcJson(path) : null;
        if (json is null)
            return model;
        JsonElement root = json.RootElement;
        Assert.Equal(Count(root, "buffers"), model.Buffers.Count);
        Assert.Equal(Count(root, "operator_codes"), model.OperatorCodes.Count);
        JsonElement[] subGraphs = Array(root, "subgraphs");
        Assert.Equal(subGraphs.Length, model.SubGraphs.Count);
        for (int s = 0; s < subGraphs.Length; s++)
        {
            SubGraphDef sg = model.SubGraphs[s];
            JsonElement[] tensors = Array(subGraphs[s], "tensors");
            Assert.Equal(tensors.Length, sg.Tensors.Count);
            for (int i = 0; i < tensors.Length; i++)
            {
                TensorDef t = sg.Tensors[i];
                Assert.Equal(Ints(tensors[i], "shape"), t.Shape);
                Assert.Equal(tensors[i].TryGetProperty("buffer", out var b) ? b.GetInt32() : 0, t.Buffer);
                string type = tensors[i].TryGetProperty("type", out var ty) ? ty.GetString()! : "FLOAT32";
                Assert.Equal(type.Replace("_", ""), t.Type.ToString().ToUpperInvariant());
                Assert.Equal(tensors[i].TryGetProperty("name", out var n) ? n.GetString() : "", t.Name);
            }
            JsonElement[] ops = Array(subGraphs[s], "operators");
            Assert.Equal(ops.Length, sg.Operators.Count);
            for (int i = 0; i < ops.Length; i++)
            {
                Assert.Equal(ops[i].TryGetProperty("opcode_index", out var oc) ? oc.GetInt32() : 0, sg.Operators[i].OpcodeIndex);
                Assert.Equal(Ints(ops[i], "inputs"), sg.Operators[i].Inputs);
                Assert.Equal(Ints(ops[i], "outputs"), sg.Operators[i].Outputs);
            }
            Assert.Equal(Ints(subGraphs[s], "inputs"), sg.Inputs);
            Assert.Equal(Ints(subGraphs[s], "outputs"), sg.Outputs);
        }
        return model;
    }

    private static int Count(JsonElement e, string name) => Array(e, name).Length;

    private static JsonElement[] Array(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.EnumerateArray().ToArray() : [];

    private static int[] Ints(JsonElement e, string name) => Array(e, name).Select(x => x.GetInt32()).ToArray();

    private static JsonDocument? FlatcJson(string model)
    {
        string? flatc = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "flatc")).FirstOrDefault(File.Exists);
        if (flatc is null)
            return null;
        string tmp = Directory.CreateTempSubdirectory("ml-flatc-").FullName;
        try
        {
            string schema = Path.Combine(tmp, "schema.fbs");
            string text = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "src", "Schema", "schema.fbs"));
            File.WriteAllText(schema, System.Text.RegularExpressions.Regex.Replace(text, @"\s*\(deprecated\)\s*,", ","));
            var psi = new ProcessStartInfo(flatc, ["--json", "--strict-json", "--raw-binary", "-o", tmp, schema, "--", model])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            using var p = Process.Start(psi)!;
            p.StandardOutput.ReadToEnd();
            string err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, "flatc --json failed: " + err);
            string jsonPath = Path.Combine(tmp, Path.GetFileNameWithoutExtension(model) + ".json");
            return JsonDocument.Parse(File.ReadAllBytes(jsonPath));
        }
        finally
        {
            Directory.Delete(tmp, recursive: true);
        }
    }
}
