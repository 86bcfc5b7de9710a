using System.Text.Json;
using ManagedLite.IO;
using ManagedLite.Schema;
using ManagedLite.Tests;
using Xunit;
using Xunit.Abstractions;

namespace ManagedLite.ConformanceModels.Tests;

/// <summary>
/// Every MediaPipe model of the five npm packages against LiteRT.js's outputs (committed under
/// references/, made by tools/oracle from seeded inputs): float error at most 1e-3 x max(1, max |reference|).
/// </summary>
public class MediaPipeConformanceTests
{
    private const double Tolerance = 1e-3;
    private readonly ITestOutputHelper _out;

    public MediaPipeConformanceTests(ITestOutputHelper output) => _out = output;

    public static string ReferencesDir => Path.Combine(TestPaths.RepoRoot, "tests", "ConformanceModels", "references");

    public static IEnumerable<object[]> Cases() =>
        Directory.EnumerateFiles(ReferencesDir, "meta.json", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(ReferencesDir, Path.GetDirectoryName(p)!))
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => new object[] { p.Replace('\\', '/') });

    internal sealed record Meta(string ModelPath, uint Seed, string[] OutputFiles, string?[] InputSha256);

    internal static Meta ReadMeta(string caseDir)
    {
        string dir = Path.Combine(ReferencesDir, caseDir);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "meta.json")));
        var root = doc.RootElement;
        string package = caseDir.Split('/')[0];
        string model = root.GetProperty("model").GetString()!;
        uint seed = root.TryGetProperty("seed", out var s) ? s.GetUInt32() : 1;
        var outputs = root.GetProperty("outputs").EnumerateArray().Select(o => Path.Combine(dir, o.GetProperty("file").GetString()!)).ToArray();
        var inputSha = root.GetProperty("inputs").EnumerateArray()
            .Select(i => i.TryGetProperty("data_sha256", out var h) ? h.GetString() : null).ToArray();
        return new Meta(Path.Combine(TestPaths.RepoRoot, "models", package, model), seed, outputs, inputSha);
    }

    internal static Meta RequireModel(string caseDir)
    {
        var meta = ReadMeta(caseDir);
        Skip.IfNot(File.Exists(meta.ModelPath), $"{meta.ModelPath} is absent: run scripts/fetch-models.sh (scripts/test.sh does)");
        return meta;
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void SeededInputsMatchTheOraclesInputs(string caseDir)
    {
        var meta = RequireModel(caseDir);
        using var interp = new Interpreter(Model.FromFile(meta.ModelPath));
        SeededInputs.FillInputs(interp, meta.Seed);
        for (int i = 0; i < interp.Inputs.Count; i++)
        {
            string hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(interp.Inputs[i].RawBytes));
            Assert.Equal(meta.InputSha256[i], hash);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void MatchesLiteRtJs(string caseDir)
    {
        var meta = RequireModel(caseDir);
        var got = ModelRunner.Run(meta.ModelPath, null, meta.Seed);
        Assert.Equal(meta.OutputFiles.Length, got.Length);
        for (int j = 0; j < got.Length; j++)
        {
            var want = NpyArray.Read(meta.OutputFiles[j]);
            Assert.Equal(want.Type, got[j].Type);
            Assert.Equal(want.Shape, got[j].Shape);
            double err = ModelRunner.RelativeError(got[j], want);
            _out.WriteLine($"{caseDir} output {j} [{string.Join(",", want.Shape)}]: max relative error {err:E3}");
            Assert.True(err <= Tolerance, $"{caseDir} output {j}: max relative error {err:E3} > {Tolerance:E0}");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void SteadyStateInvokeAllocatesNothing(string caseDir)
    {
        var meta = RequireModel(caseDir);
        using var interp = new Interpreter(Model.FromFile(meta.ModelPath));
        SeededInputs.FillInputs(interp, meta.Seed);
        interp.Invoke();
        interp.Invoke();
        long before = GC.GetAllocatedBytesForCurrentThread();
        interp.Invoke();
        interp.Invoke();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }

    [SkippableTheory]
    [InlineData("face_detection/face_detection_full_range")]
    [InlineData("hands/palm_detection_lite")]
    [InlineData("pose/pose_landmark_full")] // 8 x 8 x 864 convolutions split by channel panels
    [InlineData("selfie_segmentation/selfie_segmentation")] // transpose convolution, bilinear resize
    [InlineData("pose/pose_landmark_heavy")] // 8 x 8 x 272 -> 1632: weights outweigh the pixels, split by channel panels
    [InlineData("objectron/object_detection_ssd_mobilenetv2_oidv4_fp16")] // f32-dwconv-v512 rows, RGB stem without im2col
    public void ThreadsGiveIdenticalBitsAndAllocateNothing(string caseDir)
    {
        var meta = RequireModel(caseDir);
        var one = ModelRunner.Run(meta.ModelPath, null, meta.Seed, new InterpreterOptions { Threads = 1 });
        foreach (int threads in new[] { 2, 3 })
        {
            using var interp = new Interpreter(Model.FromFile(meta.ModelPath), new InterpreterOptions { Threads = threads });
            SeededInputs.FillInputs(interp, meta.Seed);
            interp.Invoke();
            for (int j = 0; j < one.Length; j++)
                Assert.True(one[j].Data.AsSpan().SequenceEqual(interp.Outputs[j].RawBytes), $"threads={threads} output {j} differs from one thread");
            // Steady state: a per-invoke allocation shows on every attempt; a one-off one on this thread by the runtime
            // (seen once under a fully loaded machine, 7.7 KB, not reproducible) does not fail the test.
            long allocated = long.MaxValue;
            for (int attempt = 0; attempt < 3 && allocated != 0; attempt++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                interp.Invoke();
                allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            Assert.Equal(0, allocated);
        }
    }
}
