using ManagedLite.IO;
using ManagedLite.Tests;
using Xunit;
using Xunit.Abstractions;

namespace ManagedLite.ConformanceModels.Tests;

/// <summary>A whole model through the optimized, fused kernels and through the reference, unfused kernels.</summary>
public class ReferenceVersusOptimizedTests
{
    private readonly ITestOutputHelper _out;

    public ReferenceVersusOptimizedTests(ITestOutputHelper output) => _out = output;

    [SkippableTheory]
    [InlineData("face_detection/face_detection_short_range")]
    [InlineData("selfie_segmentation/selfie_segmentation_landscape")]
    public void OptimizedMatchesReference(string caseDir)
    {
        var meta = MediaPipeConformanceTests.RequireModel(caseDir);
        var fast = ModelRunner.Run(meta.ModelPath, null, meta.Seed, new InterpreterOptions { UseReferenceKernels = false, EnableFusion = true });
        var slow = ModelRunner.Run(meta.ModelPath, null, meta.Seed, new InterpreterOptions { UseReferenceKernels = true, EnableFusion = false });
        Assert.Equal(slow.Length, fast.Length);
        for (int j = 0; j < fast.Length; j++)
        {
            double err = ModelRunner.RelativeError(fast[j], slow[j]);
            _out.WriteLine($"{caseDir} output {j}: optimized vs reference max relative error {err:E3}");
            Assert.True(err <= 1e-4, $"output {j}: optimized vs reference {err:E3}");
        }
    }

    /// <summary>
    /// Quantized models on fresh seeded inputs: the optimized kernels must give exactly the reference kernels'
    /// integers (the reference is what TFLite's reference kernels compute; see TfliteReferenceTests).
    /// </summary>
    [SkippableTheory]
    [InlineData("mobilenet_v2_quantized_1x3x224x224", 7u)]
    [InlineData("person_detect", 7u)]
    [InlineData("person_detect", 8u)]
    [InlineData("micro_speech_quantized", 7u)]
    [InlineData("micro_speech_quantized", 8u)]
    [InlineData("dtln_noise_suppression", 7u)]
    [InlineData("trained_lstm_int8", 7u)]
    [InlineData("micro_speech_lstm", 7u)]
    [InlineData("keyword_scrambled", 7u)]
    [InlineData("keyword_scrambled_8bit", 7u)]
    [InlineData("hello_world_int8", 7u)]
    [InlineData("simple_add_model", 7u)]
    [InlineData("audio_preprocessor_int8", 7u)]
    public void QuantizedOptimizedEqualsReferenceOnFreshInputs(string model, uint seed)
    {
        string? root = TestPaths.Conformance;
        Skip.If(root is null, "../shared/conformance is absent");
        string path = Path.Combine(root!, "models", model + ".tflite");
        var fast = ModelRunner.Run(path, null, seed, new InterpreterOptions { UseReferenceKernels = false });
        var slow = ModelRunner.Run(path, null, seed, new InterpreterOptions { UseReferenceKernels = true, EnableFusion = false });
        for (int j = 0; j < fast.Length; j++)
        {
            Assert.Equal(slow[j].Shape, fast[j].Shape);
            Assert.True(slow[j].Data.AsSpan().SequenceEqual(fast[j].Data), $"{model} seed {seed} output {j}: optimized differs from reference");
        }
    }
}
