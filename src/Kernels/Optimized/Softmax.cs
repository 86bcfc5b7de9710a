using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ManagedLite.Kernels.Elementwise;

namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// Vectorized SOFTMAX over the last axis. Rows of at least one 256-bit vector: vector max (exact, NaN skipped as in the
/// reference), then one pass computing e = exp((x - max) * beta) in float lanes (<see cref="VectorMath.ExpFast(Vector512{float})"/>,
/// within 3e-7 relative) that stores e and sums it, then division by the sum. Shorter rows: subtraction, double-lane
/// exp, sum and division pass by pass. Rows of exactly 16: one per 512-bit vector with in-register reductions. Agrees
/// with the reference to a few ulp (the sum is taken in another order).
/// </summary>
public static class Softmax
{
    public static void Eval(ReadOnlySpan<float> input, Span<float> output, int depth, float beta)
    {
        if (input.Length != output.Length) throw new ArgumentException("length mismatch");
        if (depth <= 0) { if (input.Length != 0) throw new ArgumentException("depth must be positive"); return; }
        if (input.Length % depth != 0) throw new ArgumentException($"length {input.Length} is not a multiple of depth {depth}");
        if (depth == 16 && Vector512.IsHardwareAccelerated && Avx512F.IsSupported)
        {
            Rows16(input, output, beta);
            return;
        }
        for (int row = 0; row < input.Length; row += depth)
        {
            var x = input.Slice(row, depth);
            var y = output.Slice(row, depth);
            if (Vector512.IsHardwareAccelerated && depth >= Vector512<float>.Count) { Row512(x, y, beta); continue; }
            if (Vector256.IsHardwareAccelerated && depth >= Vector256<float>.Count) { Row256(x, y, beta); continue; }
            float max = RowMax(x);
            BinaryDriver.ApplyScalarB<SubOperator, NoClamp>(x, max, y, 0, 0);
            BinaryDriver.ApplyScalarB<MulOperator, NoClamp>(y, beta, y, 0, 0);
            UnaryDriver.Apply<ExpOperator>(y, y);
            float sum = TensorPrimitives.Sum<float>(y);
            BinaryDriver.ApplyScalarB<DivOperator, NoClamp>(y, sum, y, 0, 0);
        }
    }

    /// <summary>
    /// One row of n &gt;= 16: the last vector overlaps the previous one; its max is idempotent, only its lanes past the
    /// overlap are added to the sum, and it is read (input, then undivided exponentials) before the stores that overlap it,
    /// so the output may alias the input.
    /// </summary>
    private static void Row512(ReadOnlySpan<float> x, Span<float> y, float beta)
    {
        int n = x.Length, v = Vector512<float>.Count;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        var mv = Vector512.Create(float.MinValue);
        for (int i = 0; i < n; i += v)
        {
            var e = Vector512.LoadUnsafe(ref xr, (nuint)Math.Min(i, n - v));
            mv = Vector512.ConditionalSelect(Vector512.LessThan(mv, e), e, mv);
        }
        float max = float.MinValue;
        for (int j = 0; j < v; j++) { float m = mv.GetElement(j); max = max < m ? m : max; }
        var vmax = Vector512.Create(max);
        var vbeta = Vector512.Create(beta);
        var sum = Vector512<float>.Zero;
        int last = n - v, full = n / v * v;
        var tailIn = Vector512.LoadUnsafe(ref xr, (nuint)last); // before any store: y may alias x
        for (int i = 0; i < full; i += v)
        {
            var e = VectorMath.ExpFast((Vector512.LoadUnsafe(ref xr, (nuint)i) - vmax) * vbeta);
            e.StoreUnsafe(ref yr, (nuint)i);
            sum += e;
        }
        if (full < n)
        {
            // Lanes [0, full - last) of the overlapping vector were summed already; storing them again writes the same values.
            var e = VectorMath.ExpFast((tailIn - vmax) * vbeta);
            var fresh = Vector512.GreaterThanOrEqual(Vector512.CreateSequence(0, 1), Vector512.Create(full - last));
            e.StoreUnsafe(ref yr, (nuint)last);
            sum += Vector512.ConditionalSelect(fresh.AsSingle(), e, Vector512<float>.Zero);
        }
        var vs = Vector512.Create(Vector512.Sum(sum));
        var tail = Vector512.LoadUnsafe(ref yr, (nuint)last); // undivided: its overlapping lanes get the same quotients again
        for (int i = 0; i < full; i += v) (Vector512.LoadUnsafe(ref yr, (nuint)i) / vs).StoreUnsafe(ref yr, (nuint)i);
        if (full < n) (tail / vs).StoreUnsafe(ref yr, (nuint)last);
    }

    /// <summary>
    /// Rows of exactly 16 (YOLOv8's DFL head: softmax over 16 bins, thousands of rows), one row per 512-bit vector:
    /// lanes below float.MinValue or NaN become float.MinValue (the reference's starting maximum, so they are skipped as
    /// there), the row maximum and the sum of the exponentials are butterfly reductions that leave the result in every
    /// lane, and e = exp((x - max) * beta) is <see cref="VectorMath.ExpFast(Vector512{float})"/> as in the longer rows.
    /// Each row is read whole before its store, so the output may alias the input.
    /// </summary>
    private static void Rows16(ReadOnlySpan<float> x, Span<float> y, float beta)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        var lowest = Vector512.Create(float.MinValue);
        var vbeta = Vector512.Create(beta);
        for (nuint i = 0, n = (nuint)x.Length; i < n; i += 16)
        {
            var v = Vector512.LoadUnsafe(ref xr, i);
            var m = Vector512.ConditionalSelect(Vector512.LessThan(lowest, v), v, lowest);
            m = Vector512.MaxNative(m, Avx512F.Shuffle4x128(m, m, 0x4E)); // no NaN left: maxps is exact
            m = Vector512.MaxNative(m, Avx512F.Shuffle4x128(m, m, 0xB1));
            m = Vector512.MaxNative(m, Avx512F.Permute4x32(m, 0x4E));
            m = Vector512.MaxNative(m, Avx512F.Permute4x32(m, 0xB1));
            var e = VectorMath.ExpFast((v - m) * vbeta);
            var s = e + Avx512F.Shuffle4x128(e, e, 0x4E);
            s += Avx512F.Shuffle4x128(s, s, 0xB1);
            s += Avx512F.Permute4x32(s, 0x4E);
            s += Avx512F.Permute4x32(s, 0xB1);
            (e / s).StoreUnsafe(ref yr, i);
        }
    }

    private static void Row256(ReadOnlySpan<float> x, Span<float> y, float beta)
    {
        int n = x.Length, v = Vector256<float>.Count;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        var mv = Vector256.Create(float.MinValue);
        for (int i = 0; i < n; i += v)
        {
            var e = Vector256.LoadUnsafe(ref xr, (nuint)Math.Min(i, n - v));
            mv = Vector256.ConditionalSelect(Vector256.LessThan(mv, e), e, mv);
        }
        float max = float.MinValue;
        for (int j = 0; j < v; j++) { float m = mv.GetElement(j); max = max < m ? m : max; }
        var vmax = Vector256.Create(max);
        var vbeta = Vector256.Create(beta);
        var sum = Vector256<float>.Zero;
        int last = n - v, full = n / v * v;
        var tailIn = Vector256.LoadUnsafe(ref xr, (nuint)last); // before any store: y may alias x
        for (int i = 0; i < full; i += v)
        {
            var e = VectorMath.ExpFast((Vector256.LoadUnsafe(ref xr, (nuint)i) - vmax) * vbeta);
            e.StoreUnsafe(ref yr, (nuint)i);
            sum += e;
        }
        if (full < n)
        {
            var e = VectorMath.ExpFast((tailIn - vmax) * vbeta);
            var fresh = Vector256.GreaterThanOrEqual(Vector256.CreateSequence(0, 1), Vector256.Create(full - last));
            e.StoreUnsafe(ref yr, (nuint)last);
            sum += Vector256.ConditionalSelect(fresh.AsSingle(), e, Vector256<float>.Zero);
        }
        var vs = Vector256.Create(Vector256.Sum(sum));
        var tail = Vector256.LoadUnsafe(ref yr, (nuint)last); // undivided: its overlapping lanes get the same quotients again
        for (int i = 0; i < full; i += v) (Vector256.LoadUnsafe(ref yr, (nuint)i) / vs).StoreUnsafe(ref yr, (nuint)i);
        if (full < n) (tail / vs).StoreUnsafe(ref yr, (nuint)last);
    }

    /// <summary>Row maximum with the reference's rule (NaN elements are skipped), starting from float.MinValue.</summary>
    internal static float RowMax(ReadOnlySpan<float> x)
    {
        float max = float.MinValue;
        foreach (float v in x) max = max < v ? v : max;
        return max;
    }
}
