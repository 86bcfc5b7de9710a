namespace ManagedLite.Kernels.Reference;

/// <summary>
/// CONCATENATION (TFLite <c>reference_ops::Concatenation</c>), one input at a time. Seen around the axis,
/// every tensor is [outer, block]: an input's block is (its axis size x inner size), the output's block is
/// (sum of axis sizes x inner size). Input <c>k</c> lands at column <c>offset</c> = sum of the earlier blocks.
/// </summary>
public static class Concatenation
{
    // input: [outer, inputBlock]; output: [outer, outputBlock]
    public static void CopyInput<T>(ReadOnlySpan<T> input, int outer, int inputBlock, int outputBlock, int offset,
                                    Span<T> output) where T : unmanaged
    {
        Validate(input.Length, outer, inputBlock, outputBlock, offset, output.Length);
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < inputBlock; j++)
                output[o * outputBlock + offset + j] = input[o * inputBlock + j];
    }

    /// <summary>
    /// uint8 input with a quantization other than the output's (TFLite's ConcatenationWithScaling):
    /// q_out = clamp(round(q_in * s + b) + zp_out, 0, 255), s = in_scale * (1 / out_scale), b = -zp_in * s.
    /// </summary>
    public static void CopyInputRequantized(ReadOnlySpan<byte> input, int outer, int inputBlock, int outputBlock, int offset,
                                            float inputScale, int inputZeroPoint, float outputScale, int outputZeroPoint,
                                            Span<byte> output)
    {
        Validate(input.Length, outer, inputBlock, outputBlock, offset, output.Length);
        if (inputScale == outputScale && inputZeroPoint == outputZeroPoint)
        {
            CopyInput(input, outer, inputBlock, outputBlock, offset, output);
            return;
        }
        float inverseOutputScale = 1f / outputScale;
        float scale = inputScale * inverseOutputScale;
        float bias = -inputZeroPoint * scale;
        for (int o = 0; o < outer; o++)
        {
            for (int j = 0; j < inputBlock; j++)
            {
                int value = (int)MathF.Round(input[o * inputBlock + j] * scale + bias, MidpointRounding.AwayFromZero) + outputZeroPoint;
                output[o * outputBlock + offset + j] = (byte)Math.Clamp(value, 0, 255);
            }
        }
    }

    /// <summary>Fused activation of a float concatenation: x = min(max(x, lo), hi), NaN passes through (std::min/max order).</summary>
    public static void ApplyActivation(Span<float> data, float min, float max)
    {
        for (int i = 0; i < data.Length; i++)
        {
            float x = data[i];
            x = x < min ? min : x;
            data[i] = max < x ? max : x;
        }
    }

    internal static void Validate(int inputLength, int outer, int inputBlock, int outputBlock, int offset, int outputLength)
    {
        if (outer < 0 || inputBlock < 0 || offset < 0 || (long)offset + inputBlock > outputBlock)
            throw new ArgumentException($"block of {inputBlock} at offset {offset} does not fit an output block of {outputBlock}");
        ShapeMath.CheckLength(inputLength, checked(outer * inputBlock), "input");
        ShapeMath.CheckLength(outputLength, checked(outer * outputBlock), "output");
    }
}
