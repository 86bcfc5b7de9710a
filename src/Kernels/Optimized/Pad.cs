namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// PAD as block fills and block copies: trailing unpadded dimensions are merged into rows, then each row
/// is written as left fill + <see cref="Span{T}.CopyTo"/> + right fill. Exact (pure data movement).
/// </summary>
public static class Pad
{
    public static void Run<T>(ReadOnlySpan<int> inputShape, ReadOnlySpan<T> input,
                              ReadOnlySpan<int> leftPad, ReadOnlySpan<int> rightPad, T padValue, Span<T> output)
        where T : unmanaged => RunPart(inputShape, input, leftPad, rightPad, padValue, output, 0, 1);

    /// <summary>
    /// Rows (entries of the outermost dimension once unpadded inner dimensions are merged, see <see cref="Run{T}"/>) that
    /// tasks can split; 1 for a rank-0 tensor.
    /// </summary>
    public static int OuterUnits(ReadOnlySpan<int> inputShape, ReadOnlySpan<int> leftPad, ReadOnlySpan<int> rightPad)
    {
        if (inputShape.Length == 0) return 1;
        long units = inputShape[0];
        for (int d = 1; d < inputShape.Length && leftPad[d] == 0 && rightPad[d] == 0; d++) units *= inputShape[d];
        return (int)Math.Min(units, int.MaxValue);
    }

    /// <summary>
    /// Part <paramref name="task"/> of <paramref name="tasks"/> of <see cref="Run{T}"/>: an even share of the outermost
    /// merged dimension's rows (task 0 also writes the leading pad block, the last task the trailing one). Disjoint
    /// parts may run at once on different threads; together they write exactly what <see cref="Run{T}"/> writes.
    /// </summary>
    public static void RunPart<T>(ReadOnlySpan<int> inputShape, ReadOnlySpan<T> input,
                                  ReadOnlySpan<int> leftPad, ReadOnlySpan<int> rightPad, T padValue, Span<T> output, int task, int tasks)
        where T : unmanaged
    {
        if (tasks < 1 || task < 0 || task >= tasks) throw new ArgumentOutOfRangeException(nameof(task), $"task {task} of {tasks}");
        int rank = inputShape.Length;
        Span<int> outShape = stackalloc int[rank];
        Reference.Pad.Validate(inputShape, input.Length, leftPad, rightPad, output.Length, outShape);
        if (rank == 0) { if (task == 0) output[0] = input[0]; return; }
        if (output.Length == 0) return;
        if (input.Length == 0) { if (task == 0) output.Fill(padValue); return; }

        // Merge dimension d+1 into d while d+1 is unpadded: [.., a, b] with pads (l,r),(0,0) -> [.., a*b] pads (l*b, r*b).
        Span<int> dims = stackalloc int[rank];
        Span<int> left = stackalloc int[rank];
        Span<int> right = stackalloc int[rank];
        int n = 0;
        for (int d = 0; d < rank; d++)
        {
            if (n > 0 && leftPad[d] == 0 && rightPad[d] == 0)
            {
                dims[n - 1] *= inputShape[d];
                left[n - 1] *= inputShape[d];
                right[n - 1] *= inputShape[d];
            }
            else
            {
                dims[n] = inputShape[d];
                left[n] = leftPad[d];
                right[n] = rightPad[d];
                n++;
            }
        }
        dims = dims[..n]; left = left[..n]; right = right[..n];

        // Output elements per step of each merged dimension.
        Span<int> outBlock = stackalloc int[n];
        Span<int> inBlock = stackalloc int[n];
        int ob = 1, ib = 1;
        for (int d = n - 1; d >= 0; d--)
        {
            outBlock[d] = ob;
            inBlock[d] = ib;
            ob *= dims[d] + left[d] + right[d];
            ib *= dims[d];
        }
        if (tasks == 1)
        {
            PadDim(0, dims, left, right, outBlock, inBlock, input, output, padValue);
            return;
        }
        // The outermost dimension by hand: rows [start, end) of it for this task.
        int lead = left[0] * outBlock[0], body = dims[0] * outBlock[0];
        int start = (int)((long)dims[0] * task / tasks), end = (int)((long)dims[0] * (task + 1) / tasks);
        if (task == 0) output[..lead].Fill(padValue);
        if (n == 1) input[start..end].CopyTo(output.Slice(lead + start, end - start));
        else
        {
            for (int i = start; i < end; i++)
                PadDim(1, dims, left, right, outBlock, inBlock, input.Slice(i * inBlock[0], inBlock[0]), output.Slice(lead + i * outBlock[0], outBlock[0]), padValue);
        }
        if (task == tasks - 1) output.Slice(lead + body, right[0] * outBlock[0]).Fill(padValue);
    }

    private static void PadDim<T>(int d, ReadOnlySpan<int> dims, ReadOnlySpan<int> left, ReadOnlySpan<int> right,
                                  ReadOnlySpan<int> outBlock, ReadOnlySpan<int> inBlock,
                                  ReadOnlySpan<T> input, Span<T> output, T padValue) where T : unmanaged
    {
        int lead = left[d] * outBlock[d];
        int tail = right[d] * outBlock[d];
        output[..lead].Fill(padValue);
        int body = dims[d] * outBlock[d];
        if (d == dims.Length - 1)
        {
            input[..dims[d]].CopyTo(output.Slice(lead, body));
        }
        else
        {
            for (int i = 0; i < dims[d]; i++)
                PadDim(d + 1, dims, left, right, outBlock, inBlock,
                       input.Slice(i * inBlock[d], inBlock[d]), output.Slice(lead + i * outBlock[d], outBlock[d]), padValue);
        }
        output.Slice(lead + body, tail).Fill(padValue);
    }
}
