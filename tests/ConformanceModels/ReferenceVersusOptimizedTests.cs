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
}
