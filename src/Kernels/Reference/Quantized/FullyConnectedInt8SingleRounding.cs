using ManagedLite.Kernels.Params;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// FULLY_CONNECTED int8 as native TFLite evaluates it: the same int32 accumulation as
/// <see cref="FullyConnectedInt8"/>, but the requantization rounds once, as TFLite's cpu_backend_gemm (ruy) output
/// stage does: <c>(acc * multiplier + 2^(30 - shift)) &gt;&gt; (31 - shift)</c> (ties toward +infinity), where
/// reference_integer_ops (and TFLite Micro) round twice (SaturatingRoundingDoublingHighMul, then
/// RoundingDivideByPOT). The two differ by one unit when the exact value lies just below a half; this is the
/// variant that reproduces TFLite's own outputs on mobilenet_v2_quantized and dtln_noise_suppression.
/// </summary>
public static class FullyConnectedInt8SingleRounding
{
    /// <summary>Per tensor: acc = sum (filter + WeightsOffset) * (input + InputOffset) + bias.</summary>
    public static void Run(in QuantizedFullyConnectedParams p, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output)
    {
        QuantizedChecks.FullyConnected(p, input.Length, filter.Length, bias.Length, output.Length, perChannel: false);
        Compute(p, input, filter, bias, output, perChannel: false);
    }

    /// <summary>Per channel (WeightsOffset ignored): acc = sum filter * (input + InputOffset) + bias.</summary>
    public static void RunPerChannel(in QuantizedFullyConnectedParams p, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output)
    {
        QuantizedChecks.FullyConnected(p, input.Length, filter.Length, bias.Length, output.Length, perChannel: true);
        Compute(p, input, filter, bias, output, perChannel: true);
    }

    private static void Compute(in QuantizedFullyConnectedParams p, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output, bool perChannel)
    {
        int depth = p.AccumDepth, outD = p.OutputDepth;
        int weightsOffset = perChannel ? 0 : p.WeightsOffset;
        for (int b = 0; b < p.Batches; b++)
        for (int oc = 0; oc < outD; oc++)
        {
            int acc = 0;
            for (int d = 0; d < depth; d++)
                acc = unchecked(acc + (filter[oc * depth + d] + weightsOffset) * (input[b * depth + d] + p.InputOffset));
            if (!bias.IsEmpty) acc = unchecked(acc + bias[oc]);
            int m = perChannel ? p.PerChannelMultiplier![oc] : p.OutputMultiplier;
            int s = perChannel ? p.PerChannelShift![oc] : p.OutputShift;
            output[b * outD + oc] = (sbyte)Requantize(acc, m, s, p.OutputOffset, p.ActivationMin, p.ActivationMax);
        }
    }

    /// <summary>round(acc * multiplier * 2^(shift - 31)) with one rounding (ties up), + offset, clamped.</summary>
    public static int Requantize(int acc, int multiplier, int shift, int outputOffset, int activationMin, int activationMax)
    {
        int totalShift = 31 - shift;
        long v;
        if (totalShift <= 0) v = (long)acc * multiplier << -totalShift;
        else v = ((long)acc * multiplier + (1L << (totalShift - 1))) >> totalShift;
        v = Math.Clamp(v, int.MinValue, int.MaxValue) + outputOffset;
        return (int)Math.Clamp(v, activationMin, activationMax);
    }
}
