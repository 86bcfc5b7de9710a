using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ManagedLite.Kernels.Elementwise;

/// <summary>
/// Whether a driver applies TFLite's fused-activation clamp min(max(x, lo), hi) after the operator.
/// A type parameter (not a bool) so that the JIT removes the clamp from the loop when it is off.
/// </summary>
public interface IActivationClamp
{
    static abstract bool Enabled { get; }
}

/// <summary>No fused activation.</summary>
public readonly struct NoClamp : IActivationClamp
{
    public static bool Enabled => false;
}

/// <summary>Fused activation clamp to [min, max].</summary>
public readonly struct MinMaxClamp : IActivationClamp
{
    public static bool Enabled => true;
}

/// <summary>TFLite's ActivationFunctionWithMinMax, with std::max/std::min's exact comparison order (NaN passes through).</summary>
public static class Clamp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Apply(float x, float lo, float hi)
    {
        float t = x < lo ? lo : x;
        return hi < t ? hi : t;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Apply(Vector128<float> x, Vector128<float> lo, Vector128<float> hi)
    {
        var t = Vector128.ConditionalSelect(Vector128.LessThan(x, lo), lo, x);
        return Vector128.ConditionalSelect(Vector128.LessThan(hi, t), hi, t);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Apply(Vector256<float> x, Vector256<float> lo, Vector256<float> hi)
    {
        var t = Vector256.ConditionalSelect(Vector256.LessThan(x, lo), lo, x);
        return Vector256.ConditionalSelect(Vector256.LessThan(hi, t), hi, t);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Apply(Vector512<float> x, Vector512<float> lo, Vector512<float> hi)
    {
        var t = Vector512.ConditionalSelect(Vector512.LessThan(x, lo), lo, x);
        return Vector512.ConditionalSelect(Vector512.LessThan(hi, t), hi, t);
    }
}
