using System.Diagnostics;
using System.Text.Json;
using ManagedLite.IO;
using ManagedLite.Tests;
using Xunit;
using Xunit.Abstractions;

namespace ManagedLite.Delegates.Gpu.Tests;

/// <summary>
/// Every float MediaPipe model through the GPU delegate against LiteRT.js's outputs, the same references and tolerance
/// (1e-3 of scale) as the CPU path's tests/ConformanceModels: the committed references (seed 1) and LiteRT.js run live
/// on a fresh seed. The larger models run only with MANAGEDLITE_GPU_HEAVY=1 (they take tens of seconds each on the CPU
/// accelerator; CI keeps the smaller ones).
/// </summary>
public abstract class ModelConformanceTests
{
    private const double Tolerance = 1e-3;
    private const uint FreshSeed = 20261201;
    private readonly ITestOutputHelper _out;

    protected ModelConformanceTests(ITestOutputHelper output) => _out = output;

    protected abstract GpuBackend Backend { get; }

    /// <summary>Models whose CPU-accelerator run is too slow for every CI run.</summary>
    private static readonly HashSet<string> Heavy = new(StringComparer.Ordinal)
    {
        "pose/pose_landmark_heavy", "pose/pose_landmark_full", "pose/pose_landmark_lite", "hands/hand_landmark_full",
    };

    /// <summary>The models that also run against LiteRT.js on fresh inputs in every run (all of them with MANAGEDLITE_GPU_HEAVY=1).</summary>
    private static readonly HashSet<string> FreshByDefault = new(StringComparer.Ordinal)
    {
        "face_detection/face_detection_short_range", "face_detection/face_detection_full_range", "selfie_segmentation/selfie_segmentation_landscape",
    };

    private static bool HeavyEnabled => Environment.GetEnvironmentVariable("MANAGEDLITE_GPU_HEAVY") == "1";

    public static string ReferencesDir => Path.Combine(TestPaths.RepoRoot, "tests", "ConformanceModels", "references");

    public static IEnumerable<object[]> Cases() =>
        Directory.EnumerateFiles(ReferencesDir, "meta.json", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(ReferencesDir, Path.GetDirectoryName(p)!).Replace('\\', '/'))
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => new object[] { p });

    private static (string Model, uint Seed, string[] Outputs) ReadMeta(string caseDir)
    {
        string dir = Path.Combine(ReferencesDir, caseDir);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "meta.json")));
        var root = doc.RootElement;
        string model = Path.Combine(TestPaths.RepoRoot, "models", caseDir.Split('/')[0], root.GetProperty("model").GetString()!);
        uint seed = root.TryGetProperty("seed", out var s) ? s.GetUInt32() : 1;
        var outputs = root.GetProperty("outputs").EnumerateArray().Select(o => Path.Combine(dir, o.GetProperty("file").GetString()!)).ToArray();
        return (model, seed, outputs);
    }

    private static void RequireCase(string caseDir, string model)
    {
        Skip.IfNot(File.Exists(model), $"{model} is absent: run scripts/fetch-models.sh (scripts/test.sh does)");
        Skip.If(Heavy.Contains(caseDir) && !HeavyEnabled,
            $"{caseDir} is one of the larger models: set MANAGEDLITE_GPU_HEAVY=1 to run it through the GPU delegate");
    }

    /// <summary>Runs the model through the delegate on seeded inputs; logs times; returns the outputs.</summary>
    private NpyArray[] RunThroughDelegate(string caseDir, string modelPath, uint seed)
    {
        var gpu = Backend.Delegate;
        gpu.ResetStatistics();
        long t0 = Stopwatch.GetTimestamp();
        using var interp = new Interpreter(Model.FromFile(modelPath), new InterpreterOptions { Delegate = gpu, AllowDelegateFallback = false });
        var report = interp.DelegationReport!;
        Assert.True(report.IsFullyDelegated, $"{caseDir} is not fully delegated:\n{report}");
        SeededInputs.FillInputs(interp, seed);
        double prepare = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        long t1 = Stopwatch.GetTimestamp();
        interp.Invoke();
        double invoke = Stopwatch.GetElapsedTime(t1).TotalMilliseconds;
        var s = gpu.Statistics;
        _out.WriteLine($"{caseDir} on {s.Accelerator}: {report.DelegatedNodeCount} nodes in {report.Partitions.Count} partition(s); " +
                       $"build+prepare {prepare:F0} ms, invoke {invoke:F0} ms (kernels {s.KernelMilliseconds:F0} ms, copies {s.CopyMilliseconds:F1} ms, " +
                       $"{s.UploadBytes + s.DownloadBytes} bytes)");
        return interp.Outputs.Select(NpyArray.FromTensor).ToArray();
    }

    /// <summary>The CPU path's outputs (optimized kernels), for the log: how far the CPU itself is from LiteRT.js.</summary>
    private static NpyArray[] RunOnCpu(string modelPath, uint seed)
    {
        using var interp = new Interpreter(Model.FromFile(modelPath));
        SeededInputs.FillInputs(interp, seed);
        interp.Invoke();
        return interp.Outputs.Select(NpyArray.FromTensor).ToArray();
    }

    private static float[] Floats(NpyArray a) => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(a.Data).ToArray();

    private void Compare(string caseDir, NpyArray[] got, Func<int, NpyArray> want, string what, NpyArray[] cpu)
    {
        for (int j = 0; j < got.Length; j++)
        {
            var w = want(j);
            Assert.Equal(w.Shape, got[j].Shape);
            double err = Harness.RelativeError(Floats(got[j]), Floats(w));
            double cpuErr = Harness.RelativeError(Floats(cpu[j]), Floats(w));
            _out.WriteLine($"{caseDir} {what} output {j} [{string.Join(",", w.Shape)}]: max relative error {err:E3} (CPU path {cpuErr:E3})");
            Assert.True(err <= Tolerance, $"{caseDir} {what} output {j}: max relative error {err:E3} > {Tolerance:E0}");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void MatchesLiteRtJs(string caseDir)
    {
        var (model, seed, outputs) = ReadMeta(caseDir);
        RequireCase(caseDir, model);
        _ = Backend.Delegate;
        var got = RunThroughDelegate(caseDir, model, seed);
        Assert.Equal(outputs.Length, got.Length);
        Compare(caseDir, got, j => NpyArray.Read(outputs[j]), $"seed {seed}", RunOnCpu(model, seed));
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void MatchesLiteRtJsOnFreshInputs(string caseDir)
    {
        var (model, _, _) = ReadMeta(caseDir);
        RequireCase(caseDir, model);
        Skip.If(!FreshByDefault.Contains(caseDir) && !HeavyEnabled,
            $"{caseDir} runs against LiteRT.js on fresh inputs only with MANAGEDLITE_GPU_HEAVY=1 (its committed references run in every run)");
        _ = Backend.Delegate;
        string oracle = Path.Combine(TestPaths.RepoRoot, "tools", "oracle", "oracle.mjs");
        Skip.IfNot(Directory.Exists(Path.Combine(TestPaths.RepoRoot, "tools", "oracle", "node_modules", "@litertjs")),
            "LiteRT.js is not installed: run `npm ci --prefix tools/oracle` (scripts/test.sh does)");
        string dir = Path.Combine(Path.GetTempPath(), "ml-gpu-oracle-" + Guid.NewGuid().ToString("N"));
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { oracle, "run", model, "--seed", FreshSeed.ToString(), "--out", dir }) psi.ArgumentList.Add(a);
        try
        {
            using (var p = Process.Start(psi)!)
            {
                var err = p.StandardError.ReadToEndAsync();
                p.StandardOutput.ReadToEnd();
                Assert.True(p.WaitForExit(300_000), "LiteRT.js did not finish in 300 s");
                Assert.True(p.ExitCode == 0, $"LiteRT.js failed: {err.Result}");
            }
            var got = RunThroughDelegate(caseDir, model, FreshSeed);
            Compare(caseDir, got, j => NpyArray.Read(Path.Combine(dir, $"output_{j}.npy")), $"fresh seed {FreshSeed}", RunOnCpu(model, FreshSeed));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }
}

public sealed class CpuAcceleratorModelTests(ITestOutputHelper output) : ModelConformanceTests(output)
{
    protected override GpuBackend Backend => GpuBackend.Cpu;
}

public sealed class CudaModelTests(ITestOutputHelper output) : ModelConformanceTests(output)
{
    protected override GpuBackend Backend => GpuBackend.Cuda;
}
