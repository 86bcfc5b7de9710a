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
    /// <summary>Largest associated file (in the ZIP appended to the model) accepted, uncompressed, in bytes.</summary>
    public long MaxAssociatedFileBytes { get; init; } = 64L * 1024 * 1024;
    /// <summary>Largest total of the associated files read from one model, uncompressed, in bytes.</summary>
    public long MaxAssociatedFilesTotalBytes { get; init; } = 256L * 1024 * 1024;
    /// <summary>Most entries accepted in the ZIP of associated files.</summary>
    public int MaxAssociatedFiles { get; init; } = 4096;
}
