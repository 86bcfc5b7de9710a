using ManagedLite.Schema;

namespace ManagedLite;


/// <summary>
/// Maps operator codes (and versions) to kernel factories. Registration is explicit, with no reflection,
/// so trimming and NativeAOT keep working. Custom operators written in C# are added with <see cref="AddCustom"/>.
/// </summary>
public sealed class OpResolver
{
    private readonly record struct Entry(Func<IOpKernel> Factory, int MinVersion, int MaxVersion);

    private readonly Dictionary<BuiltinOperator, List<Entry>> _builtins = new();
    private readonly Dictionary<string, Entry> _custom = new(StringComparer.Ordinal);

    /// <summary>An empty resolver.</summary>
    public OpResolver() { }

    /// <summary>A resolver with every builtin kernel of ManagedLite (and the MediaPipe custom ops it ships).</summary>
    public static OpResolver CreateBuiltin()
    {
        var r = new OpResolver();
        Ops.BuiltinOps.RegisterAll(r);
        return r;
    }

    public void AddBuiltin(BuiltinOperator op, Func<IOpKernel> factory, int minVersion = 1, int maxVersion = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (!_builtins.TryGetValue(op, out var list)) _builtins[op] = list = new List<Entry>();
        list.Add(new Entry(factory, minVersion, maxVersion));
    }

    public void AddCustom(string name, Func<IOpKernel> factory, int minVersion = 1, int maxVersion = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(factory);
        _custom[name] = new Entry(factory, minVersion, maxVersion);
    }

    public Func<IOpKernel>? FindBuiltin(BuiltinOperator op, int version)
    {
        if (!_builtins.TryGetValue(op, out var list)) return null;
        foreach (var e in list)
            if (version >= e.MinVersion && version <= e.MaxVersion) return e.Factory;
        return null;
    }

    public Func<IOpKernel>? FindCustom(string name, int version)
        => _custom.TryGetValue(name, out var e) && version >= e.MinVersion && version <= e.MaxVersion ? e.Factory : null;

    /// <summary>Builtin operators registered, with their version ranges (for coverage tables).</summary>
    public IEnumerable<(BuiltinOperator Op, int MinVersion, int MaxVersion)> Builtins =>
        _builtins.SelectMany(kv => kv.Value.Select(e => (kv.Key, e.MinVersion, e.MaxVersion)));

    public IEnumerable<string> CustomOps => _custom.Keys;
}
