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
        ReadOnlySpan<int> bias, Span<byte> output)
    {
        if (!Int8DotProduct.IsAccelerated || p.InputOffset < -255 || p.InputOffset > 255)
        {
            Reference.Quantized.FullyConnectedUInt8.Run(p, input, filter, bias, output);
            return;
        }
        QuantizedChecks.FullyConnected(p, input.Length, filter.Length, bias.Length, output.Length, perChannel: false);
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
                for (int oc = 0; oc < outD; oc++)
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
