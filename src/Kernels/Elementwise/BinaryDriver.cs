using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ManagedLite.Kernels.Elementwise;

/// <summary>
/// Runs an <see cref="IBinaryOperator"/> (plus an optional fused-activation clamp) over equal-length spans,
/// or a span and a scalar, with the widest hardware-accelerated vector that fits and an overlapping last
/// vector for the tail. The output may alias an input exactly (in place); a partial overlap is rejected.
/// </summary>
public static class BinaryDriver
{
    public static void Apply<TOp, TClamp>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y, float lo, float hi)
        where TOp : IBinaryOperator where TClamp : IActivationClamp
    {
        Guard.SameLengthNoPartialOverlap(a, y);
        Guard.SameLengthNoPartialOverlap(b, y);
        int n = y.Length;
        if (TOp.Vectorizable)
        {
            if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count) { ApplyV512<TOp, TClamp>(a, b, y, lo, hi); return; }
            if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count) { ApplyV256<TOp, TClamp>(a, b, y, lo, hi); return; }
            if (Vector128.IsHardwareAccelerated && n >= Vector128<float>.Count) { ApplyV128<TOp, TClamp>(a, b, y, lo, hi); return; }
        }
        for (int i = 0; i < n; i++)
        {
            float r = TOp.Invoke(a[i], b[i]);
            y[i] = TClamp.Enabled ? Clamp.Apply(r, lo, hi) : r;
        }
    }

    public static void ApplyScalarB<TOp, TClamp>(ReadOnlySpan<float> a, float b, Span<float> y, float lo, float hi)
        where TOp : IBinaryOperator where TClamp : IActivationClamp
    {
        Guard.SameLengthNoPartialOverlap(a, y);
        int n = y.Length;
        if (TOp.Vectorizable)
        {
            if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count) { ApplyScalarBV512<TOp, TClamp>(a, b, y, lo, hi); return; }
            if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count) { ApplyScalarBV256<TOp, TClamp>(a, b, y, lo, hi); return; }
            if (Vector128.IsHardwareAccelerated && n >= Vector128<float>.Count) { ApplyScalarBV128<TOp, TClamp>(a, b, y, lo, hi); return; }
        }
        for (int i = 0; i < n; i++)
        {
            float r = TOp.Invoke(a[i], b);
            y[i] = TClamp.Enabled ? Clamp.Apply(r, lo, hi) : r;
        }
    }

    public static void ApplyScalarA<TOp, TClamp>(float a, ReadOnlySpan<float> b, Span<float> y, float lo, float hi)
        where TOp : IBinaryOperator where TClamp : IActivationClamp
    {
        Guard.SameLengthNoPartialOverlap(b, y);
        int n = y.Length;
        if (TOp.Vectorizable)
        {
            if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count) { ApplyScalarAV512<TOp, TClamp>(a, b, y, lo, hi); return; }
            if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count) { ApplyScalarAV256<TOp, TClamp>(a, b, y, lo, hi); return; }
            if (Vector128.IsHardwareAccelerated && n >= Vector128<float>.Count) { ApplyScalarAV128<TOp, TClamp>(a, b, y, lo, hi); return; }
        }
        for (int i = 0; i < n; i++)
        {
            float r = TOp.Invoke(a, b[i]);
            y[i] = TClamp.Enabled ? Clamp.Apply(r, lo, hi) : r;
        }
    }

    /// <summary>Vector 128 path, both operands full length; requires length &gt;= Vector 128 count.</summary>
    internal static void ApplyV128<TOp, TClamp>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y, float lo, float hi)
        where TOp : IBinaryOperator where TClamp : IActivationClamp
    {
        int n = y.Length;
        int v = Vector128<float>.Count;
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float br = ref MemoryMarshal.GetReference(b);
        ref float yr = ref MemoryMarshal.GetReference(y);
        Vector128<float> vlo = Vector128.Create(lo), vhi = Vector128.Create(hi);
        Vector128<float> last = TOp.Invoke(Vector128.LoadUnsafe(ref ar, (nuint)(n - v)), Vector128.LoadUnsafe(ref br, (nuint)(n - v)));
        if (TClamp.Enabled) last = Clamp.Apply(last, vlo, vhi);
        int i = 0;
        for (; i <= n - v; i += v)
        {
            Vector128<float> r = TOp.Invoke(Vector128.LoadUnsafe(ref ar, (nuint)i), Vector128.LoadUnsafe(ref br, (nuint)i));
            if (TClamp.Enabled) r = Clamp.Apply(r, vlo, vhi);
            r.StoreUnsafe(ref yr, (nuint)i);
        }
        if (i != n) last.StoreUnsafe(ref yr, (nuint)(n - v));
    }

    /// <summary>Vector 128 path, b a scalar; requires length &gt;= Vector 128 count.</summary>
    internal static void ApplyScalarBV128<TOp, TClamp>(ReadOnlySpan<float> a, float b, Span<float> y, float lo, float hi)
        where TOp : IBinaryOperator where TClamp : IActivationClamp
    {
        int n = y.Length;
        int v = Vector128<float>.Count;
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float yr = ref MemoryMarshal.GetReference(y);
        Vector128<float> vb = Vector128.Create(b), vlo = Vector128.Create(lo), vhi = Vector128.Create(hi);
        Vector128<float> last = TOp.Invoke(Vector128.LoadUnsafe(ref ar, (nuint)(n - v)), vb);
        if (TClamp.Enabled) last = Clamp.Apply(last, vlo, vhi);
        int i = 0;
        for (; i <= n - v; i += v)
        {
            Vector128<float> r = TOp.Invoke(Vector128.LoadUnsafe(ref ar, (nuint)i), vb);
            if (TClamp.Enabled) r = Clamp.Apply(r, vlo, vhi);
            r.StoreUnsafe(ref yr, (nuint)i);
        }
        if (i != n) last.StoreUnsafe(ref yr, (nuint)(n - v));
    }

    /// <summary>Vector 128 path, a a scalar; requires length &gt;= Vector 128 count.</summary>
    internal static void ApplyScalarAV128<TOp, TClamp>(float a, ReadOnlySpan<float> b, Span<float> y, float lo, float hi)
        where TOp : IBinaryOperator where TClamp : IActivationClamp
    {
        int n = y.Length;
        int v = Vector128<float>.Count;
        ref float br = ref MemoryMarshal.GetReference(b);
        ref float yr = ref MemoryMarshal.GetReference(y);
        Vector128<float> va = Vector128.Create(a), vlo = Vector128.Create(lo), vhi = Vector128.Create(hi);
        Vector128<float> last = TOp.Invoke(va, Vector128.LoadUnsafe(ref br, (nuint)(n - v)));
        if (TClamp.Enabled) last = Clamp.Apply(last, vlo, vhi);
        int i = 0;
        for (; i <= n - v; i += v)
        {
            Vector128<float> r = TOp.Invoke(va, Vector128.LoadUnsafe(ref br, (nuint)i));
            if (TClamp.Enabled) r = Clamp.Apply(r, vlo, vhi);
            r.StoreUnsafe(ref yr, (nuint)i);
        }
        if (i != n) last.StoreUnsafe(ref yr, (nuint)(n - v));
    }


    /// <summary>Vector 256 path, both operands full length; requires length &gt;= Vector 256 count.</summary>
    internal static void ApplyV256<TOp, TClamp>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y, float lo, float hi)
        where TOp : IBinaryOperator where TClamp : IActivationClamp
    {
        int n = y.Length;
        int v = Vector256<float>.Count;
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float br = ref MemoryMarshal.GetReference(b);
        ref float yr = ref MemoryMarshal.GetReference(y);
        Vector256<float> vlo = Vector256.Create(lo), vhi = Vector256.Create(hi);
        Vector256<float> last = TOp.Invoke(Vector256.LoadUnsafe(ref ar, (nuint)(n - v)), Vector256.LoadUnsafe(ref br, (nuint)(n - v)));
        if (TClamp.Enabled) last = Clamp.Apply(last, vlo, vhi);
        int i = 0;
        for (; i <= n - v; i += v)
        {
            Vector256<float> r = TOp.Invoke(Vector256.LoadUnsafe(ref ar, (nuint)i), Vector256.LoadUnsafe(ref br, (nuint)i));
            if (TClamp.Enabled) r = Clamp.Apply(r, vlo, vhi);
            r.StoreUnsafe(ref yr, (nuint)i);
        }
        if (i != n) last.StoreUnsafe(ref yr, (nuint)(n - v));
    }

    /// <summary>Vector 256 path, b a scalar; requires length &gt;= Vector 256 count.</summary>
    internal static void ApplyScalarBV256<TOp, TClamp>(ReadOnlySpan<float> a, float b, Span<float> y, float lo, float hi)
        where TOp : IBinaryOperator where TClamp : IActivationClamp
    {
        int n = y.Length;
        int v = Vector256<float>.Count;
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float yr = ref MemoryMarshal.GetReference(y);
        Vector256<float> vb = Vector256.Create(b), vlo = Vector256.Create(lo), vhi = Vector256.Create(hi);
        Vector256<float> last = TOp.Invoke(Vector256.LoadUnsafe(ref ar, (nuint)(n - v)), vb);
        if (TClamp.Enabled) last = Clamp.Apply(last, vlo, vhi);
        int i = 0;
        for (; i <= n - v; i += v)
        {
            Vector256<float> r = TOp.Invoke(Vector256.LoadUnsafe(ref ar, (nuint)i), vb);
            if (TClamp.Enabled) r = Clamp.Apply(r, vlo, vhi);
            r.StoreUnsafe(ref yr, (nuint)i);
        }
        if (i != n) last.StoreUnsafe(ref yr, (nuint)(n - v));
    }

    /// <summary>Vector 256 path, a a scalar; requires length &gt;= Vector 256 count.</summary>
    internal static void ApplyScalarAV256<TOp, TClamp>(float a, ReadOnlySpan<float> b, Span<float> y, float lo, float hi)
        where TOp : IBinaryOperator where TClamp : IActivationClamp
    {
        int n = y.Length;
        int v = Vector256<float>.Count;
        ref float br = ref MemoryMarshal.GetReference(b);
        ref float yr = ref MemoryMarshal.GetReference(y);
        Vector256<float> va = Vector256.Create(a), vlo = Vector256.Create(lo), vhi = Vector256.Create(hi);
        Vector256<float> last = TOp.Invoke(va, Vector256.LoadUnsafe(ref br, (nuint)(n - v)));
        if (TClamp.Enabled) last = Clamp.Apply(last, vlo, vhi);
        int i = 0;
        for (; i <= n - v; i += v)
        {
            Vector256<float> r = TOp.Invoke(va, Vector256.LoadUnsafe(ref br, (nuint)i));
            if (TClamp.Enabled) r = Clamp.Apply(r, vlo, vhi);
            r.StoreUnsafe(ref yr, (nuint)i);
        }
        if (i != n) last.StoreUnsafe(ref yr, (nuint)(n - v));
    }


    /// <summary>Vector 512 path, both operands full length; requires length &gt;= Vector 512 count.</summary>
    internal static void ApplyV512<TOp, TClamp>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y, float lo, float hi)
        where TOp : IBinaryOperator where TClamp : IActivationClamp
    {
        int n = y.Length;
        int v = Vector512<float>.Count;
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float br = ref MemoryMarshal.GetReference(b);
        ref float yr = ref MemoryMarshal.GetReference(y);
        Vector512<float> vlo = Vector512.Create(lo), vhi = Vector512.Create(hi);
        Vector512<float> last = TOp.Invoke(Vector512.LoadUnsafe(ref ar, (nuint)(n - v)), Vector512.LoadUnsafe(ref br, (nuint)(n - v)));
        if (TClamp.Enabled) last = Clamp.Apply(last, vlo, vhi);
        int i = 0;
        for (; i <= n - v; i += v)
        {
            Vector512<float> r = TOp.Invoke(Vector512.LoadUnsafe(ref ar, (nuint)i), Vector512.LoadUnsafe(ref br, (nuint)i));
            if (TClamp.Enabled) r = Clamp.Apply(r, vlo, vhi);
            r.StoreUnsafe(ref yr, (nuint)i);
        }
        if (i != n) last.StoreUnsafe(ref yr, (nuint)(n - v));
    }

    /// <summary>Vector 512 path, b a scalar; requires length &gt;= Vector 512 count.</summary>
    internal static void ApplyScalarBV512<TOp, TClamp>(ReadOnlySpan<float> a, float b, Span<float> y, float lo, float hi)
        where TOp : IBinaryOperator where TClamp : IActivationClamp
    {
        int n = y.Length;
        int v = Vector512<float>.Count;
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float yr = ref MemoryMarshal.GetReference(y);
        Vector512<float> vb = Vector512.Create(b), vlo = Vector512.Create(lo), vhi = Vector512.Create(hi);
        Vector512<float> last = TOp.Invoke(Vector512.LoadUnsafe(ref ar, (nuint)(n - v)), vb);
        if (TClamp.Enabled) last = Clamp.Apply(last, vlo, vhi);
        int i = 0;
        for (; i <= n - v; i += v)
        {
            Vector512<float> r = TOp.Invoke(Vector512.LoadUnsafe(ref ar, (nuint)i), vb);
            if (TClamp.Enabled) r = Clamp.Apply(r, vlo, vhi);
            r.StoreUnsafe(ref yr, (nuint)i);
        }
        if (i != n) last.StoreUnsafe(ref yr, (nuint)(n - v));
    }

    /// <summary>Vector 512 path, a a scalar; requires length &gt;= Vector 512 count.</summary>
    internal static void ApplyScalarAV512<TOp, TClamp>(float a, ReadOnlySpan<float> b, Span<float> y, float lo, float hi)
        where TOp : IBinaryOperator where TClamp : IActivationClamp
    {
        int n = y.Length;
        int v = Vector512<float>.Count;
        ref float br = ref MemoryMarshal.GetReference(b);
        ref float yr = ref MemoryMarshal.GetReference(y);
        Vector512<float> va = Vector512.Create(a), vlo = Vector512.Create(lo), vhi = Vector512.Create(hi);
        Vector512<float> last = TOp.Invoke(va, Vector512.LoadUnsafe(ref br, (nuint)(n - v)));
        if (TClamp.Enabled) last = Clamp.Apply(last, vlo, vhi);
        int i = 0;
        for (; i <= n - v; i += v)
        {
            Vector512<float> r = TOp.Invoke(va, Vector512.LoadUnsafe(ref br, (nuint)i));
            if (TClamp.Enabled) r = Clamp.Apply(r, vlo, vhi);
            r.StoreUnsafe(ref yr, (nuint)i);
        }
        if (i != n) last.StoreUnsafe(ref yr, (nuint)(n - v));
    }

}
