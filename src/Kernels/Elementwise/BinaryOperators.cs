// Operator structs: the scalar formula (TFLite exact) and its vector forms, written side by side.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ManagedLite.Kernels.Elementwise;

/// <summary>ADD: x + y.</summary>
public readonly struct AddOperator : IBinaryOperator
{
    public static bool Vectorizable => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x, float y) => x + y;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => x + y;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => x + y;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => x + y;
}

/// <summary>SUB: x - y.</summary>
public readonly struct SubOperator : IBinaryOperator
{
    public static bool Vectorizable => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x, float y) => x - y;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => x - y;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => x - y;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => x - y;
}

/// <summary>MUL: x * y.</summary>
public readonly struct MulOperator : IBinaryOperator
{
    public static bool Vectorizable => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x, float y) => x * y;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => x * y;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => x * y;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => x * y;
}

/// <summary>DIV: x / y.</summary>
public readonly struct DivOperator : IBinaryOperator
{
    public static bool Vectorizable => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x, float y) => x / y;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => x / y;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => x / y;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => x / y;
}

/// <summary>MAXIMUM: x &gt; y ? x : y (TFLite's comparison; a NaN in x yields y).</summary>
public readonly struct MaximumOperator : IBinaryOperator
{
    public static bool Vectorizable => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x, float y) => x > y ? x : y;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, y), x, y);
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, y), x, y);
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, y), x, y);
}

/// <summary>MINIMUM: x &lt; y ? x : y.</summary>
public readonly struct MinimumOperator : IBinaryOperator
{
    public static bool Vectorizable => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x, float y) => x < y ? x : y;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => Vector128.ConditionalSelect(Vector128.LessThan(x, y), x, y);
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => Vector256.ConditionalSelect(Vector256.LessThan(x, y), x, y);
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => Vector512.ConditionalSelect(Vector512.LessThan(x, y), x, y);
}

/// <summary>SQUARED_DIFFERENCE: (x - y) * (x - y).</summary>
public readonly struct SquaredDifferenceOperator : IBinaryOperator
{
    public static bool Vectorizable => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x, float y) => (x - y) * (x - y);
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => (x - y) * (x - y);
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => (x - y) * (x - y);
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => (x - y) * (x - y);
}

/// <summary>POW: pow(x, y).</summary>
public readonly struct PowOperator : IBinaryOperator
{
    public static bool Vectorizable => false;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x, float y) => MathF.Pow(x, y);
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => Lanes.Map<PowOperator>(x, y);
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => Lanes.Map<PowOperator>(x, y);
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => Lanes.Map<PowOperator>(x, y);
}

/// <summary>PRELU with y = alpha: x &gt;= 0 ? x : x * alpha.</summary>
public readonly struct PreluOperator : IBinaryOperator
{
    public static bool Vectorizable => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x, float y) => x >= 0f ? x : x * y;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(x, Vector128<float>.Zero), x, x * y);
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256<float>.Zero), x, x * y);
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512<float>.Zero), x, x * y);
}

/// <summary>LEAKY_RELU with y = alpha: x &gt; 0 ? x : x * alpha (TFLite reference; alpha may exceed 1).</summary>
public readonly struct LeakyReluOperator : IBinaryOperator
{
    public static bool Vectorizable => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x, float y) => x > 0f ? x : x * y;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), x, x * y);
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x, x * y);
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), x, x * y);
}
