using System.Buffers;
using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>
/// FULLY_CONNECTED int8 with TFLite's single-rounding output stage, same signatures and bit-exact results as
/// <see cref="Reference.Quantized.FullyConnectedInt8SingleRounding"/>: each input row is widened once to int16
/// (+ InputOffset), each output is one SIMD dot product (exact modulo 2^32, the per-tensor filter offset folded in as
/// WeightsOffset * rowSum), then the reference's requantization.
/// </summary>
public static class FullyConnectedInt8SingleRounding
{
    private const int StackRowLimit = 4096;

    public static void Run(in QuantizedFullyConnectedParams p, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output)
    {
        if (!Int8DotProduct.IsAccelerated || !Int8DotProduct.OffsetFits(p.InputOffset))
        {
            Reference.Quantized.FullyConnectedInt8SingleRounding.Run(p, input, filter, bias, output);
            return;
        }
        QuantizedChecks.FullyConnected(p, input.Length, filter.Length, bias.Length, output.Length, perChannel: false);
        Compute(p, input, filter, bias, output, perChannel: false);
    }

    public static void RunPerChannel(in QuantizedFullyConnectedParams p, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output)
    {
        if (!Int8DotProduct.IsAccelerated || !Int8DotProduct.OffsetFits(p.InputOffset))
        {
            Reference.Quantized.FullyConnectedInt8SingleRounding.RunPerChannel(p, input, filter, bias, output);
            return;
        }
        QuantizedChecks.FullyConnected(p, input.Length, filter.Length, bias.Length, output.Length, perChannel: true);
        Compute(p, input, filter, bias, output, perChannel: true);
    }

    private static void Compute(in QuantizedFullyConnectedParams p, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output, bool perChannel)
    {
        int depth = p.AccumDepth, outD = p.OutputDepth;
        short[]? rented = null;
        Span<short> row = depth <= StackRowLimit ? stackalloc short[StackRowLimit] : (rented = ArrayPool<short>.Shared.Rent(depth));
        row = row[..depth];
        try
        {
            int weightsOffset = perChannel ? 0 : p.WeightsOffset;
            for (int b = 0; b < p.Batches; b++)
            {
                int rowSum = Int8DotProduct.WidenWithOffset(input.Slice(b * depth, depth), p.InputOffset, row);
                int offsetTerm = unchecked(weightsOffset * rowSum);
                ReadOnlySpan<short> x = row;
                for (int oc = 0; oc < outD; oc++)
                {
                    int acc = unchecked(Int8DotProduct.Dot(x, filter.Slice(oc * depth, depth)) + offsetTerm);
                    if (!bias.IsEmpty) acc = unchecked(acc + bias[oc]);
                    int m = perChannel ? p.PerChannelMultiplier![oc] : p.OutputMultiplier;
                    int s = perChannel ? p.PerChannelShift![oc] : p.OutputShift;
                    output[b * outD + oc] = (sbyte)Reference.Quantized.FullyConnectedInt8SingleRounding.Requantize(
                        acc, m, s, p.OutputOffset, p.ActivationMin, p.ActivationMax);
                }
            }
        }
        finally
        {
            if (rented is not null) ArrayPool<short>.Shared.Return(rented);
        }
    }
}
