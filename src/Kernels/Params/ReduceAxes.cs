namespace ManagedLite.Kernels.Params;

/// <summary>Resolution of a reduction's axis list (negative axes wrap, duplicates ignored) and its output shape.</summary>
public static class ReduceAxes
{
    /// <summary>Marks the reduced dimensions of a rank-<paramref name="rank"/> input; throws for an axis outside [-rank, rank).</summary>
    public static bool[] Resolve(ReadOnlySpan<int> axes, int rank)
    {
        var reduced = new bool[rank];
        foreach (int axis in axes)
        {
            int a = axis < 0 ? axis + rank : axis;
            if (a < 0 || a >= rank) throw new ArgumentOutOfRangeException(nameof(axes), $"axis {axis} is out of range for rank {rank}");
            reduced[a] = true;
        }
        return reduced;
    }

    /// <summary>Output shape: reduced dimensions become 1 with <paramref name="keepDims"/>, otherwise they are removed.</summary>
    public static int[] OutputShape(ReadOnlySpan<int> inputShape, ReadOnlySpan<bool> reduced, bool keepDims)
    {
        var shape = new List<int>(inputShape.Length);
        for (int i = 0; i < inputShape.Length; i++)
        {
            if (!reduced[i]) shape.Add(inputShape[i]);
            else if (keepDims) shape.Add(1);
        }
        return shape.ToArray();
    }
}
