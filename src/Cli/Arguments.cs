using System.Globalization;

namespace ManagedLite.Cli;

/// <summary>Parsed command line: one verb, an optional MODEL, and --options.</summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public string? Model { get; private set; }

    public static Arguments Parse(string[] args, int start, IReadOnlySet<string> valueOptions, IReadOnlySet<string> flagOptions)
    {
        var a = new Arguments();
        for (int i = start; i < args.Length; i++)
        {
            string s = args[i];
            if (s.StartsWith("--", StringComparison.Ordinal))
            {
                string name = s, value = "";
                int eq = s.IndexOf('=');
                bool inline = eq > 0;
                if (inline) { name = s[..eq]; value = s[(eq + 1)..]; }
                if (flagOptions.Contains(name)) { a._flags.Add(name); continue; }
                if (!valueOptions.Contains(name)) throw new CliException($"unknown option {name}", 2);
                if (!inline)
                {
                    if (i + 1 >= args.Length) throw new CliException($"option {name} needs a value", 2);
                    value = args[++i];
                }
                if (!a._values.TryGetValue(name, out var list)) a._values[name] = list = new List<string>();
                list.Add(value);
            }
            else if (a.Model is null) a.Model = s;
            else throw new CliException($"unexpected argument '{s}' (only one MODEL may be given)", 2);
        }
        return a;
    }

    public bool Flag(string name) => _flags.Contains(name);
    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var l) ? l : Array.Empty<string>();
    public string? Value(string name) => _values.TryGetValue(name, out var l) ? l[^1] : null;

    public int Int(string name, int defaultValue, int min)
    {
        string? v = Value(name);
        if (v is null) return defaultValue;
        if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < min)
            throw new CliException($"option {name} needs an integer >= {min}, got '{v}'", 2);
        return n;
    }
}
