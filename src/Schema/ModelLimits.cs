namespace ManagedLite.Schema;

/// <summary>Caller-set limits checked while reading a model, before anything is allocated.</summary>
public sealed record ModelLimits
{
    public static readonly ModelLimits Default = new();
    /// <summary>Largest model file accepted, in bytes.</summary>
    public long MaxModelBytes { get; init; } = 2L * 1024 * 1024 * 1024 - 1;
    /// <summary>Largest single tensor, in bytes.</summary>
    public long MaxTensorBytes { get; init; } = 1L * 1024 * 1024 * 1024;
    /// <summary>Deepest nesting of subgraphs through control-flow operators.</summary>
    public int MaxSubgraphDepth { get; init; } = 16;
    /// <summary>Largest tensor rank accepted.</summary>
    public int MaxRank { get; init; } = 8;
}
