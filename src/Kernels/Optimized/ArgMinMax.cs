using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// ARG_MAX / ARG_MIN over the last axis (rows of [rows, axisSize], as segmentation and classification heads take it),
/// the same positions as <see cref="Reference.ArgMinMax"/>. A row of at least one 128-bit vector is read twice: once
/// for its greatest (least) value, a vector max (min) over whole vectors and one overlapping last vector (max and min
/// do not mind reading an element twice), reduced across lanes; then for the first position equal to it, by vector
/// compares and the first set bit of the mask. That is the reference's answer, since the reference moves only to a
/// strictly greater (less) value: the first occurrence of the extreme (-0 and +0 compare equal in both). A float row
/// holding a NaN is handed to the reference (TFLite's rule: a NaN is never chosen over a number); shorter rows run a
/// scalar loop with that rule.
/// </summary>
public static class ArgMinMax
{
    public static void LastAxis<T, TIndex>(ReadOnlySpan<T> input, int rows, int axisSize, bool isMax, Span<TIndex> output)
        where T : unmanaged, INumber<T> where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        if (axisSize <= 0 || (long)rows * axisSize != input.Length || rows != output.Length)
            throw new ArgumentException($"input {input.Length} is not [{rows}, {axisSize}] or output {output.Length} is not [{rows}]");
        for (int r = 0; r < rows; r++)
        {
            var row = input.Slice(r * axisSize, axisSize);
            int at;
            if (Vector256.IsHardwareAccelerated && axisSize >= Vector256<T>.Count) at = isMax ? Row256<T, Max>(row) : Row256<T, Min>(row);
            else if (Vector128.IsHardwareAccelerated && axisSize >= Vector128<T>.Count) at = isMax ? Row128<T, Max>(row) : Row128<T, Min>(row);
            else at = -1;
            if (at < 0) at = Scalar(row, isMax);
            output[r] = TIndex.CreateTruncating(at);
        }
    }

    /// <summary>The reference loop on one row (NaN rule included).</summary>
    private static int Scalar<T>(ReadOnlySpan<T> row, bool isMax) where T : unmanaged, INumber<T>
    {
        T best = row[0];
        int at = 0;
        for (int a = 1; a < row.Length; a++)
        {
            T v = row[a];
            if (isMax ? v > best : v < best) { best = v; at = a; }
            else if (T.IsNaN(best) && !T.IsNaN(v)) { best = v; at = a; }
        }
        return at;
    }

    private interface IPick
    {
        static abstract Vector256<T> Pick<T>(Vector256<T> a, Vector256<T> b) where T : unmanaged, INumber<T>;
        static abstract Vector128<T> Pick<T>(Vector128<T> a, Vector128<T> b) where T : unmanaged, INumber<T>;
        static abstract T Pick<T>(T a, T b) where T : unmanaged, INumber<T>;
    }

    private readonly struct Max : IPick
    {
        public static Vector256<T> Pick<T>(Vector256<T> a, Vector256<T> b) where T : unmanaged, INumber<T> => Vector256.MaxNative(a, b);
        public static Vector128<T> Pick<T>(Vector128<T> a, Vector128<T> b) where T : unmanaged, INumber<T> => Vector128.MaxNative(a, b);
        public static T Pick<T>(T a, T b) where T : unmanaged, INumber<T> => a > b ? a : b;
    }

    private readonly struct Min : IPick
    {
        public static Vector256<T> Pick<T>(Vector256<T> a, Vector256<T> b) where T : unmanaged, INumber<T> => Vector256.MinNative(a, b);
        public static Vector128<T> Pick<T>(Vector128<T> a, Vector128<T> b) where T : unmanaged, INumber<T> => Vector128.MinNative(a, b);
        public static T Pick<T>(T a, T b) where T : unmanaged, INumber<T> => a < b ? a : b;
    }

    /// <summary>Position of the row's first extreme, or -1 when a float row holds a NaN. Needs row.Length &gt;= Vector256 count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Row256<T, TPick>(ReadOnlySpan<T> row) where T : unmanaged, INumber<T> where TPick : IPick
    {
        ref T x = ref MemoryMarshal.GetReference(row);
        int n = row.Length, w = Vector256<T>.Count;
        var last = Vector256.LoadUnsafe(ref x, (nuint)(n - w));
        var best = last;
        var nan = ~Vector256.Equals(last, last); // all zero for integers
        for (int i = 0; i < n - w; i += w)
        {
            var v = Vector256.LoadUnsafe(ref x, (nuint)i);
            best = TPick.Pick(best, v);
            nan |= ~Vector256.Equals(v, v);
        }
        if (typeof(T) == typeof(float) && nan != Vector256<T>.Zero) return -1;
        T m = Across<T, TPick>(TPick.Pick(best.GetLower(), best.GetUpper()));
        var target = Vector256.Create(m);
        for (int i = 0; i < n - w; i += w)
        {
            uint hit = Vector256.Equals(Vector256.LoadUnsafe(ref x, (nuint)i), target).ExtractMostSignificantBits();
            if (hit != 0) return i + BitOperations.TrailingZeroCount(hit);
        }
        return n - w + BitOperations.TrailingZeroCount(Vector256.Equals(last, target).ExtractMostSignificantBits());
    }

    /// <summary>As <see cref="Row256{T, TPick}"/> with 128-bit vectors, for rows shorter than one 256-bit vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Row128<T, TPick>(ReadOnlySpan<T> row) where T : unmanaged, INumber<T> where TPick : IPick
    {
        ref T x = ref MemoryMarshal.GetReference(row);
        int n = row.Length, w = Vector128<T>.Count;
        var last = Vector128.LoadUnsafe(ref x, (nuint)(n - w));
        var best = last;
        var nan = ~Vector128.Equals(last, last);
        for (int i = 0; i < n - w; i += w)
        {
            var v = Vector128.LoadUnsafe(ref x, (nuint)i);
            best = TPick.Pick(best, v);
            nan |= ~Vector128.Equals(v, v);
        }
        if (typeof(T) == typeof(float) && nan != Vector128<T>.Zero) return -1;
        T m = Across<T, TPick>(best);
        var target = Vector128.Create(m);
        for (int i = 0; i < n - w; i += w)
        {
            uint hit = Vector128.Equals(Vector128.LoadUnsafe(ref x, (nuint)i), target).ExtractMostSignificantBits();
            if (hit != 0) return i + BitOperations.TrailingZeroCount(hit);
        }
        return n - w + BitOperations.TrailingZeroCount(Vector128.Equals(last, target).ExtractMostSignificantBits());
    }

    /// <summary>The extreme of one vector's lanes (no NaN among them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Across<T, TPick>(Vector128<T> v) where T : unmanaged, INumber<T> where TPick : IPick
    {
        T m = v.GetElement(0);
        for (int i = 1; i < Vector128<T>.Count; i++) m = TPick.Pick(m, v.GetElement(i));
        return m;
    }
}
