namespace ManagedLite.Kernels.Optimized;

/// <summary>CONCATENATION as one <see cref="Span{T}.CopyTo"/> per outer row. Exact.</summary>
public static class Concatenation
{
    public static void CopyInput<T>(ReadOnlySpan<T> input, int outer, int inputBlock, int outputBlock, int offset,
                                    Span<T> output) where T : unmanaged
    {
        Reference.Concatenation.Validate(input.Length, outer, inputBlock, outputBlock, offset, output.Length);
        if (inputBlock == outputBlock)
        {
            input.CopyTo(output);
            return;
        }
        for (int o = 0; o < outer; o++)
            input.Slice(o * inputBlock, inputBlock).CopyTo(output.Slice(o * outputBlock + offset, inputBlock));
    }
}
