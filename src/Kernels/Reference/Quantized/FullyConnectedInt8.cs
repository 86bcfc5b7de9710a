using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>FULLY_CONNECTED with int8 activations and weights, int32 bias (TFLite reference_integer_ops::FullyConnected[PerChannel]).</summary>
public static class FullyConnectedInt8
{
    /// <summary>
    /// Per-tensor: acc = sum (filter + WeightsOffset) * (input + InputOffset) + bias,
    /// MultiplyByQuantizedMultiplier(OutputMultiplier, OutputShift), + OutputOffset, clamp.
    /// </summary>
    public static void Run(in QuantizedFullyConnectedParams p, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output)
    {
        QuantizedChecks.FullyConnected(p, input.Length, filter.Length, bias.Length, output.Length, perChannel: false);
        int depth = p.AccumDepth, outD = p.OutputDepth;
        for (int b = 0; b < p.Batches; b++)
        for (int oc = 0; oc < outD; oc++)
        {
            int acc = 0;
            for (int d = 0; d < depth; d++)
                acc = unchecked(acc + (filter[oc * depth + d] + p.WeightsOffset) * (input[b * depth + d] + p.InputOffset));
            if (!bias.IsEmpty) acc = unchecked(acc + bias[oc]);
            output[b * outD + oc] = (sbyte)QuantizedMath.Requantize(acc, p.OutputMultiplier, p.OutputShift, p.OutputOffset,
                p.ActivationMin, p.ActivationMax);
        }
    }

    /// <summary>Per-channel (symmetric filter, WeightsOffset ignored): acc = sum filter * (input + InputOffset) + bias; per-channel requantization.</summary>
    public static void RunPerChannel(in QuantizedFullyConnectedParams p, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output)
    {
        QuantizedChecks.FullyConnected(p, input.Length, filter.Length, bias.Length, output.Length, perChannel: true);
        int[] multipliers = p.PerChannelMultiplier!;
        int[] shifts = p.PerChannelShift!;
        int depth = p.AccumDepth, outD = p.OutputDepth;
        for (int b = 0; b < p.Batches; b++)
        for (int oc = 0; oc < outD; oc++)
        {
            int acc = 0;
            for (int d = 0; d < depth; d++)
                acc = unchecked(acc + filter[oc * depth + d] * (input[b * depth + d] + p.InputOffset));
            if (!bias.IsEmpty) acc = unchecked(acc + bias[oc]);
            output[b * outD + oc] = (sbyte)QuantizedMath.Requantize(acc, multipliers[oc], shifts[oc], p.OutputOffset,
                p.ActivationMin, p.ActivationMax);
        }
    }
}
