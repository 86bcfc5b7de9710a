namespace ManagedLite.Kernels.Reference;

/// <summary>
/// SPLIT / SPLIT_V (TFLite <c>reference_ops::Split</c>), one output at a time: seen around the axis the input is
/// [outer, inputBlock] and output <c>k</c> is [outer, outputBlock], taken from column <c>offset</c>.
/// </summary>
public static class Split
{
    // input: [outer, inputBlock]; output: [outer, outputBlock]
    public static void CopyOutput<T>(ReadOnlySpan<T> input, int outer, int inputBlock, int outputBlock, int offset,
                                     Span<T> output) where T : unmanaged
    {
        Validate(input.Length, outer, inputBlock, outputBlock, offset, output.Length);
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < outputBlock; j++)
                output[o * outputBlock + j] = input[o * inputBlock + offset + j];
    }

    internal static void Validate(int inputLength, int outer, int inputBlock, int outputBlock, int offset, int outputLength)
    {
        if (outer < 0 || outputBlock < 0 || offset < 0 || (long)offset + outputBlock > inputBlock)
            throw new ArgumentException($"block of {outputBlock} at offset {offset} does not fit an input block of {inputBlock}");
        ShapeMath.CheckLength(inputLength, checked(outer * inputBlock), "input");
        ShapeMath.CheckLength(outputLength, checked(outer * outputBlock), "output");
    }
}
