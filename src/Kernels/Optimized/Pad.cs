namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// PAD as block fills and block copies: trailing unpadded dimensions are merged into rows, then each row
/// is written as left fill + <see cref="Span{T}.CopyTo"/> + right fill. Exact (pure data movement).
/// </summary>
public static class Pad
{
    public static void Run<T>(ReadOnlySpan<int> inputShape, ReadOnlySpan<T> input,
                              ReadOnlySpan<int> leftPad, ReadOnlySpan<int> rightPad, T padValue, Span<T> output)
        where T : unmanaged
    {
        int rank = inputShape.Length;
        Span<int> outShape = stackalloc int[rank];
        Reference.Pad.Validate(inputShape, input.Length, leftPad, rightPad, output.Length, outShape);
        if (rank == 0) { output[0] = input[0]; return; }
        if (output.Length == 0) return;
        if (input.Length == 0) { output.Fill(padValue); return; }

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
        PadDim(0, dims, left, right, outBlock, inBlock, input, output, padValue);
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
