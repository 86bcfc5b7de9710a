using System.Text;
using ManagedLite.Tests;
using Xunit;

namespace ManagedLite.Runtime.Tests.Docs;

/// <summary>The README's operator coverage table is generated from the registry and must stay current.</summary>
public class ReadmeCoverageTests
{
    internal static string BuildTable()
    {
        var r = OpResolver.CreateBuiltin();
        var sb = new StringBuilder();
        sb.AppendLine("| operator | versions | types |");
        sb.AppendLine("|---|---|---|");
        var builtins = r.Registrations.Where(e => e.CustomName is null);
        static string Row(string name, IEnumerable<OpRegistration> g)
        {
            string versions = string.Join(", ", g.OrderBy(e => e.MinVersion).Select(e =>
                e.MaxVersion == int.MaxValue ? $"{e.MinVersion}+" : e.MinVersion == e.MaxVersion ? $"{e.MinVersion}" : $"{e.MinVersion}-{e.MaxVersion}"));
            var types = g.SelectMany(e => e.Traits.Types).Distinct().Select(TensorTypes.Name).ToArray();
            return $"| {name} | {versions} | {(types.Length == 0 ? "-" : string.Join(", ", types))} |";
        }
        foreach (var g in builtins.GroupBy(b => b.Operator).OrderBy(g => g.Key.ToString(), StringComparer.Ordinal))
            sb.AppendLine(Row(g.Key.ToString(), g));
        foreach (var c in r.Registrations.Where(e => e.CustomName is not null).OrderBy(e => e.CustomName, StringComparer.Ordinal))
            sb.AppendLine(Row($"{c.CustomName} (custom)", [c]));
        return sb.ToString();
    }

    [Fact]
    public void ReadmeCoverageTableIsCurrent()
    {
        string path = Path.Combine(TestPaths.RepoRoot, "README.md");
        string text = File.ReadAllText(path);
        const string start = "<!-- coverage:start -->\n", end = "<!-- coverage:end -->";
        int a = text.IndexOf(start, StringComparison.Ordinal), b = text.IndexOf(end, StringComparison.Ordinal);
        Assert.True(a >= 0 && b > a, "README.md lacks the coverage markers");
        string current = text[(a + start.Length)..b];
        string expected = BuildTable();
        if (current != expected && Environment.GetEnvironmentVariable("UPDATE_README") == "1")
        {
            File.WriteAllText(path, text[..(a + start.Length)] + expected + text[b..]);
            return;
        }
        Assert.Equal(expected, current);
    }
}
