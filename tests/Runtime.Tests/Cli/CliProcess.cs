using System.Diagnostics;
using Xunit;

namespace ManagedLite.Tests.Cli;

/// <summary>Runs the built `managedlite` (next to the test assembly) and checks its one-line errors.</summary>
internal static class CliProcess
{
    public static (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "managedlite.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new TimeoutException("managedlite did not finish in 120 s"); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>A non-zero exit with exactly one stderr line "managedlite: error: ..." containing <paramref name="expected"/>.</summary>
    public static void AssertOneLineError((int Exit, string Stdout, string Stderr) r, string expected)
    {
        Assert.NotEqual(0, r.Exit);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got:\n{r.Stderr}");
        Assert.StartsWith("managedlite: error: ", lines[0]);
        Assert.Contains(expected, lines[0]);
    }
}
