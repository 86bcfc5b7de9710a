using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// TRANSPOSE_CONV, int8 activations, per-channel int8 filter [OutputDepth, FilterHeight, FilterWidth, InputDepth],
/// int32 bias (TFLite reference_integer_ops::TransposeConv): scatter (input + InputOffset) * filter into an int32
/// scratch of the output's size, then add bias, requantize per channel, add OutputOffset and clamp.
/// </summary>
public static class TransposeConvInt8
{
    /// <summary>
    /// <paramref name="scratch"/> must hold Batches*OutputHeight*OutputWidth*OutputDepth int32 values (it is
    /// cleared here). <paramref name="bias"/> may be empty.
    /// </summary>
    public static void Run(in QuantizedConvParams p, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output, Span<int> scratch)
    {
        QuantizedChecks.Conv(p, input.Length, filter.Length, bias.Length, output.Length, perChannel: true, transpose: true);
        int inH = p.InputHeight, inW = p.InputWidth, inD = p.InputDepth;
        int fH = p.FilterHeight, fW = p.FilterWidth;
        int outH = p.OutputHeight, outW = p.OutputWidth, outD = p.OutputDepth;
        int outputSize = p.Batches * outH * outW * outD;
        if (scratch.Length < outputSize) throw new ArgumentException($"scratch has {scratch.Length} elements, expected {outputSize}");
        scratch = scratch[..outputSize];
        scratch.Clear();

        for (int b = 0; b < p.Batches; b++)
        for (int iy = 0; iy < inH; iy++)
        for (int ix = 0; ix < inW; ix++)
        for (int ic = 0; ic < inD; ic++)
        {
            int outXOrigin = ix * p.StrideWidth - p.PadWidth;
            int outYOrigin = iy * p.StrideHeight - p.PadHeight;
            int inputValue = input[((b * inH + iy) * inW + ix) * inD + ic] + p.InputOffset;
            for (int fy = 0; fy < fH; fy++)
            for (int fx = 0; fx < fW; fx++)
            for (int oc = 0; oc < outD; oc++)
            {
                int ox = outXOrigin + fx, oy = outYOrigin + fy;
                if (ox < 0 || ox >= outW || oy < 0 || oy >= outH) continue;
                int o = ((b * outH + oy) * outW + ox) * outD + oc;
                scratch[o] = unchecked(scratch[o] + inputValue * filter[((oc * fH + fy) * fW + fx) * inD + ic]);
            }
        }

        int[] multipliers = p.PerChannelMultiplier!;
        int[] shifts = p.PerChannelShift!;
        for (int i = 0; i < outputSize; i++)
        {
            int oc = i % outD;
            int acc = scratch[i];
            if (!bias.IsEmpty) acc = unchecked(acc + bias[oc]);
            output[i] = (sbyte)QuantizedMath.Requantize(acc, multipliers[oc], shifts[oc], p.OutputOffset, p.ActivationMin, p.ActivationMax);
        }
    }
}
