using ManagedLite.Schema;

namespace ManagedLite.Tests.Schema;

/// <summary>Helpers over the options records parsed at load (for fuzzing and smoke tests).</summary>
internal static class OptionsSamples
{
    /// <summary>A hash of the operator's parsed options records (0 when it has none); touches every field.</summary>
    public static int ParseAny(OperatorDef op) => (op.ParsedOptions?.GetHashCode() ?? 0) ^ (op.ParsedOptions2?.GetHashCode() ?? 0);
}
