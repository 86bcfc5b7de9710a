using System.Runtime.Intrinsics;

namespace ManagedLite.Kernels.Elementwise;

/// <summary>Lane-by-lane application of a scalar operator, for operators with no vector formula.</summary>
internal static class Lanes
{
    public static Vector128<float> Map<TOp>(Vector128<float> x) where TOp : IUnaryOperator
    {
        Span<float> t = stackalloc float[Vector128<float>.Count];
        x.CopyTo(t);
        for (int i = 0; i < t.Length; i++) t[i] = TOp.Invoke(t[i]);
        return Vector128.Create<float>(t);
    }

    public static Vector256<float> Map<TOp>(Vector256<float> x) where TOp : IUnaryOperator
    {
        Span<float> t = stackalloc float[Vector256<float>.Count];
        x.CopyTo(t);
        for (int i = 0; i < t.Length; i++) t[i] = TOp.Invoke(t[i]);
        return Vector256.Create<float>(t);
    }

    public static Vector512<float> Map<TOp>(Vector512<float> x) where TOp : IUnaryOperator
    {
        Span<float> t = stackalloc float[Vector512<float>.Count];
        x.CopyTo(t);
        for (int i = 0; i < t.Length; i++) t[i] = TOp.Invoke(t[i]);
        return Vector512.Create<float>(t);
    }

    public static Vector128<float> Map<TOp>(Vector128<float> x, Vector128<float> y) where TOp : IBinaryOperator
    {
        Span<float> t = stackalloc float[2 * Vector128<float>.Count];
        x.CopyTo(t);
        y.CopyTo(t[Vector128<float>.Count..]);
        for (int i = 0; i < Vector128<float>.Count; i++) t[i] = TOp.Invoke(t[i], t[i + Vector128<float>.Count]);
        return Vector128.Create<float>(t);
    }

    public static Vector256<float> Map<TOp>(Vector256<float> x, Vector256<float> y) where TOp : IBinaryOperator
    {
        Span<float> t = stackalloc float[2 * Vector256<float>.Count];
        x.CopyTo(t);
        y.CopyTo(t[Vector256<float>.Count..]);
        for (int i = 0; i < Vector256<float>.Count; i++) t[i] = TOp.Invoke(t[i], t[i + Vector256<float>.Count]);
        return Vector256.Create<float>(t);
    }

    public static Vector512<float> Map<TOp>(Vector512<float> x, Vector512<float> y) where TOp : IBinaryOperator
    {
        Span<float> t = stackalloc float[2 * Vector512<float>.Count];
        x.CopyTo(t);
        y.CopyTo(t[Vector512<float>.Count..]);
        for (int i = 0; i < Vector512<float>.Count; i++) t[i] = TOp.Invoke(t[i], t[i + Vector512<float>.Count]);
        return Vector512.Create<float>(t);
    }
}
