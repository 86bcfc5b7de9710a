namespace ManagedLite.Kernels;

/// <summary>
/// A strided slice resolved to plain per-axis ranges over the "effective" input shape (the input shape with
/// a 1 inserted for every new axis). Axis <c>i</c> reads <c>Count[i]</c> elements starting at <c>Start[i]</c>
/// stepping by <c>Stride[i]</c>. <see cref="OutputShape"/> drops the shrunk axes; the data layout is the same.
/// </summary>
public sealed record StridedSliceParams(int[] EffectiveShape, int[] Start, int[] Stride, int[] Count, int[] OutputShape)
{
    /// <summary>Largest rank after inserting new axes.</summary>
    public const int MaxRank = 8;

    /// <summary>
    /// TFLite's STRIDED_SLICE index logic (<c>strided_slice.cc</c> BuildStridedSliceParams +
    /// StridedSliceStartForAxis / StridedSliceEndForAxis): ellipsis expansion, new axes, begin/end masks,
    /// negative indices and clamping, shrink axes, and the <c>offset</c> option (end = begin + end).
    /// Throws <see cref="ArgumentException"/> for specifications that TFLite would reject or read outside the input
    /// with (zero stride, shrinking an out-of-range index, masks that do not fit the input rank).
    /// </summary>
    public static StridedSliceParams Resolve(ReadOnlySpan<int> inputShape, ReadOnlySpan<int> begin, ReadOnlySpan<int> end,
                                             ReadOnlySpan<int> strides, int beginMask, int endMask, int ellipsisMask,
                                             int newAxisMask, int shrinkAxisMask, bool offset)
    {
        int rank = inputShape.Length;
        int n = begin.Length;
        if (end.Length != n || strides.Length != n)
            throw new ArgumentException($"begin, end and strides must have the same length, got {n}, {end.Length}, {strides.Length}");
        if (n > MaxRank)
            throw new ArgumentException($"begin has {n} entries, at most {MaxRank} are supported");
        // Mask bits past the n specified entries do not belong to the specification: ignore them, as TFLite
        // does (a stray new_axis bit there used to add an axis that the rank count above had not seen).
        int specMask = (1 << n) - 1;
        beginMask &= specMask; endMask &= specMask; ellipsisMask &= specMask; newAxisMask &= specMask; shrinkAxisMask &= specMask;
        int nMask = (1 << MaxRank) - 1;
        if (System.Numerics.BitOperations.PopCount((uint)(ellipsisMask & nMask)) > 1)
            throw new ArgumentException($"ellipsis_mask {ellipsisMask} has more than one bit set");

        int numAddAxis = 0;
        for (int i = 0; i < n; i++)
            if ((ellipsisMask & (1 << i)) == 0 && (newAxisMask & (1 << i)) != 0) numAddAxis++;
        int eff = rank + numAddAxis;
        if (eff > MaxRank)
            throw new ArgumentException($"slice has {eff} dimensions including new axes, at most {MaxRank} are supported");

        int specified = n - ((ellipsisMask & nMask & ((1 << n) - 1)) != 0 ? 1 : 0);
        if (specified > eff)
            throw new ArgumentException($"begin has {n} entries but the input has rank {rank} (+{numAddAxis} new axes)");

        // Expand the ellipsis and place the new axes in effective coordinates.
        int effEllipsis = 0, effNewAxis = 0, ellipsisStart = eff, expanded = 0;
        for (int i = 0; i < eff;)
        {
            if ((ellipsisMask & (1 << i)) != 0)
            {
                ellipsisStart = i;
                int ellipsisEnd = Math.Max(i + 1, Math.Min(i + 1 + numAddAxis + rank - n, eff));
                expanded = ellipsisEnd - ellipsisStart - 1;
                for (; i < ellipsisEnd; i++) effEllipsis |= 1 << i;
                continue;
            }
            if ((newAxisMask & (1 << (i - expanded))) != 0) effNewAxis |= 1 << i;
            i++;
        }

        var shape = new int[eff];
        var startIdx = new int[eff];
        var stopIdx = new int[eff];
        var stride = new int[eff];
        int bMask = 0, eMask = 0, sMask = 0;
        int addedEllipsis = 0, addedAxes = 0;
        for (int i = 0; i < eff; i++)
        {
            int inputDim = i - addedAxes;
            bool isNew = (effEllipsis & (1 << i)) == 0 && (effNewAxis & (1 << i)) != 0;
            if (!isNew && (uint)inputDim >= (uint)rank)
                throw new ArgumentException($"slice masks do not fit input rank {rank}");
            if ((effEllipsis & (1 << i)) != 0)
            {
                addedEllipsis = Math.Max(0, i - ellipsisStart);
                bMask |= 1 << i; eMask |= 1 << i;
                stride[i] = 1;
                shape[i] = inputShape[inputDim];
            }
            else if (isNew)
            {
                startIdx[i] = 0; stopIdx[i] = 1; stride[i] = 1;
                shape[i] = 1;
                addedAxes++;
            }
            else if (i >= n + expanded)
            {
                stride[i] = 1;
                bMask |= 1 << i; eMask |= 1 << i;
                shape[i] = inputShape[inputDim];
            }
            else
            {
                int orig = i - addedEllipsis;
                if ((uint)orig >= (uint)n) throw new ArgumentException($"slice masks do not fit {n} begin entries");
                startIdx[i] = begin[orig];
                stopIdx[i] = end[orig];
                stride[i] = strides[orig];
                if ((beginMask & (1 << orig)) != 0) bMask |= 1 << i;
                if ((endMask & (1 << orig)) != 0) eMask |= 1 << i;
                if ((shrinkAxisMask & (1 << orig)) != 0) sMask |= 1 << i;
                shape[i] = inputShape[inputDim];
            }
        }

        var start = new int[eff];
        var count = new int[eff];
        int outRank = 0;
        for (int i = 0; i < eff; i++)
        {
            int s = stride[i];
            if (s == 0) throw new ArgumentException($"stride of dimension {i} is 0; strides must be non-zero");
            int size = shape[i];
            int first = StartForAxis(startIdx[i], s, (bMask & (1 << i)) != 0, size);
            int last;
            if ((sMask & (1 << i)) != 0)
            {
                if (first < 0 || first >= size)
                    throw new ArgumentException($"shrunk dimension {i} index {startIdx[i]} is out of range for size {size}");
                last = first + 1;
            }
            else
            {
                last = EndForAxis(stopIdx[i], s, (eMask & (1 << i)) != 0, size, offset ? first : (int?)null);
                outRank++;
            }
            start[i] = first;
            count[i] = Math.Max(0, (int)MathF.Ceiling((last - first) / (float)s));
        }

        var outShape = new int[outRank];
        for (int i = 0, j = 0; i < eff; i++)
            if ((sMask & (1 << i)) == 0) outShape[j++] = count[i];
        return new StridedSliceParams(shape, start, stride, count, outShape);
    }

    private static int StartForAxis(int start, int stride, bool masked, int size)
    {
        long s = start;
        if (s < 0) s += size;
        s = stride > 0 ? Math.Clamp(s, 0, size) : Math.Clamp(s, -1, size - 1);
        if (masked) s = stride > 0 ? 0 : size - 1;
        return (int)s;
    }

    private static int EndForAxis(int stop, int stride, bool masked, int size, int? offsetStart)
    {
        long e = stop;
        if (offsetStart is int os) e += os;
        if (e < 0) e += size;
        e = stride > 0 ? Math.Clamp(e, 0, size) : Math.Clamp(e, -1, size - 1);
        if (masked) e = stride > 0 ? size : -1;
        return (int)e;
    }
}
