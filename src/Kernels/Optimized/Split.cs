namespace ManagedLite.Kernels.Optimized;

/// <summary>SPLIT / SPLIT_V as one <see cref="Span{T}.CopyTo"/> per outer row. Exact.</summary>
public static class Split
{
    public static void CopyOutput<T>(ReadOnlySpan<T> input, int outer, int inputBlock, int outputBlock, int offset,
                                     Span<T> output) where T : unmanaged
    {
        Reference.Split.Validate(input.Length, outer, inputBlock, outputBlock, offset, output.Length);
        if (inputBlock == outputBlock)
        {
            input.CopyTo(output);
            return;
        }
        for (int o = 0; o < outer; o++)
            input.Slice(o * inputBlock + offset, outputBlock).CopyTo(output.Slice(o * outputBlock, outputBlock));
    }
}
