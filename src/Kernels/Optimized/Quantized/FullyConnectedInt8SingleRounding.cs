using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>
/// FULLY_CONNECTED int8 with TFLite's single-rounding output stage, same signatures and bit-exact results as
/// <see cref="Reference.Quantized.FullyConnectedInt8SingleRounding"/>: <see cref="FullyConnectedInt8"/>'s SIMD loop
/// with <see cref="SingleRoundingRequantizer"/> as the output stage.
/// </summary>
public static class FullyConnectedInt8SingleRounding
{
    public static void Run(in QuantizedFullyConnectedParams p, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output) =>
        FullyConnectedInt8.Run<SingleRoundingRequantizer>(p, input, filter, bias, output, perChannel: false);

    public static void RunPerChannel(in QuantizedFullyConnectedParams p, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output) =>
        FullyConnectedInt8.Run<SingleRoundingRequantizer>(p, input, filter, bias, output, perChannel: true);

    /// <summary>Per tensor, output units [<paramref name="outStart"/>, <paramref name="outEnd"/>) of every batch (a thread's share; same bits as the whole call).</summary>
    public static void Run(in QuantizedFullyConnectedParams p, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output, int outStart, int outEnd) =>
        FullyConnectedInt8.Run<SingleRoundingRequantizer>(p, input, filter, bias, output, perChannel: false, outStart, outEnd);

    /// <summary>Per channel, output units [<paramref name="outStart"/>, <paramref name="outEnd"/>) of every batch (a thread's share; same bits as the whole call).</summary>
    public static void RunPerChannel(in QuantizedFullyConnectedParams p, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output, int outStart, int outEnd) =>
        FullyConnectedInt8.Run<SingleRoundingRequantizer>(p, input, filter, bias, output, perChannel: true, outStart, outEnd);
}
