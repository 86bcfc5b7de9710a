namespace ManagedLite.Tests.Schema;

/// <summary>Test data locations for the schema tests.</summary>
internal static class SchemaTestData
{
    /// <summary>
    /// <see cref="TestPaths.Conformance"/>, or the MANAGEDLITE_CONFORMANCE environment variable (for git
    /// worktrees, whose ../shared is not the repository's), or null.
    /// </summary>
    public static string? Conformance =>
        TestPaths.Conformance
        ?? (Environment.GetEnvironmentVariable("MANAGEDLITE_CONFORMANCE") is { Length: > 0 } p && Directory.Exists(p) ? p : null);

    public static string? ConformanceModel(string name) =>
        Conformance is string root && File.Exists(Path.Combine(root, "models", name)) ? Path.Combine(root, "models", name) : null;
}
