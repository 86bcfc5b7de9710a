using System.Numerics;
using System.Numerics.Tensors;
using ManagedLite.Kernels.Elementwise;

namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// Vectorized DEQUANTIZE. Half to float is exact; per-tensor affine converts q to float, subtracts the zero
/// point (exact: small integers) and multiplies by the scale (one rounding), which is bit-identical to the
/// reference's double product rounded to float. Per-channel uses the reference (it runs once when folded).
/// </summary>
public static class Dequantize
{
    public static void Float16(ReadOnlySpan<Half> input, Span<float> output)
    {
        if (input.Length != output.Length) throw new ArgumentException("length mismatch");
        TensorPrimitives.ConvertToSingle(input, output);
    }

    public static void PerTensor<T>(ReadOnlySpan<T> input, Span<float> output, float scale, int zeroPoint)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (input.Length != output.Length) throw new ArgumentException("length mismatch");
        TensorPrimitives.ConvertTruncating<T, float>(input, output);
        BinaryDriver.ApplyScalarB<SubOperator, NoClamp>(output, zeroPoint, output, 0, 0);
        BinaryDriver.ApplyScalarB<MulOperator, NoClamp>(output, scale, output, 0, 0);
    }

    public static void PerChannel<T>(ReadOnlySpan<T> input, Span<float> output, ReadOnlySpan<int> shape, int axis,
                                     ReadOnlySpan<float> scales, ReadOnlySpan<long> zeroPoints)
        where T : unmanaged, IBinaryInteger<T>
        => Reference.Dequantize.PerChannel(input, output, shape, axis, scales, zeroPoints);
}
