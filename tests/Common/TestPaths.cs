namespace ManagedLite.Tests;

/// <summary>Locations of test data: the repository, ../shared/conformance and the fetched MediaPipe models.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>
    /// ../shared/conformance next to the repository (or the folder named by MANAGEDLITE_CONFORMANCE, for git
    /// worktrees elsewhere), or null when absent.
    /// </summary>
    public static string? Conformance
    {
        get
        {
            if (Environment.GetEnvironmentVariable("MANAGEDLITE_CONFORMANCE") is { Length: > 0 } env && Directory.Exists(env))
                return env;
            string p = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "conformance"));
            return Directory.Exists(p) ? p : null;
        }
    }

    /// <summary>../shared/native/tflite_run (native TFLite's reference kernels), or null when absent.</summary>
    public static string? TfliteRun
    {
        get
        {
            if (Conformance is not { } c) return null;
            string p = Path.GetFullPath(Path.Combine(c, "..", "native", "tflite_run"));
            return File.Exists(p) ? p : null;
        }
    }

    /// <summary>models/ (fetched from npm by scripts/fetch-models.sh), or null when absent.</summary>
    public static string? MediaPipeModels
    {
        get
        {
            string p = Path.Combine(RepoRoot, "models");
            return Directory.Exists(p) ? p : null;
        }
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ManagedLite.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("ManagedLite.sln not found above " + AppContext.BaseDirectory);
    }
}
