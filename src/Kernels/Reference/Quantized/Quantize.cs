using System.Numerics;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// QUANTIZE from float32 (TFLite reference_ops::AffineQuantize / PerChannelQuantize): q = round(x / scale) in float,
/// halves away from zero, plus the zero point, clamped to the output type in double. NaN gives 0 (what x86 C++
/// produces for TFLite's out-of-range float-to-integer conversion).
/// </summary>
public static class Quantize
{
    public static void PerTensor<T>(ReadOnlySpan<float> input, Span<T> output, float scale, int zeroPoint)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        if (input.Length != output.Length)
            throw new ArgumentException($"input has {input.Length} elements, output {output.Length}");
        var (min, max) = QuantizedBroadcast.TypeRange<T>();
        for (int i = 0; i < input.Length; i++)
            output[i] = T.CreateTruncating(One(input[i], scale, zeroPoint, min, max));
    }

    /// <summary>
    /// Per-channel: element at index i of dimension <paramref name="axis"/> uses scales[i] and zeroPoints[i].
    /// </summary>
    public static void PerChannel<T>(ReadOnlySpan<int> shape, ReadOnlySpan<float> input, Span<T> output, int axis,
        ReadOnlySpan<float> scales, ReadOnlySpan<int> zeroPoints)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        if ((uint)axis >= (uint)shape.Length) throw new ArgumentOutOfRangeException(nameof(axis));
        int channels = shape[axis];
        if (scales.Length != channels || zeroPoints.Length != channels)
            throw new ArgumentException($"expected {channels} scales and zero points, got {scales.Length} and {zeroPoints.Length}");
        int count = QuantizedBroadcast.Product(shape);
        if (input.Length != count || output.Length != count)
            throw new ArgumentException($"expected {count} elements, got {input.Length} in and {output.Length} out");
        int inner = 1;
        for (int d = axis + 1; d < shape.Length; d++) inner *= shape[d];
        var (min, max) = QuantizedBroadcast.TypeRange<T>();
        for (int i = 0; i < count; i++)
        {
            int c = inner == 0 ? 0 : i / inner % channels;
            output[i] = T.CreateTruncating(One(input[i], scales[c], zeroPoints[c], min, max));
        }
    }

    internal static int One(float x, float scale, int zeroPoint, int min, int max)
    {
        double unclamped = (double)MathF.Round(x / scale, MidpointRounding.AwayFromZero) + zeroPoint;
        if (double.IsNaN(unclamped)) return 0;
        double clamped = Math.Min(Math.Max(unclamped, min), max);
        return (int)clamped;
    }
}
