namespace ManagedLite.Kernels.Reference;

/// <summary>
/// SEGMENT_SUM (reference_ops::SegmentSum): output[segmentIds[i]] += data[i] along the first dimension; the ids must be
/// sorted, start at 0 and grow by at most 1 (<see cref="ValidateIds"/>). Integer sums wrap.
/// </summary>
public static class SegmentSum
{
    /// <summary>
    /// The number of segments (last id + 1), or -1 when the ids do not start at 0 or step by other than 0 or 1;
    /// <paramref name="badPosition"/> then names the offending id.
    /// </summary>
    public static int ValidateIds(ReadOnlySpan<int> ids, out int badPosition)
    {
        badPosition = -1;
        long previous = -1;
        for (int i = 0; i < ids.Length; i++)
        {
            long delta = (long)ids[i] - previous;
            if (i == 0 ? ids[i] != 0 : delta is not (0 or 1))
            {
                badPosition = i;
                return -1;
            }
            previous = ids[i];
        }
        return (int)(previous + 1);
    }

    /// <param name="segmentSize">Elements per row of data and output (the product of the trailing dimensions).</param>
    public static void Run<T, TAdd>(ReadOnlySpan<T> data, ReadOnlySpan<int> ids, int segmentSize, Span<T> output)
        where T : unmanaged where TAdd : IReducer<T>
    {
        if ((long)ids.Length * segmentSize != data.Length) throw new ArgumentException("data rows differ from the id count");
        output.Clear();
        for (int i = 0; i < ids.Length; i++)
        {
            var dst = output.Slice(ids[i] * segmentSize, segmentSize);
            var src = data.Slice(i * segmentSize, segmentSize);
            for (int k = 0; k < segmentSize; k++) dst[k] = TAdd.Apply(dst[k], src[k]);
        }
    }
}
