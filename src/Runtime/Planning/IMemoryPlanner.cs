namespace ManagedLite.Planning;

/// <summary>A buffer to place in the arena: its size and the first and last step that use it (inclusive).</summary>
public readonly record struct BufferRequest(long Size, int FirstUse, int LastUse);

/// <summary>Places buffers in one arena so that buffers alive at the same time never overlap.</summary>
public interface IMemoryPlanner
{
    /// <summary>Returns each request's offset (same order) and the arena size needed.</summary>
    long Plan(IReadOnlyList<BufferRequest> requests, Span<long> offsets);
}
