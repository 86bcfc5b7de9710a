using System.Numerics;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// StableHLO gather (TFLite's stablehlo_gather.cc). For each result index: its batch dimensions (those not in
/// <c>offsetDims</c>) select an index vector of the start indices along <c>indexVectorDim</c>; the vector, scattered to
/// the operand dimensions named by <c>startIndexMap</c> and clamped to <c>[0, dim - slice size]</c>, is the slice start;
/// the result's offset dimensions, spread over the operand dimensions not in <c>collapsedSliceDims</c>, index into the
/// slice. Parameters are checked by the caller (ranks, ranges, distinct dimensions).
/// </summary>
public static class StableHloGather
{
    public static void Run<T, TIndex>(ReadOnlySpan<int> operandShape, ReadOnlySpan<T> operand, ReadOnlySpan<int> indicesShape,
        ReadOnlySpan<TIndex> indices, ReadOnlySpan<long> offsetDims, ReadOnlySpan<long> collapsedSliceDims, ReadOnlySpan<long> startIndexMap,
        int indexVectorDim, ReadOnlySpan<long> sliceSizes, ReadOnlySpan<int> resultShape, Span<T> result)
        where T : unmanaged where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        int rank = operandShape.Length, resultRank = resultShape.Length, indicesRank = indicesShape.Length;
        long count = 1;
        foreach (int d in resultShape) count *= d;
        if (result.Length != count) throw new ArgumentException("result length does not match its shape");
        if (count == 0 || operand.Length == 0) return;
        Span<int> resultIndex = stackalloc int[resultRank];
        Span<long> start = stackalloc long[rank];
        Span<long> lookup = stackalloc long[rank];
        Span<int> indicesIndex = stackalloc int[indicesRank];
        for (long flat = 0; flat < count; flat++)
        {
            long rem = flat;
            for (int d = resultRank - 1; d >= 0; d--)
            {
                resultIndex[d] = (int)(rem % resultShape[d]);
                rem /= resultShape[d];
            }
            // Batch dimensions of the result, in order, are the dimensions of the indices other than indexVectorDim.
            int b = 0;
            for (int d = 0; d < resultRank; d++)
            {
                if (offsetDims.Contains(d)) continue;
                if (b == indexVectorDim) b++;
                indicesIndex[b++] = resultIndex[d];
            }
            start.Clear();
            for (int k = 0; k < startIndexMap.Length; k++)
            {
                indicesIndex[indexVectorDim] = k;
                long off = 0;
                for (int d = 0; d < indicesRank; d++) off = off * indicesShape[d] + indicesIndex[d];
                start[(int)startIndexMap[k]] = long.CreateTruncating(indices[(int)off]);
            }
            for (int d = 0; d < rank; d++) start[d] = Math.Max(0, Math.Min(start[d], operandShape[d] - sliceSizes[d]));
            // Offset dimensions of the result, in increasing order, go to the operand dimensions that are not collapsed.
            int r = 0;
            for (int d = 0; d < rank; d++)
            {
                long offset = 0;
                if (!collapsedSliceDims.Contains(d))
                {
                    while (r < resultRank && !offsetDims.Contains(r)) r++;
                    offset = r < resultRank ? resultIndex[r++] : 0;
                }
                lookup[d] = start[d] + offset;
            }
            long src = 0;
            for (int d = 0; d < rank; d++) src = src * operandShape[d] + lookup[d];
            result[(int)flat] = operand[(int)src];
        }
    }
}
