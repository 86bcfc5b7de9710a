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
        Span<int> shape = stackalloc int[MaxRank], start = stackalloc int[MaxRank], stride = stackalloc int[MaxRank];
        Span<int> count = stackalloc int[MaxRank], outShape = stackalloc int[MaxRank], sizeCount = stackalloc int[MaxRank];
        int outRank = ResolveInto(inputShape, begin, end, strides, beginMask, endMask, ellipsisMask, newAxisMask, shrinkAxisMask,
                                  offset, shape, start, stride, count, outShape, sizeCount, out int eff, out _);
        return new StridedSliceParams(shape[..eff].ToArray(), start[..eff].ToArray(), stride[..eff].ToArray(),
                                      count[..eff].ToArray(), outShape[..outRank].ToArray());
    }

    /// <summary>
    /// <see cref="Resolve"/> without allocating: fills the first <paramref name="effectiveRank"/> entries of
    /// <paramref name="effectiveShape"/>, <paramref name="start"/>, <paramref name="stride"/> and <paramref name="count"/>
    /// (each at least <see cref="MaxRank"/> long) and the returned number of entries of <paramref name="outputShape"/>;
    /// <paramref name="shrunkAxes"/> has bit i set when effective axis i is shrunk (not in the output).
    /// <paramref name="sizeCount"/> gets, per effective axis, the count TFLite's shape inference uses: with
    /// <paramref name="offset"/>, the end value read as a size (before clamping) for axes given by begin/end entries;
    /// otherwise the same as <paramref name="count"/>. A slice that reads what TFLite's shape promises has equal counts;
    /// <paramref name="outputShape"/> always follows <paramref name="count"/>.
    /// </summary>
    public static int ResolveInto(ReadOnlySpan<int> inputShape, ReadOnlySpan<int> begin, ReadOnlySpan<int> end,
                                  ReadOnlySpan<int> strides, int beginMask, int endMask, int ellipsisMask,
                                  int newAxisMask, int shrinkAxisMask, bool offset,
                                  Span<int> effectiveShape, Span<int> start, Span<int> stride, Span<int> count,
                                  Span<int> outputShape, Span<int> sizeCount, out int effectiveRank, out int shrunkAxes)
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
        if (System.Numerics.BitOperations.PopCount((uint)ellipsisMask) > 1)
            throw new ArgumentException($"ellipsis_mask {ellipsisMask} has more than one bit set");

        int numAddAxis = 0;
        for (int i = 0; i < n; i++)
            if ((ellipsisMask & (1 << i)) == 0 && (newAxisMask & (1 << i)) != 0) numAddAxis++;
        int eff = rank + numAddAxis;
        if (eff > MaxRank)
            throw new ArgumentException($"slice has {eff} dimensions including new axes, at most {MaxRank} are supported");

        int specified = n - (ellipsisMask != 0 ? 1 : 0);
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

        Span<int> startIdx = stackalloc int[eff];
        Span<int> stopIdx = stackalloc int[eff];
        int bMask = 0, eMask = 0, sMask = 0, fromSpec = 0;
        int addedEllipsis = 0, addedAxes = 0;
        for (int i = 0; i < eff; i++)
        {
            int inputDim = i - addedAxes;
            bool isNew = (effEllipsis & (1 << i)) == 0 && (effNewAxis & (1 << i)) != 0;
            if (!isNew && (uint)inputDim >= (uint)rank)
                throw new ArgumentException($"slice masks do not fit input rank {rank}");
            startIdx[i] = 0;
            stopIdx[i] = 0;
            if ((effEllipsis & (1 << i)) != 0)
            {
                addedEllipsis = Math.Max(0, i - ellipsisStart);
                bMask |= 1 << i; eMask |= 1 << i;
                stride[i] = 1;
                effectiveShape[i] = inputShape[inputDim];
            }
            else if (isNew)
            {
                stopIdx[i] = 1; stride[i] = 1;
                effectiveShape[i] = 1;
                addedAxes++;
            }
            else if (i >= n + expanded)
            {
                stride[i] = 1;
                bMask |= 1 << i; eMask |= 1 << i;
                effectiveShape[i] = inputShape[inputDim];
            }
            else
            {
                int orig = i - addedEllipsis;
                if ((uint)orig >= (uint)n) throw new ArgumentException($"slice masks do not fit {n} begin entries");
                startIdx[i] = begin[orig];
                stopIdx[i] = end[orig];
                stride[i] = strides[orig];
                fromSpec |= 1 << i;
                if ((beginMask & (1 << orig)) != 0) bMask |= 1 << i;
                if ((endMask & (1 << orig)) != 0) eMask |= 1 << i;
                if ((shrinkAxisMask & (1 << orig)) != 0) sMask |= 1 << i;
                effectiveShape[i] = inputShape[inputDim];
            }
        }

        int outRank = 0;
        for (int i = 0; i < eff; i++)
        {
            int s = stride[i];
            if (s == 0) throw new ArgumentException($"stride of dimension {i} is 0; strides must be non-zero");
            if (s == int.MinValue) throw new ArgumentException($"stride of dimension {i} is INT32_MIN, which is not supported");
            int size = effectiveShape[i];
            int first = StartForAxis(startIdx[i], s, (bMask & (1 << i)) != 0, size);
            start[i] = first;
            if ((sMask & (1 << i)) != 0)
            {
                if (first < 0 || first >= size)
                    throw new ArgumentException($"shrunk dimension {i} index {startIdx[i]} is out of range for size {size}");
                count[i] = 1;
                sizeCount[i] = 1;
                continue;
            }
            int last = EndForAxis(stopIdx[i], s, (eMask & (1 << i)) != 0, size, offset ? first : (int?)null);
            count[i] = SliceCount((long)last - first, s);
            sizeCount[i] = offset && (fromSpec & (1 << i)) != 0 ? SliceCount(stopIdx[i], s) : count[i];
            outputShape[outRank++] = count[i];
        }
        effectiveRank = eff;
        shrunkAxes = sMask;
        return outRank;
    }

    /// <summary>Elements from a start to an end <paramref name="span"/> away by <paramref name="stride"/> (TFLite's shape formula).</summary>
    private static int SliceCount(long span, int stride)
    {
        if ((span < 0) != (stride < 0)) return 0;
        long c = stride < 0 ? (span + 1) / stride + 1 : span == 0 ? 0 : (span - 1) / stride + 1;
        if (c > int.MaxValue) throw new ArgumentException("slice dimension overflows int32");
        return (int)c;
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
