using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ManagedLite.Kernels.Elementwise;

namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// SiLU (swish) y = clamp(x * LOGISTIC(x), lo, hi) in one pass over memory: a LOGISTIC node and the MUL of its output by
/// its input fused (pass "fuse-silu"). Vectorized as <see cref="UnaryDriver"/> runs <see cref="LogisticOperator"/> (the
/// widest hardware-accelerated vector that fits, the tail by one overlapping last vector computed before any store, the
/// scalar formula only below one 128-bit vector), then the MUL and TFLite's min(max(., lo), hi) clamp per lane: every
/// element gets the bits the unfused LOGISTIC then MUL give over the same range. The output may alias the input exactly.
/// </summary>
public static class Silu
{
    /// <summary>Clamps to [<paramref name="lo"/>, <paramref name="hi"/>] (the MUL's activation range) unless both are infinite.</summary>
    public static void Apply(ReadOnlySpan<float> x, Span<float> y, float lo, float hi)
    {
        if (float.IsNegativeInfinity(lo) && float.IsPositiveInfinity(hi)) Apply<NoClamp>(x, y, lo, hi);
        else Apply<MinMaxClamp>(x, y, lo, hi);
    }

    private static void Apply<TClamp>(ReadOnlySpan<float> x, Span<float> y, float lo, float hi) where TClamp : IActivationClamp
    {
        Guard.SameLengthNoPartialOverlap(x, y);
        int n = x.Length;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count) { ApplyV512<TClamp>(x, y, lo, hi); return; }
        if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count) { ApplyV256<TClamp>(x, y, lo, hi); return; }
        if (Vector128.IsHardwareAccelerated && n >= Vector128<float>.Count) { ApplyV128<TClamp>(x, y, lo, hi); return; }
        ApplyScalar<TClamp>(x, y, lo, hi);
    }

    internal static void ApplyScalar<TClamp>(ReadOnlySpan<float> x, Span<float> y, float lo, float hi) where TClamp : IActivationClamp
    {
        for (int i = 0; i < x.Length; i++)
        {
            float v = SiluOperator.Invoke(x[i]);
            y[i] = TClamp.Enabled ? Clamp.Apply(v, lo, hi) : v;
        }
    }

    /// <summary>Vector 128 path; requires x.Length &gt;= Vector 128 count.</summary>
    internal static void ApplyV128<TClamp>(ReadOnlySpan<float> x, Span<float> y, float lo, float hi) where TClamp : IActivationClamp
    {
        int n = x.Length;
        int v = Vector128<float>.Count;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        var vlo = Vector128.Create(lo);
        var vhi = Vector128.Create(hi);
        Vector128<float> last = Op<TClamp>(Vector128.LoadUnsafe(ref xr, (nuint)(n - v)), vlo, vhi);
        int i = 0;
        for (; i <= n - 2 * v; i += 2 * v)
        {
            Vector128<float> r0 = Op<TClamp>(Vector128.LoadUnsafe(ref xr, (nuint)i), vlo, vhi);
            Vector128<float> r1 = Op<TClamp>(Vector128.LoadUnsafe(ref xr, (nuint)(i + v)), vlo, vhi);
            r0.StoreUnsafe(ref yr, (nuint)i);
            r1.StoreUnsafe(ref yr, (nuint)(i + v));
        }
        if (i <= n - v)
        {
            Op<TClamp>(Vector128.LoadUnsafe(ref xr, (nuint)i), vlo, vhi).StoreUnsafe(ref yr, (nuint)i);
            i += v;
        }
        if (i != n) last.StoreUnsafe(ref yr, (nuint)(n - v));
    }

    /// <summary>Vector 256 path; requires x.Length &gt;= Vector 256 count.</summary>
    internal static void ApplyV256<TClamp>(ReadOnlySpan<float> x, Span<float> y, float lo, float hi) where TClamp : IActivationClamp
    {
        int n = x.Length;
        int v = Vector256<float>.Count;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        var vlo = Vector256.Create(lo);
        var vhi = Vector256.Create(hi);
        Vector256<float> last = Op<TClamp>(Vector256.LoadUnsafe(ref xr, (nuint)(n - v)), vlo, vhi);
        int i = 0;
        for (; i <= n - 2 * v; i += 2 * v)
        {
            Vector256<float> r0 = Op<TClamp>(Vector256.LoadUnsafe(ref xr, (nuint)i), vlo, vhi);
            Vector256<float> r1 = Op<TClamp>(Vector256.LoadUnsafe(ref xr, (nuint)(i + v)), vlo, vhi);
            r0.StoreUnsafe(ref yr, (nuint)i);
            r1.StoreUnsafe(ref yr, (nuint)(i + v));
        }
        if (i <= n - v)
        {
            Op<TClamp>(Vector256.LoadUnsafe(ref xr, (nuint)i), vlo, vhi).StoreUnsafe(ref yr, (nuint)i);
            i += v;
        }
        if (i != n) last.StoreUnsafe(ref yr, (nuint)(n - v));
    }

    /// <summary>Vector 512 path; requires x.Length &gt;= Vector 512 count.</summary>
    internal static void ApplyV512<TClamp>(ReadOnlySpan<float> x, Span<float> y, float lo, float hi) where TClamp : IActivationClamp
    {
        int n = x.Length;
        int v = Vector512<float>.Count;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        var vlo = Vector512.Create(lo);
        var vhi = Vector512.Create(hi);
        Vector512<float> last = Op<TClamp>(Vector512.LoadUnsafe(ref xr, (nuint)(n - v)), vlo, vhi);
        int i = 0;
        for (; i <= n - 2 * v; i += 2 * v)
        {
            Vector512<float> r0 = Op<TClamp>(Vector512.LoadUnsafe(ref xr, (nuint)i), vlo, vhi);
            Vector512<float> r1 = Op<TClamp>(Vector512.LoadUnsafe(ref xr, (nuint)(i + v)), vlo, vhi);
            r0.StoreUnsafe(ref yr, (nuint)i);
            r1.StoreUnsafe(ref yr, (nuint)(i + v));
        }
        if (i <= n - v)
        {
            Op<TClamp>(Vector512.LoadUnsafe(ref xr, (nuint)i), vlo, vhi).StoreUnsafe(ref yr, (nuint)i);
            i += v;
        }
        if (i != n) last.StoreUnsafe(ref yr, (nuint)(n - v));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Op<TClamp>(Vector128<float> x, Vector128<float> lo, Vector128<float> hi) where TClamp : IActivationClamp
    {
        var r = SiluOperator.Invoke(x);
        return TClamp.Enabled ? Clamp.Apply(r, lo, hi) : r;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Op<TClamp>(Vector256<float> x, Vector256<float> lo, Vector256<float> hi) where TClamp : IActivationClamp
    {
        var r = SiluOperator.Invoke(x);
        return TClamp.Enabled ? Clamp.Apply(r, lo, hi) : r;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Op<TClamp>(Vector512<float> x, Vector512<float> lo, Vector512<float> hi) where TClamp : IActivationClamp
    {
        var r = SiluOperator.Invoke(x);
        return TClamp.Enabled ? Clamp.Apply(r, lo, hi) : r;
    }
}
