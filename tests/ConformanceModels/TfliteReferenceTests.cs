using ManagedLite.IO;
using ManagedLite.Schema;
using ManagedLite.Tests;
using Xunit;
using Xunit.Abstractions;

namespace ManagedLite.ConformanceModels.Tests;

/// <summary>
/// The models of ../shared/conformance against outputs of TFLite's reference kernels (and TFLite Micro's
/// where native TFLite cannot run them), and the 127 SEANet int16 golden cases. Integer outputs must match
/// exactly; float outputs within 1e-3 x max(1, max |reference|).
/// </summary>
public class TfliteReferenceTests
{
    private readonly ITestOutputHelper _out;

    public TfliteReferenceTests(ITestOutputHelper output) => _out = output;

    /// <summary>Models not supported yet, with the reason; each is reported as skipped, never silently passed.</summary>
    internal static readonly Dictionary<string, string> NotYetSupported = new(StringComparer.Ordinal)
    {
    };

    public static IEnumerable<object[]> Models()
    {
        string? root = TestPaths.Conformance;
        if (root is null) return new[] { new object[] { "(../shared/conformance absent)" } };
        return Directory.EnumerateDirectories(Path.Combine(root, "references"))
            .Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).Select(n => new object[] { n! });
    }

    public static IEnumerable<object[]> SeanetCases()
    {
        string? root = TestPaths.Conformance;
        if (root is null) return new[] { new object[] { "(../shared/conformance absent)" } };
        return Directory.EnumerateDirectories(Path.Combine(root, "seanet"))
            .Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).Select(n => new object[] { n! });
    }

    [SkippableTheory]
    [MemberData(nameof(Models))]
    public void MatchesTfliteReferenceKernels(string name)
    {
        string? root = TestPaths.Conformance;
        Skip.If(root is null, "../shared/conformance is absent");
        Skip.If(NotYetSupported.TryGetValue(name, out var why), why);
        string dir = Path.Combine(root!, "references", name);
        Compare(name, Path.Combine(root!, "models", name + ".tflite"), dir);
    }

    [SkippableTheory]
    [MemberData(nameof(SeanetCases))]
    public void SeanetGoldenOutputs(string name)
    {
        string? root = TestPaths.Conformance;
        Skip.If(root is null, "../shared/conformance is absent");
        string dir = Path.Combine(root!, "seanet", name);
        Compare(name, Path.Combine(dir, "model.tflite"), dir);
    }

    private void Compare(string name, string modelPath, string dir)
    {
        var inputs = Directory.EnumerateFiles(dir, "input_*.npy").OrderBy(f => f, StringComparer.Ordinal).Select(NpyArray.Read).ToArray();
        var wants = Directory.EnumerateFiles(dir, "output_*.npy").OrderBy(f => f, StringComparer.Ordinal).Select(NpyArray.Read).ToArray();
        var got = ModelRunner.Run(modelPath, inputs, 1);
        Assert.Equal(wants.Length, got.Length);
        for (int j = 0; j < wants.Length; j++)
        {
            Assert.Equal(wants[j].Type, got[j].Type);
            Assert.Equal(wants[j].Shape, got[j].Shape);
            if (wants[j].Type == TensorType.Float32)
            {
                double err = ModelRunner.RelativeError(got[j], wants[j]);
                _out.WriteLine($"{name} output {j}: max relative error {err:E3}");
                Assert.True(err <= 1e-3, $"{name} output {j}: max relative error {err:E3}");
            }
            else
            {
                var (eq, total, maxDiff) = ModelRunner.CompareIntegers(got[j], wants[j]);
                _out.WriteLine($"{name} output {j}: {eq}/{total} equal, max |diff| {maxDiff}");
                Assert.True(eq == total, $"{name} output {j}: {eq}/{total} equal, max |diff| {maxDiff}");
            }
        }
    }
}
