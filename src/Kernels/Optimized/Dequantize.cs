using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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
        if (Avx2.IsSupported && (typeof(T) == typeof(sbyte) || typeof(T) == typeof(byte)))
        {
            Bytes(MemoryMarshal.AsBytes(input), typeof(T) == typeof(sbyte), output, scale, zeroPoint);
            return;
        }
        TensorPrimitives.ConvertTruncating<T, float>(input, output);
        BinaryDriver.ApplyScalarB<SubOperator, NoClamp>(output, zeroPoint, output, 0, 0);
        BinaryDriver.ApplyScalarB<MulOperator, NoClamp>(output, scale, output, 0, 0);
    }

    /// <summary>8-bit input in one pass: 8 bytes widened to int32 (sign- or zero-extended), to float, minus the zero point, times the scale.</summary>
    private static unsafe void Bytes(ReadOnlySpan<byte> input, bool signed, Span<float> output, float scale, int zeroPoint)
    {
        int n = input.Length, i = 0;
        var vs = Vector256.Create(scale);
        var vz = Vector256.Create((float)zeroPoint);
        fixed (byte* x = input)
        fixed (float* y = output)
        {
            for (; i <= n - 8; i += 8)
            {
                var q = signed ? Avx2.ConvertToVector256Int32((sbyte*)x + i) : Avx2.ConvertToVector256Int32(x + i);
                ((Avx.ConvertToVector256Single(q) - vz) * vs).Store(y + i);
            }
            for (; i < n; i++) y[i] = ((signed ? (sbyte)x[i] : x[i]) - (float)zeroPoint) * scale;
        }
    }

    public static void PerChannel<T>(ReadOnlySpan<T> input, Span<float> output, ReadOnlySpan<int> shape, int axis,
                                     ReadOnlySpan<float> scales, ReadOnlySpan<long> zeroPoints)
        where T : unmanaged, IBinaryInteger<T>
        => Reference.Dequantize.PerChannel(input, output, shape, axis, scales, zeroPoints);
}
