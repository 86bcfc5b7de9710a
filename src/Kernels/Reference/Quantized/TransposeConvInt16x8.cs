using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// TRANSPOSE_CONV, int16 activations (zero point 0), per-channel int8 filter, int64 bias, int64 scratch
/// accumulator and the int64 requantization (TFLite reference_integer_ops::TransposeConv&lt;int64_t&gt;).
/// </summary>
public static class TransposeConvInt16x8
{
    /// <summary><paramref name="scratch"/> must hold the output's element count (cleared here); <paramref name="bias"/> may be empty.</summary>
    public static void Run(in QuantizedConvParams p, ReadOnlySpan<short> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<long> bias, Span<short> output, Span<long> scratch)
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
            int inputValue = input[((b * inH + iy) * inW + ix) * inD + ic];
            for (int fy = 0; fy < fH; fy++)
            for (int fx = 0; fx < fW; fx++)
            for (int oc = 0; oc < outD; oc++)
            {
                int ox = outXOrigin + fx, oy = outYOrigin + fy;
                if (ox < 0 || ox >= outW || oy < 0 || oy >= outH) continue;
                scratch[((b * outH + oy) * outW + ox) * outD + oc] += inputValue * filter[((oc * fH + fy) * fW + fx) * inD + ic];
            }
        }

        int[] multipliers = p.PerChannelMultiplier!;
        int[] shifts = p.PerChannelShift!;
        for (int i = 0; i < outputSize; i++)
        {
            int oc = i % outD;
            long acc = scratch[i];
            if (!bias.IsEmpty) acc += bias[oc];
            output[i] = (short)QuantizedMath.Requantize(acc, multipliers[oc], shifts[oc], p.ActivationMin, p.ActivationMax);
        }
    }
}
