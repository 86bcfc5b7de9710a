namespace ManagedLite.Kernels.Reference;

/// <summary>
/// UNIQUE of a 1-D tensor (TFLite's unique.cc): the distinct values in order of first appearance, and for every
/// input element the position of its value in that list. Values are equal when they compare equal (-0 and 0 are one
/// value; all NaNs are one value here, where TFLite's std::map ordering is undefined for NaN). O(n log n): the
/// (value, position) pairs are sorted, runs of equal values form groups, groups are numbered by first position.
/// </summary>
public static class Unique
{
    /// <summary>A (value, position) pair ordered by value, then position.</summary>
    public struct Keyed<T> : IComparable<Keyed<T>> where T : unmanaged, IComparable<T>
    {
        public T Value;
        public int Position;

        public readonly int CompareTo(Keyed<T> other)
        {
            int c = Value.CompareTo(other.Value);
            return c != 0 ? c : Position.CompareTo(other.Position);
        }
    }

    /// <summary>Writes the distinct values to <paramref name="unique"/> and returns how many there are.</summary>
    /// <param name="index">Per input element, the position of its value in <paramref name="unique"/>.</param>
    /// <param name="keys">Scratch of input.Length pairs.</param>
    /// <param name="groups">Scratch of input.Length ints.</param>
    public static int Run<T, TIndex>(ReadOnlySpan<T> input, Span<T> unique, Span<TIndex> index, Span<Keyed<T>> keys, Span<int> groups)
        where T : unmanaged, IComparable<T> where TIndex : unmanaged, System.Numerics.IBinaryInteger<TIndex>
    {
        int n = input.Length;
        if (unique.Length < n || index.Length != n || keys.Length < n || groups.Length < n)
            throw new ArgumentException("output or scratch spans are shorter than the input");
        var k = keys.Slice(0, n);
        for (int i = 0; i < n; i++) k[i] = new Keyed<T> { Value = input[i], Position = i };
        k.Sort();
        // groups[position] = the first position of its value (the head of its sorted run).
        int head = 0;
        for (int s = 0; s < n; s++)
        {
            if (s > 0 && k[s].Value.CompareTo(k[s - 1].Value) != 0) head = k[s].Position;
            else if (s == 0) head = k[0].Position;
            groups[k[s].Position] = head;
        }
        // Number the groups in order of first appearance; index[first] doubles as the group's number.
        int count = 0;
        for (int i = 0; i < n; i++)
        {
            int first = groups[i];
            if (first == i)
            {
                unique[count] = input[i];
                index[i] = TIndex.CreateTruncating(count++);
            }
            else index[i] = index[first];
        }
        return count;
    }
}
