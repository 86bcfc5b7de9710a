using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// FULLY_CONNECTED with int16 activations (zero point 0) and int8 weights, as native TFLite evaluates it: an int64
/// accumulator (sum (filter + WeightsOffset) * input, plus the bias) requantized with one rounding of the exact product
/// with the Q31 multiplier (<see cref="QuantizedMath.MultiplyByQuantizedMultiplierSingleRounding"/>), then clamped.
/// reference_integer_ops' template (reduced Q15 multiplier) differs from native on about 1.5% of outputs; this variant
/// matches tflite_run on every output measured (per tensor, per channel, sums beyond int32).
/// An int32 bias is added to the same int64 accumulator (native TFLite reads an int32 bias of this operator as int64
/// and gives saturated outputs, so there is nothing there to match bit for bit).
/// </summary>
public static class FullyConnectedInt16x8
{
    /// <summary>Per-tensor, int64 bias: acc = sum (filter + WeightsOffset) * input + bias.</summary>
    public static void Run(in QuantizedFullyConnectedParams p, ReadOnlySpan<short> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<long> bias, Span<short> output)
    {
        QuantizedChecks.FullyConnected(p, input.Length, filter.Length, bias.Length, output.Length, perChannel: false);
        Run(p, input, filter, bias, default, output, perChannel: false);
    }

    /// <summary>Per-tensor, int32 bias.</summary>
    public static void Run(in QuantizedFullyConnectedParams p, ReadOnlySpan<short> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<short> output)
    {
        QuantizedChecks.FullyConnected(p, input.Length, filter.Length, bias.Length, output.Length, perChannel: false);
        Run(p, input, filter, default, bias, output, perChannel: false);
    }

    /// <summary>Per-channel (WeightsOffset ignored), int64 bias.</summary>
    public static void RunPerChannel(in QuantizedFullyConnectedParams p, ReadOnlySpan<short> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<long> bias, Span<short> output)
    {
        QuantizedChecks.FullyConnected(p, input.Length, filter.Length, bias.Length, output.Length, perChannel: true);
        Run(p, input, filter, bias, default, output, perChannel: true);
    }

    /// <summary>Per-channel, int32 bias.</summary>
    public static void RunPerChannel(in QuantizedFullyConnectedParams p, ReadOnlySpan<short> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<short> output)
    {
        QuantizedChecks.FullyConnected(p, input.Length, filter.Length, bias.Length, output.Length, perChannel: true);
        Run(p, input, filter, default, bias, output, perChannel: true);
    }

    /// <summary>Requantizes one finished int64 accumulator (bias included) of output channel <paramref name="oc"/>.</summary>
    public static short Requantize(in QuantizedFullyConnectedParams p, long acc, int oc, bool perChannel)
    {
        int multiplier = perChannel ? p.PerChannelMultiplier![oc] : p.OutputMultiplier;
        int shift = perChannel ? p.PerChannelShift![oc] : p.OutputShift;
        long v = QuantizedMath.MultiplyByQuantizedMultiplierSingleRounding(acc, multiplier, shift);
        return (short)Math.Min(Math.Max(v, p.ActivationMin), p.ActivationMax);
    }

    private static void Run(in QuantizedFullyConnectedParams p, ReadOnlySpan<short> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<long> bias64, ReadOnlySpan<int> bias32, Span<short> output, bool perChannel)
    {
        int depth = p.AccumDepth, outD = p.OutputDepth;
        int weightsOffset = perChannel ? 0 : p.WeightsOffset;
        for (int b = 0; b < p.Batches; b++)
        for (int oc = 0; oc < outD; oc++)
        {
            long acc = 0;
            for (int d = 0; d < depth; d++)
                acc += (filter[oc * depth + d] + weightsOffset) * input[b * depth + d];
            if (!bias64.IsEmpty) acc += bias64[oc];
            else if (!bias32.IsEmpty) acc += bias32[oc];
            output[b * outD + oc] = Requantize(p, acc, oc, perChannel);
        }
    }
}
