namespace ManagedLite.Planning;

/// <summary>
/// TFLite's greedy-by-size planner: buffers are placed largest first, each at the lowest aligned offset
/// that does not overlap any already-placed buffer whose lifetime intersects its own.
/// </summary>
public sealed class GreedyMemoryPlanner : IMemoryPlanner
{
    /// <summary>A planner that aligns every offset to <paramref name="alignment"/> bytes.</summary>
    public GreedyMemoryPlanner(int alignment = 64)
    {
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(alignment), alignment, "alignment must be a power of two");
        Alignment = alignment;
    }

    /// <summary>Alignment of every offset, in bytes.</summary>
    public int Alignment { get; }

    /// <summary>Places the largest buffers first, each in the lowest gap among buffers live at the same time; returns the arena size.</summary>
    public long Plan(IReadOnlyList<BufferRequest> requests, Span<long> offsets)
    {
        int n = requests.Count;
        if (offsets.Length < n) throw new ArgumentException("offsets is shorter than requests", nameof(offsets));
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        // Largest first; ties by earlier first use, then index, so plans are deterministic.
        Array.Sort(order, (a, b) =>
        {
            int c = requests[b].Size.CompareTo(requests[a].Size);
            if (c != 0) return c;
            c = requests[a].FirstUse.CompareTo(requests[b].FirstUse);
            return c != 0 ? c : a.CompareTo(b);
        });

        var placed = new List<int>(n);
        var live = new List<(long Start, long End)>();
        long total = 0;
        foreach (int i in order)
        {
            var r = requests[i];
            if (r.Size < 0) throw new ArgumentException($"buffer {i} has negative size {r.Size}");
            live.Clear();
            foreach (int j in placed)
            {
                var q = requests[j];
                if (q.FirstUse <= r.LastUse && r.FirstUse <= q.LastUse && q.Size > 0)
                    live.Add((offsets[j], offsets[j] + q.Size));
            }
            live.Sort((a, b) => a.Start.CompareTo(b.Start));
            long candidate = 0;
            foreach (var (start, end) in live)
            {
                if (candidate + r.Size <= start) break;
                if (end > candidate) candidate = AlignUp(end);
            }
            offsets[i] = candidate;
            placed.Add(i);
            total = Math.Max(total, candidate + r.Size);
        }
        return AlignUp(total);
    }

    private long AlignUp(long v) => (v + Alignment - 1) & ~(long)(Alignment - 1);
}
