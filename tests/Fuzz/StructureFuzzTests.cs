using Xunit;
using Xunit.Abstractions;

namespace ManagedLite.Fuzz;

/// <summary>
/// The bounded structure-aware run: models built to attack the resource limits (see <see cref="StructureFuzzer"/>),
/// each kind in turn, under the fuzz limits. Long runs: <c>tools/fuzz --structured --cases N --seed S</c>.
/// </summary>
public class StructureFuzzTests(ITestOutputHelper output)
{
    private static readonly FuzzOptions Options = new()
    {
        Limits = new Schema.ModelLimits { MaxModelBytes = 64L << 20, MaxTensorBytes = 64L << 20, MaxSubgraphDepth = 8 },
        MaxMemoryBytes = 128L << 20,
        MaxMacsPerInvoke = 200_000_000,
        CaseTimeout = TimeSpan.FromSeconds(20),
    };

    [Fact]
    public void HostileStructuresEndInProjectExceptionsWithinTheLimits()
    {
        var (report, byKind) = StructureFuzzer.Run(cases: 90, runSeed: 20261202, Options, deadline: TimeSpan.FromSeconds(80));
        output.WriteLine(report.Format());
        output.WriteLine(StructureFuzzer.Format(byKind));
        foreach (var f in report.Findings.Take(5))
            output.WriteLine($"case {f.CaseIndex} ({f.SeedName}: {f.Mutations}):\n{f.Result.Exception}");
        Assert.True(report.FindingsTotal == 0,
            report.FindingsTotal == 0 ? "" : $"{report.FindingsTotal} finding(s); first: case {report.Findings[0].CaseIndex} ({report.Findings[0].Mutations}) {report.Findings[0].Result.Kind}: {report.Findings[0].Result.Message}");
        Assert.Equal(StructureFuzzer.Kinds.Length, byKind.Count);
    }
}
