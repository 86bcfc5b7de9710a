using System.Numerics;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// Reference DEQUANTIZE to float32: IEEE half to float, and affine real = scale * (q - zero_point) per tensor
/// (product in double, rounded once to float, as TFLite) or per channel along one dimension.
/// </summary>
public static class Dequantize
{
    public static void Float16(ReadOnlySpan<Half> input, Span<float> output)
    {
        if (input.Length != output.Length) throw new ArgumentException("length mismatch");
        for (int i = 0; i < input.Length; i++) output[i] = (float)input[i];
    }

    public static void PerTensor<T>(ReadOnlySpan<T> input, Span<float> output, float scale, int zeroPoint)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (input.Length != output.Length) throw new ArgumentException("length mismatch");
        double s = scale;
        for (int i = 0; i < input.Length; i++)
            output[i] = (float)(s * (int.CreateTruncating(input[i]) - zeroPoint));
    }

    /// <summary>Per-channel: channel = index along <paramref name="axis"/> of <paramref name="shape"/>.</summary>
    public static void PerChannel<T>(ReadOnlySpan<T> input, Span<float> output, ReadOnlySpan<int> shape, int axis,
                                     ReadOnlySpan<float> scales, ReadOnlySpan<long> zeroPoints)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (input.Length != output.Length) throw new ArgumentException("length mismatch");
        if ((uint)axis >= (uint)shape.Length) throw new ArgumentException($"quantized dimension {axis} is outside rank {shape.Length}");
        int channels = shape[axis];
        if (scales.Length != channels || zeroPoints.Length != channels)
            throw new ArgumentException($"expected {channels} scales and zero points, got {scales.Length} and {zeroPoints.Length}");
        int inner = 1;
        for (int d = axis + 1; d < shape.Length; d++) inner *= shape[d];
        for (int i = 0; i < input.Length; i++)
        {
            int c = inner == 0 ? 0 : i / inner % channels;
            output[i] = scales[c] * (int.CreateTruncating(input[i]) - (int)zeroPoints[c]);
        }
    }
}
