using System.Numerics;

namespace ManagedLite.Kernels.Reference;

/// <summary>How a StableHLO scatter combines the current value with an update (TFLite's stablehlo_scatter.cc).</summary>
public enum ScatterCombine { Update, Add, Multiply, Maximum, Minimum }

/// <summary>
/// StableHLO scatter (TFLite's stablehlo_scatter.cc) on an output already holding the input. Update elements are
/// visited in row-major order; each one's scatter dimensions (those not in <c>updateWindowDims</c>) select an index
/// vector of the scatter indices along <c>indexVectorDim</c>, scattered to the operand dimensions
/// <c>scatterDimsToOperandDims</c>; its window dimensions, spread over the operand dimensions not in
/// <c>insertedWindowDims</c>, are added. An element whose target falls outside the operand is skipped (no clamping);
/// later updates see earlier ones. Parameters are checked by the caller.
/// </summary>
public static class StableHloScatter
{
    public static void Run<T, TIndex>(ScatterCombine combine, ReadOnlySpan<int> operandShape, Span<T> output,
        ReadOnlySpan<int> indicesShape, ReadOnlySpan<TIndex> indices, ReadOnlySpan<int> updatesShape, ReadOnlySpan<T> updates,
        ReadOnlySpan<long> updateWindowDims, ReadOnlySpan<long> insertedWindowDims, ReadOnlySpan<long> scatterDimsToOperandDims,
        int indexVectorDim) where T : unmanaged, INumber<T> where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        int rank = operandShape.Length, updatesRank = updatesShape.Length, indicesRank = indicesShape.Length;
        long count = 1;
        foreach (int d in updatesShape) count *= d;
        if (updates.Length != count) throw new ArgumentException("updates length does not match their shape");
        if (count == 0 || output.Length == 0) return;
        Span<int> u = stackalloc int[updatesRank];
        Span<long> target = stackalloc long[rank];
        Span<int> indicesIndex = stackalloc int[indicesRank];
        for (long flat = 0; flat < count; flat++)
        {
            long rem = flat;
            for (int d = updatesRank - 1; d >= 0; d--)
            {
                u[d] = (int)(rem % updatesShape[d]);
                rem /= updatesShape[d];
            }
            int b = 0;
            for (int d = 0; d < updatesRank; d++)
            {
                if (updateWindowDims.Contains(d)) continue;
                if (b == indexVectorDim) b++;
                indicesIndex[b++] = u[d];
            }
            target.Clear();
            for (int k = 0; k < scatterDimsToOperandDims.Length; k++)
            {
                indicesIndex[indexVectorDim] = k;
                long off = 0;
                for (int d = 0; d < indicesRank; d++) off = off * indicesShape[d] + indicesIndex[d];
                target[(int)scatterDimsToOperandDims[k]] = long.CreateTruncating(indices[(int)off]);
            }
            int w = 0;
            bool inside = true;
            long dst = 0;
            for (int d = 0; d < rank; d++)
            {
                if (!insertedWindowDims.Contains(d))
                {
                    while (w < updatesRank && !updateWindowDims.Contains(w)) w++;
                    if (w < updatesRank) target[d] += u[w++];
                }
                if (target[d] < 0 || target[d] >= operandShape[d]) { inside = false; break; }
                dst = dst * operandShape[d] + target[d];
            }
            if (!inside) continue;
            T x = output[(int)dst], y = updates[(int)flat];
            output[(int)dst] = combine switch
            {
                ScatterCombine.Update => y,
                ScatterCombine.Add => unchecked(x + y),
                ScatterCombine.Multiply => unchecked(x * y),
                ScatterCombine.Maximum => x < y ? y : x,
                _ => y < x ? y : x,
            };
        }
    }
}
