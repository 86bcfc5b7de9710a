using System.Buffers;
using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;
using ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>
/// FULLY_CONNECTED, legacy uint8 per-tensor, bit-exact with <see cref="Reference.Quantized.FullyConnectedUInt8"/>:
/// each input row is widened once to int16 (+ InputOffset, in [-255, 255]); each output is a SIMD dot product with its
/// zero-extended uint8 filter row, plus WeightsOffset * sum(input + InputOffset) (equal modulo 2^32). Falls back to the
/// reference without AVX2.
/// </summary>
public static class FullyConnectedUInt8
{
    private const int StackRowLimit = 4096;

    public static void Run(in QuantizedFullyConnectedParams p, ReadOnlySpan<byte> input, ReadOnlySpan<byte> filter,
        ReadOnlySpan<int> bias, Span<byte> output) =>
        Run(p, input, filter, bias, output, 0, p.OutputDepth);

    /// <summary>True when the SIMD loop runs (AVX2, an input offset in [-255, 255]), else the kernel falls back to the reference loop.</summary>
    private static bool CanRunOptimized(in QuantizedFullyConnectedParams p) => Int8DotProduct.IsAccelerated && p.InputOffset >= -255 && p.InputOffset <= 255;

    /// <summary>
    /// Output units [<paramref name="outStart"/>, <paramref name="outEnd"/>) of every batch (a thread's share): each
    /// unit is computed as in the whole call, so the bits do not depend on the split. Every call widens the input rows
    /// itself. The reference fallback computes the same range.
    /// </summary>
    public static void Run(in QuantizedFullyConnectedParams p, ReadOnlySpan<byte> input, ReadOnlySpan<byte> filter,
        ReadOnlySpan<int> bias, Span<byte> output, int outStart, int outEnd)
    {
        if (!CanRunOptimized(p))
        {
            Reference.Quantized.FullyConnectedUInt8.Run(p, input, filter, bias, output, outStart, outEnd);
            return;
        }
        QuantizedChecks.FullyConnected(p, input.Length, filter.Length, bias.Length, output.Length, perChannel: false);
        Reference.Quantized.FullyConnectedInt8.CheckOutputRange(p, outStart, outEnd);
        if (outStart == outEnd) return;
        int depth = p.AccumDepth, outD = p.OutputDepth;
        short[]? rented = null;
        Span<short> row = depth <= StackRowLimit ? stackalloc short[StackRowLimit] : (rented = ArrayPool<short>.Shared.Rent(depth));
        row = row[..depth];
        try
        {
            bool hasBias = !bias.IsEmpty;
            for (int b = 0; b < p.Batches; b++)
            {
                int rowSum = Int8DotProduct.WidenWithOffset(input.Slice(b * depth, depth), p.InputOffset, row);
                int offsetTerm = unchecked(p.WeightsOffset * rowSum);
                ReadOnlySpan<short> x = row;
                for (int oc = outStart; oc < outEnd; oc++)
                {
                    int acc = unchecked(Int8DotProduct.Dot(x, filter.Slice(oc * depth, depth)) + offsetTerm);
                    if (hasBias) acc = unchecked(acc + bias[oc]);
                    output[b * outD + oc] = (byte)QuantizedMath.Requantize(acc, p.OutputMultiplier, p.OutputShift, p.OutputOffset,
                        p.ActivationMin, p.ActivationMax);
                }
            }
        }
        finally
        {
            if (rented is not null) ArrayPool<short>.Shared.Return(rented);
        }
    }
}
