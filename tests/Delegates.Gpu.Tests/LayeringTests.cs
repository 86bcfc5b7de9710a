using ManagedLite.Tests;
using Xunit;

namespace ManagedLite.Delegates.Gpu.Tests;

/// <summary>The core stays free of ILGPU (trimmable, NativeAOT-clean); the README's GPU operator list is the delegate's table.</summary>
public sealed class LayeringTests
{
    [Fact]
    public void CoreAssembliesDoNotReferenceIlgpu()
    {
        foreach (var assembly in new[] { typeof(Interpreter).Assembly, typeof(ManagedLite.Kernels.Reference.Conv2D).Assembly,
                                          typeof(ManagedLite.Schema.BuiltinOperator).Assembly })
        {
            var refs = assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToArray();
            Assert.DoesNotContain(refs, r => r.StartsWith("ILGPU", StringComparison.OrdinalIgnoreCase));
        }
        Assert.Contains(typeof(GpuDelegate).Assembly.GetReferencedAssemblies(), a => a.Name == "ILGPU");
        Assert.Equal("ManagedLite.Gpu", typeof(GpuDelegate).Assembly.GetName().Name);
    }

    [Fact]
    public void ReadmeListsTheOperatorsTheDelegateRuns()
    {
        var names = Ops.GpuOps.SupportedBuiltins.Select(o => o.ToString())
            .Concat(Ops.GpuOps.SupportedCustoms.Select(c => c + " (custom)"))
            .OrderBy(n => n, StringComparer.Ordinal);
        string expected = string.Join(", ", names);
        string readme = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "README.md"));
        const string start = "<!-- gpu-ops:start -->", end = "<!-- gpu-ops:end -->";
        int a = readme.IndexOf(start, StringComparison.Ordinal), b = readme.IndexOf(end, StringComparison.Ordinal);
        Assert.True(a >= 0 && b > a, "README.md lacks the gpu-ops markers");
        string current = readme[(a + start.Length)..b].Trim();
        Assert.Equal(expected, current);
    }
}
