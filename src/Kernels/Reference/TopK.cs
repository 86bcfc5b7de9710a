using System.Numerics;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// TOPK_V2 (TFLite's topk_v2.cc): for every row of the last dimension, the k largest values in decreasing order with
/// their positions. The order is total: greater values first, NaN after every number, equal values (and NaNs) by
/// increasing position, exactly TFLite's comparator, so any correct selection gives its result. A binary min-heap of
/// the best k so far makes it O(n log k) per row.
/// </summary>
public static class TopK
{
    /// <param name="heap">Scratch of at least k ints.</param>
    public static void Run<T, TIndex>(ReadOnlySpan<T> input, int rowSize, int k, Span<T> values, Span<TIndex> indices, Span<int> heap)
        where T : unmanaged, INumber<T> where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        if (k <= 0) return;
        if (rowSize <= 0 || k > rowSize || input.Length % rowSize != 0) throw new ArgumentException($"row size {rowSize}, k {k}, input {input.Length}");
        int rows = input.Length / rowSize;
        if (values.Length != rows * k || indices.Length != rows * k || heap.Length < k) throw new ArgumentException("output or scratch sizes differ from rows x k");
        var h = heap.Slice(0, k);
        for (int r = 0; r < rows; r++)
        {
            var row = input.Slice(r * rowSize, rowSize);
            // Min-heap on "better": h[0] is the worst of the best k seen so far.
            for (int c = 0; c < k; c++)
            {
                h[c] = c;
                SiftUp(row, h, c);
            }
            for (int c = k; c < rowSize; c++)
            {
                if (!Better(row, c, h[0])) continue;
                h[0] = c;
                SiftDown(row, h, 0, k);
            }
            // Pop the worst to the back: the heap ends up best-first.
            for (int n = k - 1; n > 0; n--)
            {
                (h[0], h[n]) = (h[n], h[0]);
                SiftDown(row, h, 0, n);
            }
            for (int j = 0; j < k; j++)
            {
                values[r * k + j] = row[h[j]];
                indices[r * k + j] = TIndex.CreateTruncating(h[j]);
            }
        }
    }

    /// <summary>TFLite's compare_fun(a, b): a ranks before b.</summary>
    private static bool Better<T>(ReadOnlySpan<T> row, int a, int b) where T : unmanaged, INumber<T>
    {
        T va = row[a], vb = row[b];
        bool na = T.IsNaN(va), nb = T.IsNaN(vb);
        if (na != nb) return nb;
        if (vb < va) return true;
        if (vb > va) return false;
        return a < b;
    }

    private static void SiftUp<T>(ReadOnlySpan<T> row, Span<int> h, int i) where T : unmanaged, INumber<T>
    {
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Better(row, h[parent], h[i])) return; // parent is already worse (or equal: never, the order is total)
            (h[parent], h[i]) = (h[i], h[parent]);
            i = parent;
        }
    }

    private static void SiftDown<T>(ReadOnlySpan<T> row, Span<int> h, int i, int n) where T : unmanaged, INumber<T>
    {
        while (true)
        {
            int l = 2 * i + 1, worst = i;
            if (l < n && Better(row, h[worst], h[l])) worst = l;
            if (l + 1 < n && Better(row, h[worst], h[l + 1])) worst = l + 1;
            if (worst == i) return;
            (h[worst], h[i]) = (h[i], h[worst]);
            i = worst;
        }
    }
}
