using ManagedLite.Tests;
using Xunit;

namespace ManagedLite.Fuzz;

/// <summary>
/// Every file under tests/Fuzz/Regressions (a case that once crashed, hung or blew up memory) must now
/// give only an allowed outcome, within the case time budget, under the fuzz run's limits.
/// </summary>
public class RegressionTests
{
    private static readonly string Dir = Path.Combine(TestPaths.RepoRoot, "tests", "Fuzz", "Regressions");

    public static IEnumerable<object[]> Files() =>
        Directory.Exists(Dir)
            ? Directory.GetFiles(Dir, "*.tflite").Order(StringComparer.Ordinal).Select(f => new object[] { Path.GetFileName(f) })
            : [];

    [Theory]
    [MemberData(nameof(Files))]
    public void RegressionCaseGivesOnlyAnAllowedOutcome(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Dir, file));
        Assert.True(bytes.Length <= 64 * 1024, "regression files must stay small");
        using var worker = new CaseWorker(new FuzzOptions { CaseTimeout = TimeSpan.FromSeconds(20) });
        var r = worker.Run(bytes, 1);
        Assert.False(r.IsFinding, $"{file}: {r.Kind} at {r.Stage}: {r.Message}\n{r.Exception}");
    }

    [Fact]
    public void HostileModelsFailWithALimitUnderDefaultOptions()
    {
        // Default ModelLimits and InterpreterOptions: still a clear exception, never a 1.6 GB allocation.
        foreach (var (name, bytes) in Robustness.TinyModels.Hostile())
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var e = Record.Exception(() =>
            {
                using var interp = new Interpreter(Model.FromBytes(bytes));
                interp.AllocateTensors();
                interp.Invoke();
            });
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(e is TensorException or OperatorException or InvalidOperationException, $"{name}: {e}");
            Assert.Contains("Max", e!.Message);
            Assert.True(allocated < (64 << 20), $"{name}: allocated {allocated} bytes before failing");
        }
    }
}
