using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ManagedLite.Kernels.Elementwise;

/// <summary>
/// Vector transcendentals for float lanes, computed in double lanes (the runtime's vectorized double exp) and
/// rounded once to float, so they agree with the scalar MathF forms to within 1 ulp (almost always exactly).
/// </summary>
public static class VectorMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Exp(Vector128<float> x)
    {
        var (lo, hi) = Vector128.Widen(x);
        return Vector128.Narrow(Vector128.Exp(lo), Vector128.Exp(hi));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        var (lo, hi) = Vector256.Widen(x);
        return Vector256.Narrow(Vector256.Exp(lo), Vector256.Exp(hi));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        var (lo, hi) = Vector512.Widen(x);
        return Vector512.Narrow(Vector512.Exp(lo), Vector512.Exp(hi));
    }

    // tanh in double: |x| < 2^-12: x - x^3/3; otherwise sign(x) * (1 - e) / (1 + e) with e = exp(-2|x|).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> TanhD(Vector128<double> x)
    {
        var ax = Vector128.Abs(x);
        var e = Vector128.Exp(ax * Vector128.Create(-2.0));
        var big = (Vector128<double>.One - e) / (Vector128<double>.One + e);
        big = Vector128.ConditionalSelect(Vector128.Create(-0.0), x, big);
        var small = x - x * x * x * Vector128.Create(1.0 / 3.0);
        return Vector128.ConditionalSelect(Vector128.LessThan(ax, Vector128.Create(1.0 / 4096)), small, big);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> TanhD(Vector256<double> x)
    {
        var ax = Vector256.Abs(x);
        var e = Vector256.Exp(ax * Vector256.Create(-2.0));
        var big = (Vector256<double>.One - e) / (Vector256<double>.One + e);
        big = Vector256.ConditionalSelect(Vector256.Create(-0.0), x, big);
        var small = x - x * x * x * Vector256.Create(1.0 / 3.0);
        return Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(1.0 / 4096)), small, big);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> TanhD(Vector512<double> x)
    {
        var ax = Vector512.Abs(x);
        var e = Vector512.Exp(ax * Vector512.Create(-2.0));
        var big = (Vector512<double>.One - e) / (Vector512<double>.One + e);
        big = Vector512.ConditionalSelect(Vector512.Create(-0.0), x, big);
        var small = x - x * x * x * Vector512.Create(1.0 / 3.0);
        return Vector512.ConditionalSelect(Vector512.LessThan(ax, Vector512.Create(1.0 / 4096)), small, big);
    }

    public static Vector128<float> Tanh(Vector128<float> x)
    {
        var (lo, hi) = Vector128.Widen(x);
        return Vector128.Narrow(TanhD(lo), TanhD(hi));
    }

    public static Vector256<float> Tanh(Vector256<float> x)
    {
        var (lo, hi) = Vector256.Widen(x);
        return Vector256.Narrow(TanhD(lo), TanhD(hi));
    }

    public static Vector512<float> Tanh(Vector512<float> x)
    {
        var (lo, hi) = Vector512.Widen(x);
        return Vector512.Narrow(TanhD(lo), TanhD(hi));
    }

    // expm1 in double: |x| < 1e-5: x + x^2/2 + x^3/6, else exp(x) - 1 (same formula as ScalarMath.Expm1).
    private static Vector128<double> Expm1D(Vector128<double> x)
    {
        var small = x + x * x * Vector128.Create(0.5) + x * x * x * Vector128.Create(1.0 / 6.0);
        var big = Vector128.Exp(x) - Vector128<double>.One;
        return Vector128.ConditionalSelect(Vector128.LessThan(Vector128.Abs(x), Vector128.Create(1e-5)), small, big);
    }

    private static Vector256<double> Expm1D(Vector256<double> x)
    {
        var small = x + x * x * Vector256.Create(0.5) + x * x * x * Vector256.Create(1.0 / 6.0);
        var big = Vector256.Exp(x) - Vector256<double>.One;
        return Vector256.ConditionalSelect(Vector256.LessThan(Vector256.Abs(x), Vector256.Create(1e-5)), small, big);
    }

    private static Vector512<double> Expm1D(Vector512<double> x)
    {
        var small = x + x * x * Vector512.Create(0.5) + x * x * x * Vector512.Create(1.0 / 6.0);
        var big = Vector512.Exp(x) - Vector512<double>.One;
        return Vector512.ConditionalSelect(Vector512.LessThan(Vector512.Abs(x), Vector512.Create(1e-5)), small, big);
    }

    public static Vector128<float> Expm1(Vector128<float> x)
    {
        var (lo, hi) = Vector128.Widen(x);
        return Vector128.Narrow(Expm1D(lo), Expm1D(hi));
    }

    public static Vector256<float> Expm1(Vector256<float> x)
    {
        var (lo, hi) = Vector256.Widen(x);
        return Vector256.Narrow(Expm1D(lo), Expm1D(hi));
    }

    public static Vector512<float> Expm1(Vector512<float> x)
    {
        var (lo, hi) = Vector512.Widen(x);
        return Vector512.Narrow(Expm1D(lo), Expm1D(hi));
    }
}
