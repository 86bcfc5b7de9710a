namespace ManagedLite.Kernels.Reference;

/// <summary>
/// HASHTABLE_LOOKUP (TFLite's hashtable_lookup.cc): for each int32 lookup, the row of values whose key matches, found
/// by glibc's bsearch over the keys with TFLite's comparator (a - b in wrapping int32 arithmetic, so keys more than
/// 2^31 apart compare as TFLite does, and unsorted keys find what TFLite finds); a zero row and hit 0 when absent.
/// </summary>
public static class HashtableLookup
{
    /// <summary>The index bsearch returns for <paramref name="key"/>, or -1.</summary>
    public static int Find(ReadOnlySpan<int> keys, int key)
    {
        int lo = 0, hi = keys.Length;
        while (lo < hi)
        {
            int idx = (int)(((uint)lo + (uint)hi) / 2);
            int cmp = unchecked(key - keys[idx]);
            if (cmp < 0) hi = idx;
            else if (cmp > 0) lo = idx + 1;
            else return idx;
        }
        return -1;
    }

    /// <param name="values">[keys.Length rows of rowBytes bytes].</param>
    /// <param name="output">[lookup.Length rows of rowBytes bytes].</param>
    /// <param name="hits">One byte per lookup: 1 when found.</param>
    public static void Run(ReadOnlySpan<int> lookup, ReadOnlySpan<int> keys, ReadOnlySpan<byte> values, int rowBytes, Span<byte> output, Span<byte> hits)
    {
        if (values.Length != (long)keys.Length * rowBytes || output.Length != (long)lookup.Length * rowBytes || hits.Length != lookup.Length)
            throw new ArgumentException("buffer sizes do not match the key and lookup counts");
        for (int i = 0; i < lookup.Length; i++)
        {
            int idx = Find(keys, lookup[i]);
            var row = output.Slice(i * rowBytes, rowBytes);
            if (idx < 0) { row.Clear(); hits[i] = 0; }
            else { values.Slice(idx * rowBytes, rowBytes).CopyTo(row); hits[i] = 1; }
        }
    }
}
