using ManagedLite.Tests;
using Xunit;
using Xunit.Abstractions;

namespace ManagedLite.Fuzz;

/// <summary>
/// The bounded fuzz run of the test suite: a few thousand deterministic mutations of real and tiny models
/// through load, prepare and invoke. Only the project's exceptions may come out (see <see cref="CaseRunner"/>).
/// Long runs: <c>dotnet run -c Release --project tools/fuzz -- --cases 100000 --seed N</c>.
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    /// <summary>Smaller limits than tools/fuzz so that no case of the suite takes long.</summary>
    private static readonly FuzzOptions SuiteOptions = new()
    {
        Limits = new Schema.ModelLimits { MaxModelBytes = 16L << 20, MaxTensorBytes = 16L << 20, MaxSubgraphDepth = 8 },
        MaxMemoryBytes = 64L << 20,
        CaseTimeout = TimeSpan.FromSeconds(20),
    };

    private static List<FuzzSeed> Seeds(bool tinyOnly)
    {
        if (tinyOnly) return FuzzCorpus.Load(null, null);
        // Seeds over 1 MiB (mobilenet) only slow the suite down; tools/fuzz takes them.
        return FuzzCorpus.Load(FuzzCorpus.FindConformance(TestPaths.RepoRoot), TestPaths.MediaPipeModels,
                               maxSeedBytes: 1L << 20, maxSeanetPerKind: 3);
    }

    private void Check(FuzzReport report, int minOk)
    {
        output.WriteLine(report.Format());
        foreach (var f in report.Findings.Take(5))
            output.WriteLine($"case {f.CaseIndex} ({f.SeedName}: {f.Mutations}):\n{f.Result.Exception}");
        if (report.FindingsTotal > 0)
        {
            var first = report.Findings[0];
            Assert.Fail($"{report.FindingsTotal} finding(s); first: case {first.CaseIndex} {first.Result.Kind}: {first.Result.Message}" +
                        " (replay with tools/fuzz --seed <run seed> --case <index>, fix the cause, save the file under tests/Fuzz/Regressions)");
        }
        // The harness must reach Invoke, not just bounce off the verifier.
        Assert.True(report.Outcomes.GetValueOrDefault("ok") >= minOk, $"only {report.Outcomes.GetValueOrDefault("ok")} cases ran to completion");
    }

    [Fact]
    public void MutatedModelsRaiseOnlyProjectExceptions()
    {
        var seeds = Seeds(tinyOnly: false);
        output.WriteLine($"{seeds.Count} seeds: {string.Join(", ", seeds.Select(s => s.Name).Take(40))}{(seeds.Count > 40 ? ", ..." : "")}");
        var report = FuzzRunner.Run(seeds, cases: 15000, runSeed: 20251128, SuiteOptions, deadline: TimeSpan.FromSeconds(60));
        Check(report, minOk: 400);
    }

    [Fact]
    public void MutatedTinyModelsRaiseOnlyProjectExceptions()
    {
        // The tiny models run on every branch, so most of their mutants reach Prepare and Eval.
        var report = FuzzRunner.Run(Seeds(tinyOnly: true), cases: 15000, runSeed: 7, SuiteOptions, deadline: TimeSpan.FromSeconds(60));
        Check(report, minOk: 1500);
    }

    [Fact]
    public void CasesAreDeterministic()
    {
        var seeds = Seeds(tinyOnly: true);
        for (int i = 0; i < 50; i++)
        {
            var a = FuzzRunner.MakeCase(seeds, 11, i);
            var b = FuzzRunner.MakeCase(seeds, 11, i);
            Assert.Equal(a.Seed.Name, b.Seed.Name);
            Assert.Equal(a.Mutations, b.Mutations);
            Assert.Equal(a.Bytes, b.Bytes);
        }
    }

    [Fact]
    public void TheMapFindsTheStructureOfATinyModel()
    {
        var map = FlatBufferMap.Build(Robustness.TinyModels.ReshapeTransposePad());
        Assert.Equal(2 + 1 + 3 + 1 + 3 + 2 + 3, map.ShapeElements.Count); // ranks of x, shape, reshaped, perm, transposed, paddings, padded
        Assert.Equal(1 + 1 + 3 * 3, map.IndexElements.Count);                 // subgraph inputs/outputs, 3 ops x (2 inputs + 1 output)
        Assert.Equal(3, map.DataRanges.Count);                                // shape, perm, paddings
        Assert.True(map.VTableEntries.Count > 0 && map.OffsetFields.Count > 10);
    }

    [Fact]
    public void ClassifierFlagsSafetyNetsAndForeignExceptions()
    {
        Assert.False(CaseRunner.Classify(new Schema.ModelFormatException("bad")).IsFinding);
        Assert.True(CaseRunner.Classify(new Schema.ModelFormatException("net", new IndexOutOfRangeException())).IsFinding);
        Assert.False(CaseRunner.Classify(new OperatorException(0, "ADD", 1, "bad shape")).IsFinding);
        Assert.True(CaseRunner.Classify(new OperatorException(0, "ADD", 1, "wrapped", new NullReferenceException())).IsFinding);
        Assert.False(CaseRunner.Classify(new OperatorException(0, "ADD", 1, "wrapped", new TensorException("t", "type"))).IsFinding);
        Assert.False(CaseRunner.Classify(new ResourceLimitException("MaxMemoryBytes", 6, 5, "over the limit of 5 (InterpreterOptions.MaxMemoryBytes)")).IsFinding);
        Assert.True(CaseRunner.Classify(new InvalidOperationException("something else")).IsFinding);
        Assert.True(CaseRunner.Classify(new InvalidOperationException("Collection was modified")).IsFinding);
        Assert.True(CaseRunner.Classify(new ArgumentOutOfRangeException("x")).IsFinding);
        Assert.True(CaseRunner.Classify(new OutOfMemoryException()).IsFinding);
        Assert.Equal("node N (ADD vN): shape [N,N] of '_'", CaseRunner.Normalize("node 3 (ADD v2): shape [1,-4] of 'x'"));
    }
}
