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
        ReadOnlySpan<int> bias, Span<sbyte> output) =>
        Run<DoubleRoundingRequantizer>(p, input, filter, bias, output, perChannel: false);

    /// <summary>Per-channel (symmetric filter, WeightsOffset ignored): acc = sum filter * (input + InputOffset) + bias; per-channel requantization.</summary>
    public static void RunPerChannel(in QuantizedFullyConnectedParams p, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output) =>
        Run<DoubleRoundingRequantizer>(p, input, filter, bias, output, perChannel: true);

    /// <summary>
    /// The int8 fully connected loop with the output stage <typeparamref name="TRequantizer"/>: per tensor (filter +
    /// WeightsOffset) or per channel (WeightsOffset ignored, PerChannelMultiplier/Shift[oc]).
    /// </summary>
    internal static void Run<TRequantizer>(in QuantizedFullyConnectedParams p, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output, bool perChannel) where TRequantizer : struct, IRequantizer =>
        Run<TRequantizer>(p, input, filter, bias, output, perChannel, 0, p.OutputDepth);

    /// <summary>Output units [<paramref name="outStart"/>, <paramref name="outEnd"/>) of every batch (a thread's share; each unit computed as in the whole call).</summary>
    internal static void Run<TRequantizer>(in QuantizedFullyConnectedParams p, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output, bool perChannel, int outStart, int outEnd) where TRequantizer : struct, IRequantizer
    {
        QuantizedChecks.FullyConnected(p, input.Length, filter.Length, bias.Length, output.Length, perChannel);
        CheckOutputRange(p, outStart, outEnd);
        int depth = p.AccumDepth, outD = p.OutputDepth;
        int weightsOffset = perChannel ? 0 : p.WeightsOffset;
        for (int b = 0; b < p.Batches; b++)
        for (int oc = outStart; oc < outEnd; oc++)
        {
            int acc = 0;
            for (int d = 0; d < depth; d++)
                acc = unchecked(acc + (filter[oc * depth + d] + weightsOffset) * (input[b * depth + d] + p.InputOffset));
            if (!bias.IsEmpty) acc = unchecked(acc + bias[oc]);
            int m = perChannel ? p.PerChannelMultiplier![oc] : p.OutputMultiplier;
            int s = perChannel ? p.PerChannelShift![oc] : p.OutputShift;
            output[b * outD + oc] = (sbyte)TRequantizer.Requantize(acc, m, s, p.OutputOffset, p.ActivationMin, p.ActivationMax);
        }
    }

    /// <summary>Throws unless [<paramref name="outStart"/>, <paramref name="outEnd"/>) is a range of the output units.</summary>
    internal static void CheckOutputRange(in QuantizedFullyConnectedParams p, int outStart, int outEnd)
    {
        if (outStart < 0 || outEnd > p.OutputDepth || outStart > outEnd)
            throw new ArgumentOutOfRangeException(nameof(outStart), $"output units [{outStart}, {outEnd}) of {p.OutputDepth}");
    }
}
