using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// FULLY_CONNECTED with int16 activations (zero point 0) and int8 weights (TFLite
/// reference_integer_ops::FullyConnected[PerChannel]&lt;AccumScalar&gt;): int64 bias uses an int64 accumulator
/// and the int64 requantization; int32 bias an int32 accumulator and the int32 requantization.
/// </summary>
public static class FullyConnectedInt16x8
{
    /// <summary>Per-tensor, int64 bias: acc = sum (filter + WeightsOffset) * input + bias.</summary>
    public static void Run(in QuantizedFullyConnectedParams p, ReadOnlySpan<short> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<long> bias, Span<short> output)
    {
        QuantizedChecks.FullyConnected(p, input.Length, filter.Length, bias.Length, output.Length, perChannel: false);
        int depth = p.AccumDepth, outD = p.OutputDepth;
        for (int b = 0; b < p.Batches; b++)
        for (int oc = 0; oc < outD; oc++)
        {
            long acc = 0;
            for (int d = 0; d < depth; d++)
                acc += (filter[oc * depth + d] + p.WeightsOffset) * input[b * depth + d];
            if (!bias.IsEmpty) acc += bias[oc];
            output[b * outD + oc] = (short)QuantizedMath.Requantize(acc, p.OutputMultiplier, p.OutputShift, p.ActivationMin, p.ActivationMax);
        }
    }

    /// <summary>Per-tensor, int32 bias: int32 accumulator, int32 requantization.</summary>
    public static void Run(in QuantizedFullyConnectedParams p, ReadOnlySpan<short> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<short> output)
    {
        QuantizedChecks.FullyConnected(p, input.Length, filter.Length, bias.Length, output.Length, perChannel: false);
        int depth = p.AccumDepth, outD = p.OutputDepth;
        for (int b = 0; b < p.Batches; b++)
        for (int oc = 0; oc < outD; oc++)
        {
            int acc = 0;
            for (int d = 0; d < depth; d++)
                acc = unchecked(acc + (filter[oc * depth + d] + p.WeightsOffset) * input[b * depth + d]);
            if (!bias.IsEmpty) acc = unchecked(acc + bias[oc]);
            int v = QuantizedMath.MultiplyByQuantizedMultiplier(acc, p.OutputMultiplier, p.OutputShift);
            output[b * outD + oc] = (short)Math.Min(Math.Max(v, p.ActivationMin), p.ActivationMax);
        }
    }

    /// <summary>Per-channel, int64 bias.</summary>
    public static void RunPerChannel(in QuantizedFullyConnectedParams p, ReadOnlySpan<short> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<long> bias, Span<short> output)
    {
        QuantizedChecks.FullyConnected(p, input.Length, filter.Length, bias.Length, output.Length, perChannel: true);
        int[] multipliers = p.PerChannelMultiplier!;
        int[] shifts = p.PerChannelShift!;
        int depth = p.AccumDepth, outD = p.OutputDepth;
        for (int b = 0; b < p.Batches; b++)
        for (int oc = 0; oc < outD; oc++)
        {
            long acc = 0;
            for (int d = 0; d < depth; d++)
                acc += filter[oc * depth + d] * input[b * depth + d];
            if (!bias.IsEmpty) acc += bias[oc];
            output[b * outD + oc] = (short)QuantizedMath.Requantize(acc, multipliers[oc], shifts[oc], p.ActivationMin, p.ActivationMax);
        }
    }

    /// <summary>Per-channel, int32 bias.</summary>
    public static void RunPerChannel(in QuantizedFullyConnectedParams p, ReadOnlySpan<short> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<short> output)
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
                acc = unchecked(acc + filter[oc * depth + d] * input[b * depth + d]);
            if (!bias.IsEmpty) acc = unchecked(acc + bias[oc]);
            int v = QuantizedMath.MultiplyByQuantizedMultiplier(acc, multipliers[oc], shifts[oc]);
            output[b * outD + oc] = (short)Math.Min(Math.Max(v, p.ActivationMin), p.ActivationMax);
        }
    }
}
