namespace ManagedLite.Kernels.Reference;

/// <summary>
/// DYNAMIC_UPDATE_SLICE (TFLite <c>dynamic_update_slice.cc</c>): a copy of the operand with the update written at
/// <c>start</c>; each start index is first clamped to [0, operand[d] - update[d]] (so the update always fits).
/// </summary>
public static class DynamicUpdateSlice
{
    /// <summary>The start indices clamped as TFLite's ClampStartIndices does, into <paramref name="clamped"/>.</summary>
    public static void ClampStart(ReadOnlySpan<int> operandShape, ReadOnlySpan<int> updateShape, ReadOnlySpan<long> start, Span<int> clamped)
    {
        int rank = operandShape.Length;
        if (updateShape.Length != rank || start.Length != rank || clamped.Length != rank)
            throw new ArgumentException($"update, start and clamped must have {rank} entries (operand rank)");
        for (int d = 0; d < rank; d++)
        {
            if (updateShape[d] > operandShape[d])
                throw new ArgumentException($"update dimension {d} ({updateShape[d]}) is larger than the operand's ({operandShape[d]})");
            clamped[d] = (int)Math.Min(Math.Max(0, start[d]), operandShape[d] - updateShape[d]);
        }
    }

    public static void Run<T>(ReadOnlySpan<int> operandShape, ReadOnlySpan<T> operand, ReadOnlySpan<int> updateShape,
                              ReadOnlySpan<T> update, ReadOnlySpan<long> start, Span<T> output) where T : unmanaged
    {
        int rank = operandShape.Length;
        Span<int> begin = stackalloc int[rank];
        ClampStart(operandShape, updateShape, start, begin);
        int n = ShapeMath.FlatSize(operandShape, "operand shape");
        ShapeMath.CheckLength(operand.Length, n, "operand");
        ShapeMath.CheckLength(output.Length, n, "output");
        ShapeMath.CheckLength(update.Length, ShapeMath.FlatSize(updateShape, "update shape"), "update");
        if (!operand.Overlaps(output)) operand.CopyTo(output);
        if (update.Length == 0) return;
        Span<int> strides = stackalloc int[rank];
        ShapeMath.Strides(operandShape, strides);
        Span<int> coord = stackalloc int[rank];
        for (int u = 0; u < update.Length; u++)
        {
            int o = 0;
            for (int d = 0; d < rank; d++) o += (begin[d] + coord[d]) * strides[d];
            output[o] = update[u];
            for (int d = rank - 1; d >= 0; d--)
            {
                if (++coord[d] < updateShape[d]) break;
                coord[d] = 0;
            }
        }
    }
}
