using ManagedLite.Schema;

namespace ManagedLite;

/// <summary>
/// One kernel registration: which operator (builtin code, or custom name), which versions, the factory that
/// makes one kernel per node, and the <see cref="OpTraits"/> passes consult. Immutable. The registrations of
/// <see cref="OpResolver.CreateBuiltin"/> and <see cref="OpResolver.CreateReference"/> are created once per
/// process and shared by every resolver made from them, so work cached per model (folded constants,
/// packed weights) is shared by interpreters that resolve to the same registration.
/// </summary>
public sealed class OpRegistration
{
    internal OpRegistration(BuiltinOperator op, string? customName, Func<IOpKernel> factory, int minVersion, int maxVersion,
                            OpTraits traits, KernelFlavor flavor)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(traits);
        if (minVersion < 1 || maxVersion < minVersion)
            throw new ArgumentOutOfRangeException(nameof(minVersion), $"version range [{minVersion}, {maxVersion}] is empty or below 1");
        Operator = op;
        CustomName = customName;
        Factory = factory;
        MinVersion = minVersion;
        MaxVersion = maxVersion;
        Traits = traits;
        Flavor = flavor;
    }

    /// <summary>The builtin code; <see cref="BuiltinOperator.CUSTOM"/> for custom operators.</summary>
    public BuiltinOperator Operator { get; }
    /// <summary>The custom operator's name, or null for builtins.</summary>
    public string? CustomName { get; }
    /// <summary>Makes one kernel instance per node.</summary>
    public Func<IOpKernel> Factory { get; }
    /// <summary>Lowest operator version this kernel runs.</summary>
    public int MinVersion { get; }
    /// <summary>Highest operator version this kernel runs.</summary>
    public int MaxVersion { get; }
    /// <summary>What passes may assume about the operator (stateful, fusable activation, work estimate, ...).</summary>
    public OpTraits Traits { get; }
    /// <summary>Kernel flavor of the resolver table this registration came from.</summary>
    public KernelFlavor Flavor { get; }

    /// <summary>Operator name as reports print it: the custom name or the builtin code.</summary>
    public string Name => CustomName ?? Operator.ToString();

    internal bool Accepts(int version) => version >= MinVersion && version <= MaxVersion;

    /// <inheritdoc/>
    public override string ToString() => $"{Name} v{MinVersion}..{(MaxVersion == int.MaxValue ? "" : MaxVersion.ToString())} ({Flavor})";
}
