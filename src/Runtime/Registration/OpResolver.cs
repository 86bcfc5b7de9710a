using ManagedLite.Schema;

namespace ManagedLite;

/// <summary>
/// Maps operator codes (and versions) to kernel registrations. Registration is explicit, with no reflection,
/// so trimming and NativeAOT keep working. Custom operators written in C# are added with <see cref="AddCustom"/>.
/// A resolver is read by interpreters when they are built; do not change it while an interpreter is being
/// constructed with it on another thread.
/// </summary>
public sealed class OpResolver
{
    private static readonly Lazy<OpRegistration[]> s_optimized = new(() => BuildTable(KernelFlavor.Optimized));
    private static readonly Lazy<OpRegistration[]> s_reference = new(() => BuildTable(KernelFlavor.Reference));

    private readonly Dictionary<BuiltinOperator, List<OpRegistration>> _builtins = new();
    private readonly Dictionary<string, OpRegistration> _custom = new(StringComparer.Ordinal);

    /// <summary>An empty resolver whose registrations are marked <see cref="KernelFlavor.Optimized"/>.</summary>
    public OpResolver() : this(KernelFlavor.Optimized) { }

    /// <summary>An empty resolver whose registrations are marked with <paramref name="flavor"/>.</summary>
    public OpResolver(KernelFlavor flavor) => Flavor = flavor;

    /// <summary>Flavor stamped on registrations added to this resolver.</summary>
    public KernelFlavor Flavor { get; }

    /// <summary>Every builtin kernel of ManagedLite (optimized), and the custom ops it ships (MediaPipe, TFLite Micro signal).</summary>
    public static OpResolver CreateBuiltin() => FromTable(KernelFlavor.Optimized, s_optimized.Value);

    /// <summary>
    /// The same operators with TFLite's reference kernels only (TFLite's <c>BuiltinRefOpResolver</c>): scalar, exact,
    /// slow; the executable specification that optimized kernels are tested against.
    /// </summary>
    public static OpResolver CreateReference() => FromTable(KernelFlavor.Reference, s_reference.Value);

    private static OpResolver FromTable(KernelFlavor flavor, OpRegistration[] table)
    {
        var r = new OpResolver(flavor);
        foreach (var reg in table) r.Add(reg);
        return r;
    }

    private static OpRegistration[] BuildTable(KernelFlavor flavor)
    {
        var r = new OpResolver(flavor);
        Ops.BuiltinOps.RegisterAll(r, flavor);
        return r.Registrations.ToArray();
    }

    /// <summary>Registers a builtin kernel for versions [<paramref name="minVersion"/>, <paramref name="maxVersion"/>].
    /// Earlier registrations of an overlapping range win.</summary>
    public OpRegistration AddBuiltin(BuiltinOperator op, Func<IOpKernel> factory, int minVersion = 1, int maxVersion = int.MaxValue,
                                     OpTraits? traits = null)
    {
        if (op == BuiltinOperator.CUSTOM) throw new ArgumentException("use AddCustom for custom operators", nameof(op));
        var reg = new OpRegistration(op, null, factory, minVersion, maxVersion, traits ?? OpTraits.Default, Flavor);
        Add(reg);
        return reg;
    }

    /// <summary>
    /// Registers (or replaces) the custom operator <paramref name="name"/>. Without <paramref name="traits"/> it is
    /// treated as stateful (<see cref="OpTraits.Custom"/>): it runs on every Invoke and is never folded.
    /// </summary>
    public OpRegistration AddCustom(string name, Func<IOpKernel> factory, int minVersion = 1, int maxVersion = int.MaxValue,
                                    OpTraits? traits = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        var reg = new OpRegistration(BuiltinOperator.CUSTOM, name, factory, minVersion, maxVersion, traits ?? OpTraits.Custom, Flavor);
        Add(reg);
        return reg;
    }

    private void Add(OpRegistration reg)
    {
        if (reg.CustomName is { } name)
        {
            _custom[name] = reg;
            return;
        }
        if (!_builtins.TryGetValue(reg.Operator, out var list)) _builtins[reg.Operator] = list = new List<OpRegistration>();
        list.Add(reg);
    }

    /// <summary>The registration for a builtin operator at <paramref name="version"/>, or null.</summary>
    public OpRegistration? FindBuiltinRegistration(BuiltinOperator op, int version)
    {
        if (!_builtins.TryGetValue(op, out var list)) return null;
        foreach (var e in list)
            if (e.Accepts(version)) return e;
        return null;
    }

    /// <summary>The registration for custom operator <paramref name="name"/> at <paramref name="version"/>, or null.</summary>
    public OpRegistration? FindCustomRegistration(string name, int version)
        => _custom.TryGetValue(name, out var e) && e.Accepts(version) ? e : null;

    /// <summary>The registration of an operator code of a model (builtin or custom), or null.</summary>
    public OpRegistration? Find(OperatorCodeDef code) => code.Code == BuiltinOperator.CUSTOM
        ? FindCustomRegistration(code.CustomCode ?? "", code.Version)
        : FindBuiltinRegistration(code.Code, code.Version);

    /// <summary>The kernel factory for builtin <paramref name="op"/> at <paramref name="version"/>, or null.</summary>
    public Func<IOpKernel>? FindBuiltin(BuiltinOperator op, int version) => FindBuiltinRegistration(op, version)?.Factory;

    /// <summary>The kernel factory for custom operator <paramref name="name"/> at <paramref name="version"/>, or null.</summary>
    public Func<IOpKernel>? FindCustom(string name, int version) => FindCustomRegistration(name, version)?.Factory;

    /// <summary>Every registration, builtins first (for coverage tables and reports).</summary>
    public IEnumerable<OpRegistration> Registrations => _builtins.Values.SelectMany(l => l).Concat(_custom.Values);

    /// <summary>Builtin operators registered, with their version ranges (for coverage tables).</summary>
    public IEnumerable<(BuiltinOperator Op, int MinVersion, int MaxVersion)> Builtins =>
        _builtins.SelectMany(kv => kv.Value.Select(e => (kv.Key, e.MinVersion, e.MaxVersion)));

    /// <summary>Names of the registered custom operators.</summary>
    public IEnumerable<string> CustomOps => _custom.Keys;
}
