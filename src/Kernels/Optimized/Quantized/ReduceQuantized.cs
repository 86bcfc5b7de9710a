using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>
/// Quantized MEAN and 8-bit SUM (<see cref="Ref.ReduceQuantized.MeanOrSum{T}"/>) when the reduced axes form one
/// contiguous block ([outer, R, inner] after size-1 dims are dropped): the int32 sums are taken R rows at a time with
/// widening vector adds (wrapping int32 addition is order-free, so the sums equal the reference's), then rescaled by the
/// reference's own <see cref="Ref.ReduceQuantized.Rescale{T}"/>. Other axis patterns run the reference kernel.
/// </summary>
public static class ReduceQuantized
{
    public static void MeanOrSum<T>(ReadOnlySpan<int> shape, ReadOnlySpan<T> input, ReadOnlySpan<bool> reduced, Span<T> output,
        int inputZeroPoint, int multiplier, int shift, int outputZeroPoint, bool computeSum, Span<int> tempSum)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        bool small = typeof(T) == typeof(sbyte) || typeof(T) == typeof(byte) || typeof(T) == typeof(short);
        if (!small || !Reduce.TryBlocks(shape, reduced, out int outer, out int r, out int inner) || r == 0 ||
            (long)outer * r * inner != input.Length || (long)outer * inner != output.Length || tempSum.Length < output.Length)
        {
            Ref.ReduceQuantized.MeanOrSum(shape, input, reduced, output, inputZeroPoint, multiplier, shift, outputZeroPoint, computeSum, tempSum);
            return;
        }
        var sums = tempSum.Slice(0, output.Length);
        sums.Clear();
        for (int o = 0; o < outer; o++)
        {
            var y = sums.Slice(o * inner, inner);
            for (int k = 0; k < r; k++) AddRow(input.Slice((o * r + k) * inner, inner), y);
        }
        Ref.ReduceQuantized.Rescale(sums, r, output, inputZeroPoint, multiplier, shift, outputZeroPoint, computeSum);
    }

    /// <summary>y[i] += x[i] (widened to int32, wrapping); a run of inner == 1 is a single element per row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void AddRow<T>(ReadOnlySpan<T> x, Span<int> y) where T : unmanaged, IBinaryInteger<T>
    {
        int n = y.Length, i = 0;
        fixed (T* px = x)
        fixed (int* py = y)
        {
            if (Avx2.IsSupported)
            {
                for (; i <= n - 8; i += 8)
                {
                    Vector256<int> v = typeof(T) == typeof(sbyte) ? Avx2.ConvertToVector256Int32((sbyte*)px + i)
                        : typeof(T) == typeof(byte) ? Avx2.ConvertToVector256Int32((byte*)px + i)
                        : Avx2.ConvertToVector256Int32((short*)px + i);
                    (Vector256.Load(py + i) + v).Store(py + i);
                }
            }
            for (; i < n; i++) py[i] = unchecked(py[i] + int.CreateTruncating(px[i]));
        }
    }
}
