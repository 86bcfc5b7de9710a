using System.Buffers;
using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;
using ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>
/// FULLY_CONNECTED int8, same signatures and bit-exact results as <see cref="Reference.Quantized.FullyConnectedInt8"/>.
/// Each input row is widened once to int16 (+ InputOffset); each output is a SIMD dot product with its filter row.
/// The per-tensor filter offset is folded in as WeightsOffset * sum(input + InputOffset), equal modulo 2^32.
/// </summary>
public static class FullyConnectedInt8
{
    private const int StackRowLimit = 4096;

    public static void Run(in QuantizedFullyConnectedParams p, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output) =>
        Run<DoubleRoundingRequantizer>(p, input, filter, bias, output, perChannel: false);

    public static void RunPerChannel(in QuantizedFullyConnectedParams p, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output) =>
        Run<DoubleRoundingRequantizer>(p, input, filter, bias, output, perChannel: true);

    /// <summary>Per tensor, output units [<paramref name="outStart"/>, <paramref name="outEnd"/>) of every batch (a thread's share).</summary>
    public static void Run(in QuantizedFullyConnectedParams p, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output, int outStart, int outEnd) =>
        Run<DoubleRoundingRequantizer>(p, input, filter, bias, output, perChannel: false, outStart, outEnd);

    /// <summary>Per channel, output units [<paramref name="outStart"/>, <paramref name="outEnd"/>) of every batch (a thread's share).</summary>
    public static void RunPerChannel(in QuantizedFullyConnectedParams p, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output, int outStart, int outEnd) =>
        Run<DoubleRoundingRequantizer>(p, input, filter, bias, output, perChannel: true, outStart, outEnd);

    /// <summary>True when the SIMD loop runs (int16 dot products accelerated, the input offset fits int16), else the kernel falls back to the reference loop.</summary>
    private static bool CanRunOptimized(in QuantizedFullyConnectedParams p) => Int8DotProduct.IsAccelerated && Int8DotProduct.OffsetFits(p.InputOffset);

    /// <summary>
    /// The SIMD loop with the output stage <typeparamref name="TRequantizer"/>; falls back to
    /// <see cref="Reference.Quantized.FullyConnectedInt8"/>'s loop with the same stage when int16 dot products are not
    /// accelerated or the input offset does not fit.
    /// </summary>
    internal static void Run<TRequantizer>(in QuantizedFullyConnectedParams p, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output, bool perChannel) where TRequantizer : struct, IRequantizer =>
        Run<TRequantizer>(p, input, filter, bias, output, perChannel, 0, p.OutputDepth);

    /// <summary>
    /// Output units [<paramref name="outStart"/>, <paramref name="outEnd"/>) of every batch (a thread's share): each
    /// unit is computed as in the whole call, so the bits do not depend on the split. Every call widens the input rows
    /// itself. The reference fallback computes the same range.
    /// </summary>
    internal static void Run<TRequantizer>(in QuantizedFullyConnectedParams p, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output, bool perChannel, int outStart, int outEnd) where TRequantizer : struct, IRequantizer
    {
        if (!CanRunOptimized(p))
        {
            Reference.Quantized.FullyConnectedInt8.Run<TRequantizer>(p, input, filter, bias, output, perChannel, outStart, outEnd);
            return;
        }
        QuantizedChecks.FullyConnected(p, input.Length, filter.Length, bias.Length, output.Length, perChannel);
        Reference.Quantized.FullyConnectedInt8.CheckOutputRange(p, outStart, outEnd);
        if (outStart == outEnd) return;
        Compute<TRequantizer>(p, input, filter, bias, output, perChannel, outStart, outEnd);
    }

    private static void Compute<TRequantizer>(in QuantizedFullyConnectedParams p, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output, bool perChannel, int outStart, int outEnd) where TRequantizer : struct, IRequantizer
    {
        int depth = p.AccumDepth, outD = p.OutputDepth;
        short[]? rented = null;
        Span<short> row = depth <= StackRowLimit ? stackalloc short[StackRowLimit] : (rented = ArrayPool<short>.Shared.Rent(depth));
        row = row[..depth];
        try
        {
            bool hasBias = !bias.IsEmpty;
            int weightsOffset = perChannel ? 0 : p.WeightsOffset;
            for (int b = 0; b < p.Batches; b++)
            {
                int rowSum = Int8DotProduct.WidenWithOffset(input.Slice(b * depth, depth), p.InputOffset, row);
                int offsetTerm = unchecked(weightsOffset * rowSum);
                ReadOnlySpan<short> x = row;
                for (int oc = outStart; oc < outEnd; oc++)
                {
                    int acc = unchecked(Int8DotProduct.Dot(x, filter.Slice(oc * depth, depth)) + offsetTerm);
                    if (hasBias) acc = unchecked(acc + bias[oc]);
                    int m = perChannel ? p.PerChannelMultiplier![oc] : p.OutputMultiplier;
                    int s = perChannel ? p.PerChannelShift![oc] : p.OutputShift;
                    output[b * outD + oc] = (sbyte)TRequantizer.Requantize(acc, m, s, p.OutputOffset, p.ActivationMin, p.ActivationMax);
                }
            }
        }
        finally
        {
            if (rented is not null) ArrayPool<short>.Shared.Return(rented);
        }
    }
}
