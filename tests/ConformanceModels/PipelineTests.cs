using ManagedLite.IO;
using ManagedLite.Tests;
using Xunit;
using Xunit.Abstractions;

namespace ManagedLite.ConformanceModels.Tests;

/// <summary>
/// The graph pipeline on real models: inputs survive Invoke, every pass can be switched off without changing
/// outputs, and the optimized+fused pipeline matches the reference+unfused one on every model.
/// </summary>
public class PipelineTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> MediaPipe() => MediaPipeConformanceTests.Cases();

    public static IEnumerable<object[]> Micro() =>
        new[] { "mobilenet_v2_quantized_1x3x224x224", "person_detect", "micro_speech_quantized", "dtln_noise_suppression", "trained_lstm_int8",
                "micro_speech_lstm", "keyword_scrambled", "keyword_scrambled_8bit", "hello_world_int8", "hello_world_float", "sine_float",
                "simple_add_model", "audio_preprocessor_int8", "audio_preprocessor_float", "trained_lstm" }.Select(m => new object[] { m });

    private static string RequireMicro(string model)
    {
        string? root = TestPaths.Conformance;
        Skip.If(root is null, "../shared/conformance is absent");
        return Path.Combine(root!, "models", model + ".tflite");
    }

    /// <summary>Fill the inputs once and invoke several times: the inputs keep their bytes and the outputs repeat.</summary>
    private static void AssertRepeatable(string path, uint seed)
    {
        using var interp = new Interpreter(Model.FromFile(path));
        SeededInputs.FillInputs(interp, seed);
        var inputs = interp.Inputs.Select(t => t.RawBytes.ToArray()).ToArray();
        interp.ResetVariableTensors();
        interp.Invoke();
        var first = interp.Outputs.Select(t => t.RawBytes.ToArray()).ToArray();
        for (int k = 0; k < 3; k++)
        {
            interp.ResetVariableTensors(); // stateful models (LSTM, SVDF) must start from the same state
            interp.Invoke();
            for (int i = 0; i < inputs.Length; i++)
                Assert.True(inputs[i].AsSpan().SequenceEqual(interp.Inputs[i].RawBytes), $"invoke {k + 2}: input {i} changed");
            for (int j = 0; j < first.Length; j++)
                Assert.True(first[j].AsSpan().SequenceEqual(interp.Outputs[j].RawBytes), $"invoke {k + 2}: output {j} differs from the first invoke");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(MediaPipe))]
    public void InputsSurviveInvokeOnMediaPipeModels(string caseDir)
    {
        var meta = MediaPipeConformanceTests.RequireModel(caseDir);
        AssertRepeatable(meta.ModelPath, meta.Seed);
    }

    [SkippableTheory]
    [MemberData(nameof(Micro))]
    public void InputsSurviveInvokeOnConformanceModels(string model) => AssertRepeatable(RequireMicro(model), 3);

    /// <summary>Each pass off, alone: outputs are bit-identical to the full pipeline (the rewrites are exact).</summary>
    [SkippableTheory]
    [InlineData("face_detection/face_detection_full_range_sparse")]
    [InlineData("pose/pose_landmark_lite")]
    [InlineData("selfie_segmentation/selfie_segmentation")]
    public void EveryPassCanBeSwitchedOffWithoutChangingOutputs(string caseDir)
    {
        var meta = MediaPipeConformanceTests.RequireModel(caseDir);
        var all = ModelRunner.Run(meta.ModelPath, null, meta.Seed);
        foreach (var pass in ManagedLite.Passes.GraphPasses.Pipeline.Select(p => p.Name))
        {
            var options = new InterpreterOptions();
            options.DisabledPasses.Add(pass);
            var got = ModelRunner.Run(meta.ModelPath, null, meta.Seed, options);
            for (int j = 0; j < all.Length; j++)
                Assert.True(all[j].Data.AsSpan().SequenceEqual(got[j].Data), $"{caseDir}: output {j} differs with '{pass}' off");
        }
        var none = ModelRunner.Run(meta.ModelPath, null, meta.Seed, new InterpreterOptions
        {
            EnableFusion = false, DisabledPasses = new HashSet<string> { "fold-constants", "partition-delegates" },
        });
        for (int j = 0; j < all.Length; j++)
            Assert.True(all[j].Data.AsSpan().SequenceEqual(none[j].Data), $"{caseDir}: output {j} differs with every pass off");
    }

    /// <summary>The fusion passes added for speed, each of which must be exact (bit-identical outputs on and off).</summary>
    public static readonly string[] ExactFusionPasses = ["fuse-residual-add", "fold-pad", "fuse-silu"];

    /// <summary>Every MediaPipe model, each speed fusion pass on and off: outputs bit-identical.</summary>
    [SkippableTheory]
    [MemberData(nameof(MediaPipe))]
    public void SpeedFusionPassesLeaveOutputsBitIdentical(string caseDir)
    {
        var meta = MediaPipeConformanceTests.RequireModel(caseDir);
        var on = ModelRunner.Run(meta.ModelPath, null, meta.Seed);
        foreach (var pass in ExactFusionPasses)
        {
            var options = new InterpreterOptions();
            options.DisabledPasses.Add(pass);
            var off = ModelRunner.Run(meta.ModelPath, null, meta.Seed, options);
            for (int j = 0; j < on.Length; j++)
                Assert.True(on[j].Data.AsSpan().SequenceEqual(off[j].Data), $"{caseDir}: output {j} differs with '{pass}' off");
        }
    }

    /// <summary>On models with the pattern, the pass really removes nodes (so the test above compares two different graphs).</summary>
    [SkippableTheory]
    [InlineData("face_detection/face_detection_short_range", "fuse-residual-add", 16)]
    [InlineData("pose/pose_landmark_lite", "fuse-residual-add", 19)]
    [InlineData("pose/pose_landmark_lite", "fold-pad", 5)]
    public void SpeedFusionPassesFireOnModelsWithThePattern(string caseDir, string pass, int atLeast)
    {
        var meta = MediaPipeConformanceTests.RequireModel(caseDir);
        var model = Model.FromFile(meta.ModelPath);
        using var on = new Interpreter(model);
        on.AllocateTensors();
        var options = new InterpreterOptions();
        options.DisabledPasses.Add(pass);
        using var off = new Interpreter(model, options);
        off.AllocateTensors();
        output.WriteLine($"{caseDir}: {off.ExecutionPlanLength} nodes with '{pass}' off, {on.ExecutionPlanLength} on");
        Assert.True(off.ExecutionPlanLength - on.ExecutionPlanLength >= atLeast,
            $"{caseDir}: '{pass}' removed {off.ExecutionPlanLength - on.ExecutionPlanLength} nodes, expected at least {atLeast}");
    }

    /// <summary>
    /// Quantized models: "fold-pad" folds int8 PADs (value = zero point) into the convolutions that read them, and
    /// outputs stay bit-identical with the pass off (MobileNetV2 int8 has 18 such PADs; the uint8 and int8 LSTM models none).
    /// </summary>
    [SkippableTheory]
    [InlineData("mobilenet_v2_quantized_1x3x224x224", 18)]
    [InlineData("person_detect", 0)]
    [InlineData("keyword_scrambled_8bit", 0)]
    public void PadFoldingOnQuantizedModelsIsExact(string model, int removed)
    {
        string path = RequireMicro(model);
        var m = Model.FromFile(path);
        var off = new InterpreterOptions();
        off.DisabledPasses.Add("fold-pad");
        using var a = new Interpreter(m);
        using var b = new Interpreter(m, off);
        a.AllocateTensors();
        b.AllocateTensors();
        output.WriteLine($"{model}: {b.ExecutionPlanLength} nodes with 'fold-pad' off, {a.ExecutionPlanLength} on");
        Assert.Equal(removed, b.ExecutionPlanLength - a.ExecutionPlanLength);
        for (uint seed = 1; seed <= 2; seed++)
        {
            SeededInputs.FillInputs(a, seed);
            SeededInputs.FillInputs(b, seed);
            a.Invoke();
            b.Invoke();
            for (int j = 0; j < a.Outputs.Count; j++)
                Assert.True(a.Outputs[j].RawBytes.SequenceEqual(b.Outputs[j].RawBytes), $"{model} seed {seed}: output {j} differs with 'fold-pad' off");
        }
    }

    /// <summary>
    /// The 8-bit convolutions split their output pixels (CONV_2D) and rows (DEPTHWISE_CONV_2D) across threads: outputs are
    /// byte-identical for 1, 2 and 3 threads on the int8 MobileNetV2 and person_detect.
    /// </summary>
    [SkippableTheory]
    [InlineData("mobilenet_v2_quantized_1x3x224x224")]
    [InlineData("person_detect")]
    public void QuantizedConvolutionsGiveTheSameBytesOnAnyThreadCount(string model)
    {
        var m = Model.FromFile(RequireMicro(model));
        byte[][]? first = null;
        foreach (int threads in new[] { 1, 2, 3 })
        {
            using var it = new Interpreter(m, new InterpreterOptions { Threads = threads });
            SeededInputs.FillInputs(it, 9);
            it.Invoke();
            var got = it.Outputs.Select(t => t.RawBytes.ToArray()).ToArray();
            first ??= got;
            for (int j = 0; j < got.Length; j++)
                Assert.True(first[j].AsSpan().SequenceEqual(got[j]), $"{model}: output {j} differs with {threads} threads");
        }
    }

    [Fact]
    public void UnknownPassNamesAreRejected()
    {
        var options = new InterpreterOptions();
        options.DisabledPasses.Add("fuse-activations");
        var model = Model.FromBytes(File.ReadAllBytes(Path.Combine(TestPaths.RepoRoot, "src", "Cli", "Models", "face_detection_short_range.tflite")));
        var e = Assert.Throws<ArgumentException>(() => new Interpreter(model, options));
        Assert.Contains("fuse-activation", e.Message);
    }

    /// <summary>
    /// The whole pipeline (optimized kernels, every pass) against reference kernels with every pass off: both within
    /// 1e-3 of scale of Google's runtime (LiteRT.js), hence within 2e-3 of each other (their float summation orders differ).
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(MediaPipe))]
    public void OptimizedAndFusedMatchesReferenceAndUnfused(string caseDir)
    {
        var meta = MediaPipeConformanceTests.RequireModel(caseDir);
        var fast = ModelRunner.Run(meta.ModelPath, null, meta.Seed);
        var slow = ModelRunner.Run(meta.ModelPath, null, meta.Seed, new InterpreterOptions
        {
            UseReferenceKernels = true, EnableFusion = false, DisabledPasses = new HashSet<string> { "fold-constants" },
        });
        for (int j = 0; j < fast.Length; j++)
        {
            var want = NpyArray.Read(meta.OutputFiles[j]);
            double err = ModelRunner.RelativeError(fast[j], slow[j]);
            double slowErr = ModelRunner.RelativeError(slow[j], want);
            output.WriteLine($"{caseDir} output {j}: optimized+fused vs reference+unfused {err:E3}; reference+unfused vs LiteRT.js {slowErr:E3}");
            Assert.True(slowErr <= 1e-3, $"output {j}: reference kernels vs LiteRT.js {slowErr:E3}");
            Assert.True(err <= 2e-3, $"output {j}: optimized vs reference {err:E3}");
        }
    }
}
