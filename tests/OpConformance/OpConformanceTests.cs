using ManagedLite.IO;
using Xunit;

namespace ManagedLite.OpConformance;

/// <summary>
/// Every case against its committed native-TFLite reference outputs (both ManagedLite resolvers), and, where
/// ../shared/native is present, against a live native run on a fresh seed.
/// </summary>
public class OpConformanceTests
{
    public static IEnumerable<object[]> Names => OpCases.All.Select(c => new object[] { c.Name });

    [SkippableTheory]
    [MemberData(nameof(Names))]
    public void MatchesCommittedReference(string name)
    {
        var c = OpCases.Find(name).Build(OpCases.ReferenceSeed);
        Skip.If(c.NativeUnsupported is not null, $"native TFLite cannot run it: {c.NativeUnsupported}");
        var expected = ReferenceStore.TryRead(c, out var why);
        Assert.True(expected is not null, why);
        foreach (bool reference in new[] { false, true })
        {
            var got = ManagedLiteRunner.Run(c, reference);
            Assert.Equal(expected!.Length, got.Length);
            for (int j = 0; j < got.Length; j++)
            {
                var diff = OutputComparison.Compare($"{name} output {j} ({(reference ? "reference" : "optimized")} kernels)", expected[j], got[j], c.Tolerance);
                Assert.True(diff is null, diff);
            }
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Names))]
    public void MatchesNativeOnAFreshSeed(string name)
    {
        Skip.IfNot(NativeReference.Available, "../shared/native/tflite_run is absent");
        var c = OpCases.Find(name).Build(OpCases.ReferenceSeed + 7919);
        Skip.If(c.NativeUnsupported is not null, $"native TFLite cannot run it: {c.NativeUnsupported}");
        var expected = NativeReference.Run(c, c.NativeKernels);
        var got = ManagedLiteRunner.Run(c, reference: false);
        Assert.Equal(expected.Length, got.Length);
        for (int j = 0; j < got.Length; j++)
        {
            var diff = OutputComparison.Compare($"{name} output {j} (fresh seed)", expected[j], got[j], c.Tolerance);
            Assert.True(diff is null, diff);
        }
    }
}

/// <summary>
/// Writes the committed references (scripts/gen-op-references.sh sets MANAGEDLITE_GENERATE_OP_REFERENCES=1 and,
/// optionally, MANAGEDLITE_OP_FILTER to a name prefix). Skipped in normal test runs.
/// </summary>
public class ReferenceGenerator
{
    [SkippableFact]
    public void GenerateReferences()
    {
        Skip.IfNot(Environment.GetEnvironmentVariable("MANAGEDLITE_GENERATE_OP_REFERENCES") == "1",
            "generates references only when MANAGEDLITE_GENERATE_OP_REFERENCES=1 (scripts/gen-op-references.sh)");
        Skip.IfNot(NativeReference.Available, "../shared/native/tflite_run is absent");
        string filter = Environment.GetEnvironmentVariable("MANAGEDLITE_OP_FILTER") ?? "";
        var failures = new List<string>();
        foreach (var f in OpCases.All.Where(c => c.Name.StartsWith(filter, StringComparison.Ordinal)))
        {
            var c = f.Build(OpCases.ReferenceSeed);
            if (c.NativeUnsupported is not null) continue;
            try { ReferenceStore.Write(c, NativeReference.Run(c, c.NativeKernels)); }
            catch (Exception e) { failures.Add($"{c.Name}: {e.Message}"); }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
