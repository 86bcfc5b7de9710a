using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;

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
        ReadOnlySpan<int> bias, Span<sbyte> output) =>
        FullyConnectedInt8.Run<SingleRoundingRequantizer>(p, input, filter, bias, output, perChannel: false);

    /// <summary>Per channel (WeightsOffset ignored): acc = sum filter * (input + InputOffset) + bias.</summary>
    public static void RunPerChannel(in QuantizedFullyConnectedParams p, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output) =>
        FullyConnectedInt8.Run<SingleRoundingRequantizer>(p, input, filter, bias, output, perChannel: true);

    /// <summary>round(acc * multiplier * 2^(shift - 31)) with one rounding (ties up), + offset, clamped.</summary>
    public static int Requantize(int acc, int multiplier, int shift, int outputOffset, int activationMin, int activationMax) =>
        SingleRoundingRequantizer.Requantize(acc, multiplier, shift, outputOffset, activationMin, activationMax);
}
