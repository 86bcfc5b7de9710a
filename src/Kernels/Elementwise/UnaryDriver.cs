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

    /// <summary>
    /// <see cref="Apply{TOp}"/> with each result clamped to [<paramref name="lo"/>, <paramref name="hi"/>] (TFLite's
    /// min(max(., lo), hi)) when <typeparamref name="TClamp"/> is enabled: an activation fused into the function.
    /// </summary>
    public static void Apply<TOp, TClamp>(ReadOnlySpan<float> x, Span<float> y, float lo, float hi) where TOp : IUnaryOperator where TClamp : IActivationClamp
    {
        Guard.SameLengthNoPartialOverlap(x, y);
        int n = x.Length;
        if (TOp.Vectorizable)
        {
            if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count) { ApplyV512<TOp, TClamp>(x, y, lo, hi); return; }
            if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count) { ApplyV256<TOp, TClamp>(x, y, lo, hi); return; }
            if (Vector128.IsHardwareAccelerated && n >= Vector128<float>.Count) { ApplyV128<TOp, TClamp>(x, y, lo, hi); return; }
        }
        ApplyScalar<TOp, TClamp>(x, y, lo, hi);
    }

    internal static void ApplyScalar<TOp, TClamp>(ReadOnlySpan<float> x, Span<float> y, float lo, float hi) where TOp : IUnaryOperator where TClamp : IActivationClamp
    {
        for (int i = 0; i < x.Length; i++)
        {
            float v = TOp.Invoke(x[i]);
            y[i] = TClamp.Enabled ? Clamp.Apply(v, lo, hi) : v;
        }
    }

    /// <summary>Vector 128 path; requires x.Length &gt;= Vector 128 count. Tail: one overlapping last vector computed before any store.</summary>
    internal static void ApplyV128<TOp>(ReadOnlySpan<float> x, Span<float> y) where TOp : IUnaryOperator => ApplyV128<TOp, NoClamp>(x, y, 0f, 0f);

    /// <summary>As <see cref="ApplyV128{TOp}"/>, each result clamped to [lo, hi] when <typeparamref name="TClamp"/> is enabled.</summary>
    internal static void ApplyV128<TOp, TClamp>(ReadOnlySpan<float> x, Span<float> y, float lo, float hi) where TOp : IUnaryOperator where TClamp : IActivationClamp
    {
        int n = x.Length;
        int v = Vector128<float>.Count;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        var vlo = Vector128.Create(lo);
        var vhi = Vector128.Create(hi);
        Vector128<float> last = Op<TOp, TClamp>(Vector128.LoadUnsafe(ref xr, (nuint)(n - v)), vlo, vhi);
        int i = 0;
        for (; i <= n - 2 * v; i += 2 * v)
        {
            Vector128<float> r0 = Op<TOp, TClamp>(Vector128.LoadUnsafe(ref xr, (nuint)i), vlo, vhi);
            Vector128<float> r1 = Op<TOp, TClamp>(Vector128.LoadUnsafe(ref xr, (nuint)(i + v)), vlo, vhi);
            r0.StoreUnsafe(ref yr, (nuint)i);
            r1.StoreUnsafe(ref yr, (nuint)(i + v));
        }
        if (i <= n - v)
        {
            Op<TOp, TClamp>(Vector128.LoadUnsafe(ref xr, (nuint)i), vlo, vhi).StoreUnsafe(ref yr, (nuint)i);
            i += v;
        }
        if (i != n) last.StoreUnsafe(ref yr, (nuint)(n - v));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Op<TOp, TClamp>(Vector128<float> x, Vector128<float> lo, Vector128<float> hi) where TOp : IUnaryOperator where TClamp : IActivationClamp
    {
        var r = TOp.Invoke(x);
        return TClamp.Enabled ? Clamp.Apply(r, lo, hi) : r;
    }


    /// <summary>Vector 256 path; requires x.Length &gt;= Vector 256 count. Tail: one overlapping last vector computed before any store.</summary>
    internal static void ApplyV256<TOp>(ReadOnlySpan<float> x, Span<float> y) where TOp : IUnaryOperator => ApplyV256<TOp, NoClamp>(x, y, 0f, 0f);

    /// <summary>As <see cref="ApplyV256{TOp}"/>, each result clamped to [lo, hi] when <typeparamref name="TClamp"/> is enabled.</summary>
    internal static void ApplyV256<TOp, TClamp>(ReadOnlySpan<float> x, Span<float> y, float lo, float hi) where TOp : IUnaryOperator where TClamp : IActivationClamp
    {
        int n = x.Length;
        int v = Vector256<float>.Count;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        var vlo = Vector256.Create(lo);
        var vhi = Vector256.Create(hi);
        Vector256<float> last = Op<TOp, TClamp>(Vector256.LoadUnsafe(ref xr, (nuint)(n - v)), vlo, vhi);
        int i = 0;
        for (; i <= n - 2 * v; i += 2 * v)
        {
            Vector256<float> r0 = Op<TOp, TClamp>(Vector256.LoadUnsafe(ref xr, (nuint)i), vlo, vhi);
            Vector256<float> r1 = Op<TOp, TClamp>(Vector256.LoadUnsafe(ref xr, (nuint)(i + v)), vlo, vhi);
            r0.StoreUnsafe(ref yr, (nuint)i);
            r1.StoreUnsafe(ref yr, (nuint)(i + v));
        }
        if (i <= n - v)
        {
            Op<TOp, TClamp>(Vector256.LoadUnsafe(ref xr, (nuint)i), vlo, vhi).StoreUnsafe(ref yr, (nuint)i);
            i += v;
        }
        if (i != n) last.StoreUnsafe(ref yr, (nuint)(n - v));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Op<TOp, TClamp>(Vector256<float> x, Vector256<float> lo, Vector256<float> hi) where TOp : IUnaryOperator where TClamp : IActivationClamp
    {
        var r = TOp.Invoke(x);
        return TClamp.Enabled ? Clamp.Apply(r, lo, hi) : r;
    }


    /// <summary>Vector 512 path; requires x.Length &gt;= Vector 512 count. Tail: one overlapping last vector computed before any store.</summary>
    internal static void ApplyV512<TOp>(ReadOnlySpan<float> x, Span<float> y) where TOp : IUnaryOperator => ApplyV512<TOp, NoClamp>(x, y, 0f, 0f);

    /// <summary>As <see cref="ApplyV512{TOp}"/>, each result clamped to [lo, hi] when <typeparamref name="TClamp"/> is enabled.</summary>
    internal static void ApplyV512<TOp, TClamp>(ReadOnlySpan<float> x, Span<float> y, float lo, float hi) where TOp : IUnaryOperator where TClamp : IActivationClamp
    {
        int n = x.Length;
        int v = Vector512<float>.Count;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        var vlo = Vector512.Create(lo);
        var vhi = Vector512.Create(hi);
        Vector512<float> last = Op<TOp, TClamp>(Vector512.LoadUnsafe(ref xr, (nuint)(n - v)), vlo, vhi);
        int i = 0;
        for (; i <= n - 2 * v; i += 2 * v)
        {
            Vector512<float> r0 = Op<TOp, TClamp>(Vector512.LoadUnsafe(ref xr, (nuint)i), vlo, vhi);
            Vector512<float> r1 = Op<TOp, TClamp>(Vector512.LoadUnsafe(ref xr, (nuint)(i + v)), vlo, vhi);
            r0.StoreUnsafe(ref yr, (nuint)i);
            r1.StoreUnsafe(ref yr, (nuint)(i + v));
        }
        if (i <= n - v)
        {
            Op<TOp, TClamp>(Vector512.LoadUnsafe(ref xr, (nuint)i), vlo, vhi).StoreUnsafe(ref yr, (nuint)i);
            i += v;
        }
        if (i != n) last.StoreUnsafe(ref yr, (nuint)(n - v));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Op<TOp, TClamp>(Vector512<float> x, Vector512<float> lo, Vector512<float> hi) where TOp : IUnaryOperator where TClamp : IActivationClamp
    {
        var r = TOp.Invoke(x);
        return TClamp.Enabled ? Clamp.Apply(r, lo, hi) : r;
    }

}
