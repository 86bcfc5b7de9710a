namespace ManagedLite.Kernels.Reference;

/// <summary>
/// EMBEDDING_LOOKUP_SPARSE (TFLite's embedding_lookup_sparse.cc). A sparse [d0, ..., dn] tensor given by ids,
/// indices [count, n + 1] and weights selects weighted embedding rows; the entries of one output row
/// (indices[:, :-1] equal) are combined: SUM, MEAN (divided by the total weight) or SQRTN (divided by the square root
/// of the sum of squared weights). Entries are accumulated in order; a run of consecutive entries with the same output
/// row is one bucket, finalized when the row changes (so unsorted indices finalize a row once per run, as TFLite does).
/// An id outside [0, rows) or a coordinate outside the dense shape stops the kernel and is reported.
/// </summary>
public static class EmbeddingLookupSparse
{
    public enum Combiner { Sum, Mean, Sqrtn }

    /// <param name="indices">[count, lookupRank] coordinates in the dense shape.</param>
    /// <param name="denseShape">lookupRank values.</param>
    /// <param name="values">[rows, embeddingSize] embeddings.</param>
    /// <param name="output">[product of denseShape[:-1], embeddingSize].</param>
    /// <param name="badPosition">-1, or the entry of a bad id (badIsId) or bad coordinate.</param>
    public static bool TryRun(ReadOnlySpan<int> ids, ReadOnlySpan<int> indices, ReadOnlySpan<int> denseShape, ReadOnlySpan<float> weights,
        ReadOnlySpan<float> values, int rows, int embeddingSize, Combiner combiner, Span<float> output,
        out long badValue, out int badPosition, out bool badIsId)
    {
        badValue = 0;
        badPosition = -1;
        badIsId = false;
        int count = ids.Length;
        int lookupRank = denseShape.Length;
        long buckets = 1;
        for (int k = 0; k < lookupRank - 1; k++) buckets *= denseShape[k];
        if (lookupRank < 1 || indices.Length != (long)count * lookupRank || weights.Length != count
            || values.Length != (long)rows * embeddingSize || output.Length != buckets * embeddingSize)
            throw new ArgumentException("embedding lookup sparse: inconsistent sizes");
        output.Clear();
        int current = 0, elements = 0;
        float totalWeight = 0f, squaresWeight = 0f;
        for (int i = 0; i < count; i++)
        {
            int id = ids[i];
            if ((uint)id >= (uint)rows) { badValue = id; badPosition = i; badIsId = true; return false; }
            long bucket = 0, stride = 1;
            for (int k = lookupRank - 2; k >= 0; k--)
            {
                int c = indices[i * lookupRank + k];
                if ((uint)c >= (uint)denseShape[k]) { badValue = c; badPosition = i * lookupRank + k; return false; }
                bucket += c * stride;
                stride *= denseShape[k];
            }
            int offset = (int)(bucket * embeddingSize);
            if (offset != current)
            {
                Finalize(combiner, elements, totalWeight, squaresWeight, output.Slice(current, embeddingSize));
                elements = 0;
                totalWeight = 0f;
                squaresWeight = 0f;
                current = offset;
            }
            elements++;
            float w = weights[i];
            squaresWeight += w * w;
            totalWeight += w;
            var src = values.Slice(id * embeddingSize, embeddingSize);
            var dst = output.Slice(current, embeddingSize);
            for (int k = 0; k < embeddingSize; k++) dst[k] += src[k] * w;
        }
        if (output.Length > 0) Finalize(combiner, elements, totalWeight, squaresWeight, output.Slice(current, embeddingSize));
        return true;
    }

    private static void Finalize(Combiner combiner, int elements, float totalWeight, float squaresWeight, Span<float> row)
    {
        if (combiner == Combiner.Sum || elements == 0) return;
        float divisor = combiner == Combiner.Mean ? totalWeight : MathF.Sqrt(squaresWeight);
        for (int k = 0; k < row.Length; k++) row[k] /= divisor;
    }
}
