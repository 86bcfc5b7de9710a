using System.Numerics;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// QUANTIZE between integer types (TFLite reference_ops::Requantize): out = clamp(MultiplyByQuantizedMultiplier(
/// in - inZeroPoint, multiplier, shift) + outZeroPoint) to the output type, where the multiplier is
/// QuantizeMultiplier(inScale / outScale) in double.
/// </summary>
public static class Requantize
{
    public static void Multiplier(float inputScale, float outputScale, out int multiplier, out int shift) =>
        QuantizedMultiplier.Quantize((double)inputScale / outputScale, out multiplier, out shift);

    public static void Run<TIn, TOut>(ReadOnlySpan<TIn> input, Span<TOut> output, int multiplier, int shift,
        int inputZeroPoint, int outputZeroPoint)
        where TIn : unmanaged, IBinaryInteger<TIn> where TOut : unmanaged, IBinaryInteger<TOut>, IMinMaxValue<TOut>
    {
        if (input.Length != output.Length)
            throw new ArgumentException($"input has {input.Length} elements, output {output.Length}");
        var (min, max) = QuantizedBroadcast.TypeRange<TOut>();
        for (int i = 0; i < input.Length; i++)
        {
            int x = unchecked(int.CreateTruncating(input[i]) - inputZeroPoint);
            int v = unchecked(QuantizedMath.MultiplyByQuantizedMultiplier(x, multiplier, shift) + outputZeroPoint);
            output[i] = TOut.CreateTruncating(Math.Max(Math.Min(v, max), min));
        }
    }
}
