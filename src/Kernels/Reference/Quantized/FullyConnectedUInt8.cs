using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>FULLY_CONNECTED, legacy uint8 per-tensor (TFLite reference_ops::FullyConnected for uint8 output).</summary>
public static class FullyConnectedUInt8
{
    /// <summary>acc = sum (filter + WeightsOffset) * (input + InputOffset) + bias; per-tensor requantization + OutputOffset; clamp.</summary>
    public static void Run(in QuantizedFullyConnectedParams p, ReadOnlySpan<byte> input, ReadOnlySpan<byte> filter,
        ReadOnlySpan<int> bias, Span<byte> output) =>
        Run(p, input, filter, bias, output, 0, p.OutputDepth);

    /// <summary>Output units [<paramref name="outStart"/>, <paramref name="outEnd"/>) of every batch (a thread's share; each unit computed as in the whole call).</summary>
    internal static void Run(in QuantizedFullyConnectedParams p, ReadOnlySpan<byte> input, ReadOnlySpan<byte> filter,
        ReadOnlySpan<int> bias, Span<byte> output, int outStart, int outEnd)
    {
        QuantizedChecks.FullyConnected(p, input.Length, filter.Length, bias.Length, output.Length, perChannel: false);
        FullyConnectedInt8.CheckOutputRange(p, outStart, outEnd);
        int depth = p.AccumDepth, outD = p.OutputDepth;
        for (int b = 0; b < p.Batches; b++)
        for (int oc = outStart; oc < outEnd; oc++)
        {
            int acc = 0;
            for (int d = 0; d < depth; d++)
                acc = unchecked(acc + (filter[oc * depth + d] + p.WeightsOffset) * (input[b * depth + d] + p.InputOffset));
            if (!bias.IsEmpty) acc = unchecked(acc + bias[oc]);
            output[b * outD + oc] = (byte)QuantizedMath.Requantize(acc, p.OutputMultiplier, p.OutputShift, p.OutputOffset,
                p.ActivationMin, p.ActivationMax);
        }
    }
}
