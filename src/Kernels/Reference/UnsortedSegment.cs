namespace ManagedLite.Kernels.Reference;

/// <summary>
/// UNSORTED_SEGMENT_SUM / PROD / MAX / MIN (reference_ops::UnsortedSegmentRef): every output row starts at the
/// reducer's initial value (0, 1, lowest, max) and data row i is folded into output row segmentIds[i]; a negative id
/// skips its row. The ids tensor may have any prefix of data's shape (its elements then index the flattened prefix).
/// </summary>
public static class UnsortedSegment
{
    /// <summary>-1 when every id is below <paramref name="segments"/>, else the position of the first that is not.</summary>
    public static int FindOutOfRange(ReadOnlySpan<int> ids, int segments)
    {
        for (int i = 0; i < ids.Length; i++) if (ids[i] >= segments) return i;
        return -1;
    }

    /// <param name="segmentSize">Elements per data row and output row.</param>
    public static void Run<T, TReducer>(ReadOnlySpan<T> data, ReadOnlySpan<int> ids, int segmentSize, Span<T> output)
        where T : unmanaged where TReducer : IReducer<T>
    {
        if ((long)ids.Length * segmentSize != data.Length) throw new ArgumentException("data rows differ from the id count");
        if (output.Length == 0) return;
        output.Fill(TReducer.Initial);
        for (int i = 0; i < ids.Length; i++)
        {
            int id = ids[i];
            if (id < 0) continue;
            var dst = output.Slice(id * segmentSize, segmentSize);
            var src = data.Slice(i * segmentSize, segmentSize);
            for (int k = 0; k < segmentSize; k++) dst[k] = TReducer.Apply(dst[k], src[k]);
        }
    }
}
