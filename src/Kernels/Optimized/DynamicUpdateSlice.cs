namespace ManagedLite.Kernels.Optimized;

/// <summary>DYNAMIC_UPDATE_SLICE with one <see cref="Span{T}.CopyTo"/> per innermost update row. Exact; same contract as the reference.</summary>
public static class DynamicUpdateSlice
{
    public static void Run<T>(ReadOnlySpan<int> operandShape, ReadOnlySpan<T> operand, ReadOnlySpan<int> updateShape,
                              ReadOnlySpan<T> update, ReadOnlySpan<long> start, Span<T> output) where T : unmanaged
    {
        int rank = operandShape.Length;
        Span<int> begin = stackalloc int[rank];
        Reference.DynamicUpdateSlice.ClampStart(operandShape, updateShape, start, begin);
        int n = ShapeMath.FlatSize(operandShape, "operand shape");
        ShapeMath.CheckLength(operand.Length, n, "operand");
        ShapeMath.CheckLength(output.Length, n, "output");
        ShapeMath.CheckLength(update.Length, ShapeMath.FlatSize(updateShape, "update shape"), "update");
        if (!operand.Overlaps(output)) operand.CopyTo(output);
        if (update.Length == 0) return;
        if (rank == 0)
        {
            output[0] = update[0];
            return;
        }
        Span<int> strides = stackalloc int[rank];
        ShapeMath.Strides(operandShape, strides);
        int row = updateShape[rank - 1];
        int rows = update.Length / row;
        Span<int> coord = stackalloc int[rank];   // over the update's outer dimensions
        for (int r = 0; r < rows; r++)
        {
            int o = begin[rank - 1];
            for (int d = 0; d < rank - 1; d++) o += (begin[d] + coord[d]) * strides[d];
            update.Slice(r * row, row).CopyTo(output.Slice(o, row));
            for (int d = rank - 2; d >= 0; d--)
            {
                if (++coord[d] < updateShape[d]) break;
                coord[d] = 0;
            }
        }
    }
}
