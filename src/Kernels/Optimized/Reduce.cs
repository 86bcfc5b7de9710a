using System.Runtime.Intrinsics;
using ManagedLite.Kernels.Elementwise;

namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// MEAN, SUM and REDUCE_MAX. After dropping size-1 dimensions and merging neighbours, a reduction over one
/// contiguous block of axes is [outer, R, inner]: with inner &gt; 1 every output row accumulates the R input rows
/// in order with vector adds (the reference's order: bit-identical); with inner == 1 each output folds a
/// contiguous run: SUM/MEAN in order when it is short (bit-identical), with vector accumulators from
/// <see cref="SequentialSumLimit"/> elements on (another order); REDUCE_MAX with vector max (exact). Other axis patterns
/// use the reference kernel.
/// </summary>
public static class Reduce
{
    public static void Sum(ReadOnlySpan<int> shape, ReadOnlySpan<float> input, ReadOnlySpan<bool> reduced, Span<float> output)
    {
        if (!TryBlocks(shape, reduced, out int outer, out int r, out int inner) || input.Length != outer * r * inner || output.Length != outer * inner)
        {
            Reference.Reduce.Sum(shape, input, reduced, output);
            return;
        }
        SumBlocks(input, output, outer, r, inner);
    }

    public static void Mean(ReadOnlySpan<int> shape, ReadOnlySpan<float> input, ReadOnlySpan<bool> reduced, Span<float> output)
    {
        if (!TryBlocks(shape, reduced, out int outer, out int r, out int inner) || input.Length != outer * r * inner || output.Length != outer * inner)
        {
            Reference.Reduce.Mean(shape, input, reduced, output);
            return;
        }
        SumBlocks(input, output, outer, r, inner);
        if (r > 0) BinaryDriver.ApplyScalarB<DivOperator, NoClamp>(output, r, output, 0, 0);
    }

    public static void Max(ReadOnlySpan<int> shape, ReadOnlySpan<float> input, ReadOnlySpan<bool> reduced, Span<float> output)
    {
        if (!TryBlocks(shape, reduced, out int outer, out int r, out int inner) || input.Length != outer * r * inner || output.Length != outer * inner)
        {
            Reference.Reduce.Max(shape, input, reduced, output);
            return;
        }
        output.Fill(float.MinValue);
        for (int o = 0; o < outer; o++)
        {
            if (inner == 1)
            {
                output[o] = RunMax(input.Slice(o * r, r));
                continue;
            }
            var y = output.Slice(o * inner, inner);
            for (int k = 0; k < r; k++)
                BinaryDriver.Apply<MaxInOperator, NoClamp>(y, input.Slice((o * r + k) * inner, inner), y, 0, 0);
        }
    }

    private static void SumBlocks(ReadOnlySpan<float> input, Span<float> output, int outer, int r, int inner)
    {
        output.Clear();
        for (int o = 0; o < outer; o++)
        {
            if (inner == 1)
            {
                output[o] = RunSum(input.Slice(o * r, r));
                continue;
            }
            var y = output.Slice(o * inner, inner);
            for (int k = 0; k < r; k++)
                BinaryDriver.Apply<AddOperator, NoClamp>(y, input.Slice((o * r + k) * inner, inner), y, 0, 0);
        }
    }

    /// <summary>Runs shorter than this are summed in order (bit-identical with the reference); longer ones with vectors.</summary>
    internal const int SequentialSumLimit = 32;

    /// <summary>
    /// Sum of a contiguous run: in order below <see cref="SequentialSumLimit"/>; else in four 256-bit accumulators (lane
    /// j of accumulator a takes elements 32k + 8a + j), added pairwise, then the tail in order: another summation order
    /// than the reference's (within a few ulp of the sum's magnitude), without its chain of dependent adds (a
    /// layer norm's MEAN over 256 values: 23 -> ~3 us).
    /// </summary>
    private static float RunSum(ReadOnlySpan<float> x)
    {
        int i = 0;
        float s = 0f;
        if (Vector256.IsHardwareAccelerated && x.Length >= SequentialSumLimit)
        {
            ref float xr = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x);
            Vector256<float> a0 = Vector256<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (; i <= x.Length - 32; i += 32)
            {
                a0 += Vector256.LoadUnsafe(ref xr, (nuint)i);
                a1 += Vector256.LoadUnsafe(ref xr, (nuint)(i + 8));
                a2 += Vector256.LoadUnsafe(ref xr, (nuint)(i + 16));
                a3 += Vector256.LoadUnsafe(ref xr, (nuint)(i + 24));
            }
            s = Vector256.Sum((a0 + a1) + (a2 + a3));
        }
        for (; i < x.Length; i++) s += x[i];
        return s;
    }

    private static float RunMax(ReadOnlySpan<float> x)
    {
        float max = float.MinValue;
        int i = 0;
        if (Vector256.IsHardwareAccelerated && x.Length >= 8)
        {
            var m = Vector256.Create(float.MinValue);
            for (; i <= x.Length - 8; i += 8) m = MaxInOperator.Invoke(m, Vector256.Create(x.Slice(i, 8)));
            for (int l = 0; l < 8; l++) max = MaxInOperator.Invoke(max, m[l]);
        }
        for (; i < x.Length; i++) max = MaxInOperator.Invoke(max, x[i]);
        return max;
    }

    /// <summary>Shape as [outer, R, inner] when the reduced axes (ignoring size-1 dims) form one contiguous block.</summary>
    internal static bool TryBlocks(ReadOnlySpan<int> shape, ReadOnlySpan<bool> reduced, out int outer, out int r, out int inner)
    {
        outer = 1; r = 1; inner = 1;
        if (reduced.Length != shape.Length) return false;
        int phase = 0; // 0: before the block, 1: inside, 2: after
        for (int d = 0; d < shape.Length; d++)
        {
            int n = shape[d];
            if (n == 1) continue;
            if (reduced[d])
            {
                if (phase == 2) return false;
                phase = 1;
                r *= n;
            }
            else if (phase == 0) outer *= n;
            else { phase = 2; inner *= n; }
        }
        return true;
    }

    /// <summary>The reference's max step: keep the incoming value when it is greater (x = current, y = incoming).</summary>
    private readonly struct MaxInOperator : IBinaryOperator
    {
        public static bool Vectorizable => true;
        public static float Invoke(float x, float y) => y > x ? y : x;
        public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y)
            => Vector128.ConditionalSelect(Vector128.GreaterThan(y, x), y, x);
        public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y)
            => Vector256.ConditionalSelect(Vector256.GreaterThan(y, x), y, x);
        public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y)
            => Vector512.ConditionalSelect(Vector512.GreaterThan(y, x), y, x);
    }
}
