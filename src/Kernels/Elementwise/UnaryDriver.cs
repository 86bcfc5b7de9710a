using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ManagedLite.Kernels.Elementwise;

/// <summary>
/// Runs an <see cref="IUnaryOperator"/> over a span with the widest hardware-accelerated vector that fits,
/// the tail handled by one overlapping last vector. The output may alias the input exactly (in place);
/// a partial overlap is rejected.
/// </summary>
public static class UnaryDriver
{
    public static void Apply<TOp>(ReadOnlySpan<float> x, Span<float> y) where TOp : IUnaryOperator
    {
        Guard.SameLengthNoPartialOverlap(x, y);
        int n = x.Length;
        if (TOp.Vectorizable)
        {
            if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count) { ApplyV512<TOp>(x, y); return; }
            if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count) { ApplyV256<TOp>(x, y); return; }
            if (Vector128.IsHardwareAccelerated && n >= Vector128<float>.Count) { ApplyV128<TOp>(x, y); return; }
        }
        ApplyScalar<TOp>(x, y);
    }

    internal static void ApplyScalar<TOp>(ReadOnlySpan<float> x, Span<float> y) where TOp : IUnaryOperator
    {
        for (int i = 0; i < x.Length; i++) y[i] = TOp.Invoke(x[i]);
    }

    /// <summary>Vector 128 path; requires x.Length &gt;= Vector 128 count. Tail: one overlapping last vector computed before any store.</summary>
    internal static void ApplyV128<TOp>(ReadOnlySpan<float> x, Span<float> y) where TOp : IUnaryOperator
    {
        int n = x.Length;
        int v = Vector128<float>.Count;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        Vector128<float> last = TOp.Invoke(Vector128.LoadUnsafe(ref xr, (nuint)(n - v)));
        int i = 0;
        for (; i <= n - 2 * v; i += 2 * v)
        {
            Vector128<float> r0 = TOp.Invoke(Vector128.LoadUnsafe(ref xr, (nuint)i));
            Vector128<float> r1 = TOp.Invoke(Vector128.LoadUnsafe(ref xr, (nuint)(i + v)));
            r0.StoreUnsafe(ref yr, (nuint)i);
            r1.StoreUnsafe(ref yr, (nuint)(i + v));
        }
        if (i <= n - v)
        {
            TOp.Invoke(Vector128.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
            i += v;
        }
        if (i != n) last.StoreUnsafe(ref yr, (nuint)(n - v));
    }


    /// <summary>Vector 256 path; requires x.Length &gt;= Vector 256 count. Tail: one overlapping last vector computed before any store.</summary>
    internal static void ApplyV256<TOp>(ReadOnlySpan<float> x, Span<float> y) where TOp : IUnaryOperator
    {
        int n = x.Length;
        int v = Vector256<float>.Count;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        Vector256<float> last = TOp.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)(n - v)));
        int i = 0;
        for (; i <= n - 2 * v; i += 2 * v)
        {
            Vector256<float> r0 = TOp.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)i));
            Vector256<float> r1 = TOp.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)(i + v)));
            r0.StoreUnsafe(ref yr, (nuint)i);
            r1.StoreUnsafe(ref yr, (nuint)(i + v));
        }
        if (i <= n - v)
        {
            TOp.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
            i += v;
        }
        if (i != n) last.StoreUnsafe(ref yr, (nuint)(n - v));
    }


    /// <summary>Vector 512 path; requires x.Length &gt;= Vector 512 count. Tail: one overlapping last vector computed before any store.</summary>
    internal static void ApplyV512<TOp>(ReadOnlySpan<float> x, Span<float> y) where TOp : IUnaryOperator
    {
        int n = x.Length;
        int v = Vector512<float>.Count;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        Vector512<float> last = TOp.Invoke(Vector512.LoadUnsafe(ref xr, (nuint)(n - v)));
        int i = 0;
        for (; i <= n - 2 * v; i += 2 * v)
        {
            Vector512<float> r0 = TOp.Invoke(Vector512.LoadUnsafe(ref xr, (nuint)i));
            Vector512<float> r1 = TOp.Invoke(Vector512.LoadUnsafe(ref xr, (nuint)(i + v)));
            r0.StoreUnsafe(ref yr, (nuint)i);
            r1.StoreUnsafe(ref yr, (nuint)(i + v));
        }
        if (i <= n - v)
        {
            TOp.Invoke(Vector512.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
            i += v;
        }
        if (i != n) last.StoreUnsafe(ref yr, (nuint)(n - v));
    }

}
