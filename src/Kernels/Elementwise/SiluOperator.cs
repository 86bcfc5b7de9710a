using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ManagedLite.Kernels.Elementwise;

/// <summary>
/// SiLU (swish): x * LOGISTIC(x), the LOGISTIC of <see cref="LogisticOperator"/> (its TFLite cutoffs, its vector exp)
/// multiplied by x once. Each form gives the bits of that LOGISTIC form followed by a float32 MUL of its result and x,
/// so a fused LOGISTIC + MUL pair computes exactly what the two nodes did. Extremes: NaN gives NaN, +inf gives +inf,
/// -inf gives NaN (-inf * 0, as x / (1 + exp(-x)) does), -0 gives -0.
/// </summary>
public readonly struct SiluOperator : IUnaryOperator
{
    public static bool Vectorizable => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x) => x * LogisticOperator.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Invoke(Vector128<float> x) => x * LogisticOperator.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Invoke(Vector256<float> x) => x * LogisticOperator.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Invoke(Vector512<float> x) => x * LogisticOperator.Invoke(x);
}
