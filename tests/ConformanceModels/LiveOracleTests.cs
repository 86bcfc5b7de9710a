using System.Diagnostics;
using ManagedLite.IO;
using ManagedLite.Tests;
using Xunit;
using Xunit.Abstractions;

namespace ManagedLite.ConformanceModels.Tests;

/// <summary>
/// Fresh inputs, not the committed ones: every MediaPipe model runs on a seed that no committed reference
/// uses, through LiteRT.js (tools/oracle, installed by scripts/test.sh with `npm ci`) and through
/// ManagedLite, in this test run. Same tolerance as the committed references.
/// </summary>
public class LiveOracleTests
{
    private const uint Seed = 20261127;
    private readonly ITestOutputHelper _out;

    public LiveOracleTests(ITestOutputHelper output) => _out = output;

    private static string OracleScript => Path.Combine(TestPaths.RepoRoot, "tools", "oracle", "oracle.mjs");

    [SkippableTheory]
    [MemberData(nameof(MediaPipeConformanceTests.Cases), MemberType = typeof(MediaPipeConformanceTests))]
    public void MatchesLiteRtJsOnFreshInputs(string caseDir)
    {
        var meta = MediaPipeConformanceTests.RequireModel(caseDir);
        Skip.IfNot(Directory.Exists(Path.Combine(TestPaths.RepoRoot, "tools", "oracle", "node_modules", "@litertjs")),
            "LiteRT.js is not installed: run `npm ci --prefix tools/oracle` (scripts/test.sh does)");
        string dir = Path.Combine(Path.GetTempPath(), "ml-oracle-" + Guid.NewGuid().ToString("N"));
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { OracleScript, "run", meta.ModelPath, "--seed", Seed.ToString(), "--out", dir }) psi.ArgumentList.Add(a);
        using (var p = Process.Start(psi)!)
        {
            var err = p.StandardError.ReadToEndAsync();
            p.StandardOutput.ReadToEnd();
            Assert.True(p.WaitForExit(300_000), "LiteRT.js did not finish in 300 s");
            Assert.True(p.ExitCode == 0, $"LiteRT.js failed: {err.Result}");
        }
        try
        {
            var got = ModelRunner.Run(meta.ModelPath, null, Seed);
            for (int j = 0; j < got.Length; j++)
            {
                var want = NpyArray.Read(Path.Combine(dir, $"output_{j}.npy"));
                Assert.Equal(want.Shape, got[j].Shape);
                double err = ModelRunner.RelativeError(got[j], want);
                _out.WriteLine($"{caseDir} seed {Seed} output {j}: max relative error {err:E3}");
                Assert.True(err <= 1e-3, $"{caseDir} output {j}: max relative error {err:E3} on fresh inputs");
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
