// Operator structs: the scalar formula (TFLite exact) and its vector forms, written side by side.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ManagedLite.Kernels.Elementwise;

/// <summary>RELU: x &lt; 0 ? 0 : x (TFLite reference).</summary>
public readonly struct ReluOperator : IUnaryOperator
{
    public static bool Vectorizable => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x) => x < 0f ? 0f : x;
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128<float>.Zero), Vector128<float>.Zero, x);
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), Vector256<float>.Zero, x);
    public static Vector512<float> Invoke(Vector512<float> x) => Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<float>.Zero), Vector512<float>.Zero, x);
}

/// <summary>RELU6: min(max(0, x), 6) with std::max/std::min comparison order (NaN gives 0).</summary>
public readonly struct Relu6Operator : IUnaryOperator
{
    public static bool Vectorizable => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x) => Relu6Scalar(x);
    public static Vector128<float> Invoke(Vector128<float> x) => Relu6Vec(x);
    public static Vector256<float> Invoke(Vector256<float> x) => Relu6Vec(x);
    public static Vector512<float> Invoke(Vector512<float> x) => Relu6Vec(x);

    private static float Relu6Scalar(float x)
    {
        float t = 0f < x ? x : 0f;   // std::max(0.f, x)
        return t < 6f ? t : 6f;      // std::min(t, 6.f)
    }

    private static Vector128<float> Relu6Vec(Vector128<float> x)
    {
        var t = Vector128.ConditionalSelect(Vector128.LessThan(Vector128<float>.Zero, x), x, Vector128<float>.Zero);
        var six = Vector128.Create(6f);
        return Vector128.ConditionalSelect(Vector128.LessThan(t, six), t, six);
    }

    private static Vector256<float> Relu6Vec(Vector256<float> x)
    {
        var t = Vector256.ConditionalSelect(Vector256.LessThan(Vector256<float>.Zero, x), x, Vector256<float>.Zero);
        var six = Vector256.Create(6f);
        return Vector256.ConditionalSelect(Vector256.LessThan(t, six), t, six);
    }

    private static Vector512<float> Relu6Vec(Vector512<float> x)
    {
        var t = Vector512.ConditionalSelect(Vector512.LessThan(Vector512<float>.Zero, x), x, Vector512<float>.Zero);
        var six = Vector512.Create(6f);
        return Vector512.ConditionalSelect(Vector512.LessThan(t, six), t, six);
    }
}

/// <summary>RELU_N1_TO_1: x &gt; 1 ? 1 : x &lt; -1 ? -1 : x.</summary>
public readonly struct ReluN1To1Operator : IUnaryOperator
{
    public static bool Vectorizable => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x) => x > 1f ? 1f : x < -1f ? -1f : x;
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.One), Vector128<float>.One, Vector128.ConditionalSelect(Vector128.LessThan(x, -Vector128<float>.One), -Vector128<float>.One, x));
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.One), Vector256<float>.One, Vector256.ConditionalSelect(Vector256.LessThan(x, -Vector256<float>.One), -Vector256<float>.One, x));
    public static Vector512<float> Invoke(Vector512<float> x) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.One), Vector512<float>.One, Vector512.ConditionalSelect(Vector512.LessThan(x, -Vector512<float>.One), -Vector512<float>.One, x));
}

/// <summary>RELU_0_TO_1: x &gt; 1 ? 1 : x &lt; 0 ? 0 : x.</summary>
public readonly struct Relu0To1Operator : IUnaryOperator
{
    public static bool Vectorizable => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x) => x > 1f ? 1f : x < 0f ? 0f : x;
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.One), Vector128<float>.One, Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128<float>.Zero), Vector128<float>.Zero, x));
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.One), Vector256<float>.One, Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), Vector256<float>.Zero, x));
    public static Vector512<float> Invoke(Vector512<float> x) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.One), Vector512<float>.One, Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<float>.Zero), Vector512<float>.Zero, x));
}

/// <summary>LOGISTIC: x &gt; 16.619047 ? 1 : x &lt; -9 ? exp(x) : 1 / (1 + exp(-x)) (TFLite reference cutoffs).</summary>
public readonly struct LogisticOperator : IUnaryOperator
{
    public static bool Vectorizable => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x) => LogisticScalar(x);
    public static Vector128<float> Invoke(Vector128<float> x) => LogisticVec(x);
    public static Vector256<float> Invoke(Vector256<float> x) => LogisticVec(x);
    public static Vector512<float> Invoke(Vector512<float> x) => LogisticVec(x);

    public const float CutoffUpper = 16.619047164916992188f;
    public const float CutoffLower = -9f;

    private static float LogisticScalar(float x)
    {
        if (x > CutoffUpper) return 1f;
        if (x < CutoffLower) return MathF.Exp(x);
        return 1f / (1f + MathF.Exp(-x));
    }

    private static Vector128<float> LogisticVec(Vector128<float> x)
    {
        var low = Vector128.LessThan(x, Vector128.Create(CutoffLower));
        var e = VectorMath.ExpFast(Vector128.ConditionalSelect(low, x, -x));
        var mid = Vector128<float>.One / (Vector128<float>.One + e);
        var r = Vector128.ConditionalSelect(low, e, mid);
        return Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128.Create(CutoffUpper)), Vector128<float>.One, r);
    }

    private static Vector256<float> LogisticVec(Vector256<float> x)
    {
        var low = Vector256.LessThan(x, Vector256.Create(CutoffLower));
        var e = VectorMath.ExpFast(Vector256.ConditionalSelect(low, x, -x));
        var mid = Vector256<float>.One / (Vector256<float>.One + e);
        var r = Vector256.ConditionalSelect(low, e, mid);
        return Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(CutoffUpper)), Vector256<float>.One, r);
    }

    private static Vector512<float> LogisticVec(Vector512<float> x)
    {
        var low = Vector512.LessThan(x, Vector512.Create(CutoffLower));
        var e = VectorMath.ExpFast(Vector512.ConditionalSelect(low, x, -x));
        var mid = Vector512<float>.One / (Vector512<float>.One + e);
        var r = Vector512.ConditionalSelect(low, e, mid);
        return Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(CutoffUpper)), Vector512<float>.One, r);
    }
}

/// <summary>TANH: tanh(x); the vector form is computed in double (within 1 ulp of MathF.Tanh).</summary>
public readonly struct TanhOperator : IUnaryOperator
{
    public static bool Vectorizable => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x) => MathF.Tanh(x);
    public static Vector128<float> Invoke(Vector128<float> x) => VectorMath.Tanh(x);
    public static Vector256<float> Invoke(Vector256<float> x) => VectorMath.Tanh(x);
    public static Vector512<float> Invoke(Vector512<float> x) => VectorMath.Tanh(x);
}

/// <summary>HARD_SWISH: x * min(6, max(0, x + 3)) / 6, evaluated in that order.</summary>
public readonly struct HardSwishOperator : IUnaryOperator
{
    public static bool Vectorizable => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x) => HardSwishScalar(x);
    public static Vector128<float> Invoke(Vector128<float> x) => HardSwishVec(x);
    public static Vector256<float> Invoke(Vector256<float> x) => HardSwishVec(x);
    public static Vector512<float> Invoke(Vector512<float> x) => HardSwishVec(x);

    private static float HardSwishScalar(float x)
    {
        float t = x + 3f;
        float r = 0f < t ? t : 0f;   // std::max(0, x + 3)
        r = r < 6f ? r : 6f;         // std::min(6, r) = r < 6 ? r : 6
        return x * r / 6f;
    }

    private static Vector128<float> HardSwishVec(Vector128<float> x)
    {
        var t = x + Vector128.Create(3f);
        var r = Vector128.ConditionalSelect(Vector128.LessThan(Vector128<float>.Zero, t), t, Vector128<float>.Zero);
        var six = Vector128.Create(6f);
        r = Vector128.ConditionalSelect(Vector128.LessThan(r, six), r, six);
        return x * r / six;
    }

    private static Vector256<float> HardSwishVec(Vector256<float> x)
    {
        var t = x + Vector256.Create(3f);
        var r = Vector256.ConditionalSelect(Vector256.LessThan(Vector256<float>.Zero, t), t, Vector256<float>.Zero);
        var six = Vector256.Create(6f);
        r = Vector256.ConditionalSelect(Vector256.LessThan(r, six), r, six);
        return x * r / six;
    }

    private static Vector512<float> HardSwishVec(Vector512<float> x)
    {
        var t = x + Vector512.Create(3f);
        var r = Vector512.ConditionalSelect(Vector512.LessThan(Vector512<float>.Zero, t), t, Vector512<float>.Zero);
        var six = Vector512.Create(6f);
        r = Vector512.ConditionalSelect(Vector512.LessThan(r, six), r, six);
        return x * r / six;
    }
}

/// <summary>ELU: x &lt; 0 ? expm1(x) : x.</summary>
public readonly struct EluOperator : IUnaryOperator
{
    public static bool Vectorizable => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x) => x < 0f ? ScalarMath.Expm1(x) : x;
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128<float>.Zero), VectorMath.Expm1(x), x);
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), VectorMath.Expm1(x), x);
    public static Vector512<float> Invoke(Vector512<float> x) => Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<float>.Zero), VectorMath.Expm1(x), x);
}

/// <summary>
/// GELU (exact): 0.5 * x * erfc(-x / sqrt(2)); the argument in float as the scalar form, erfc in float lanes
/// (<see cref="VectorMath.Erfc(Vector512{float})"/>, a few ulp), then the two float products in the scalar order.
/// </summary>
public readonly struct GeluOperator : IUnaryOperator
{
    public static bool Vectorizable => true;
    private const float MinusSqrtHalf = -0.70710677f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x) => 0.5f * x * (float)ScalarMath.Erfc(x * MinusSqrtHalf);
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.Create(0.5f) * x * VectorMath.Erfc(x * Vector128.Create(MinusSqrtHalf));
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.Create(0.5f) * x * VectorMath.Erfc(x * Vector256.Create(MinusSqrtHalf));
    public static Vector512<float> Invoke(Vector512<float> x) => Vector512.Create(0.5f) * x * VectorMath.Erfc(x * Vector512.Create(MinusSqrtHalf));
}

/// <summary>
/// GELU (approximate): 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 * x^3))). The vector form computes the same
/// function as x / (1 + exp(-2 y)) (0.5 (1 + tanh y) is the logistic of 2 y), y in float as the scalar form, exp in
/// float lanes (<see cref="VectorMath.ExpFast(Vector512{float})"/>): no cancellation for negative x, where 1 + tanh y
/// in float loses every digit (the scalar form gives 0 below x = -5.6, this one the tiny true value); -inf gives NaN as
/// the scalar form's 0 * inf does.
/// </summary>
public readonly struct GeluApproximateOperator : IUnaryOperator
{
    public static bool Vectorizable => true;
    private const float Cubic = 0.044715f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x) => 0.5f * x * (1f + MathF.Tanh(SqrtTwoOverPi * (x + Cubic * x * x * x)));
    public static Vector128<float> Invoke(Vector128<float> x)
    {
        var y = Vector128.Create(SqrtTwoOverPi) * (x + Vector128.Create(Cubic) * x * x * x);
        var r = x / (Vector128<float>.One + VectorMath.ExpFast(y * Vector128.Create(-2f)));
        return Vector128.ConditionalSelect(Vector128.Equals(x, Vector128.Create(float.NegativeInfinity)), Vector128.Create(float.NaN), r);
    }
    public static Vector256<float> Invoke(Vector256<float> x)
    {
        var y = Vector256.Create(SqrtTwoOverPi) * (x + Vector256.Create(Cubic) * x * x * x);
        var r = x / (Vector256<float>.One + VectorMath.ExpFast(y * Vector256.Create(-2f)));
        return Vector256.ConditionalSelect(Vector256.Equals(x, Vector256.Create(float.NegativeInfinity)), Vector256.Create(float.NaN), r);
    }
    public static Vector512<float> Invoke(Vector512<float> x)
    {
        var y = Vector512.Create(SqrtTwoOverPi) * (x + Vector512.Create(Cubic) * x * x * x);
        var r = x / (Vector512<float>.One + VectorMath.ExpFast(y * Vector512.Create(-2f)));
        return Vector512.ConditionalSelect(Vector512.Equals(x, Vector512.Create(float.NegativeInfinity)), Vector512.Create(float.NaN), r);
    }

    /// <summary>sqrt(2 / pi) as TFLite's float constant (M_2_SQRTPI * M_SQRT1_2 rounded to float).</summary>
    public const float SqrtTwoOverPi = (float)(1.1283791670955126 * 0.70710678118654752);
}

/// <summary>EXP: exp(x); the vector form is computed in double (within 1 ulp of MathF.Exp).</summary>
public readonly struct ExpOperator : IUnaryOperator
{
    public static bool Vectorizable => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x) => MathF.Exp(x);
    public static Vector128<float> Invoke(Vector128<float> x) => VectorMath.Exp(x);
    public static Vector256<float> Invoke(Vector256<float> x) => VectorMath.Exp(x);
    public static Vector512<float> Invoke(Vector512<float> x) => VectorMath.Exp(x);
}

/// <summary>SQRT: sqrt(x) (IEEE, exact).</summary>
public readonly struct SqrtOperator : IUnaryOperator
{
    public static bool Vectorizable => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x) => MathF.Sqrt(x);
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.Sqrt(x);
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.Sqrt(x);
    public static Vector512<float> Invoke(Vector512<float> x) => Vector512.Sqrt(x);
}

/// <summary>RSQRT: 1 / sqrt(x) (two IEEE operations, exact).</summary>
public readonly struct RsqrtOperator : IUnaryOperator
{
    public static bool Vectorizable => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x) => 1f / MathF.Sqrt(x);
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128<float>.One / Vector128.Sqrt(x);
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256<float>.One / Vector256.Sqrt(x);
    public static Vector512<float> Invoke(Vector512<float> x) => Vector512<float>.One / Vector512.Sqrt(x);
}

/// <summary>ABS: |x|.</summary>
public readonly struct AbsOperator : IUnaryOperator
{
    public static bool Vectorizable => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x) => MathF.Abs(x);
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.Abs(x);
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.Abs(x);
    public static Vector512<float> Invoke(Vector512<float> x) => Vector512.Abs(x);
}

/// <summary>NEG: -x.</summary>
public readonly struct NegOperator : IUnaryOperator
{
    public static bool Vectorizable => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x) => -x;
    public static Vector128<float> Invoke(Vector128<float> x) => -x;
    public static Vector256<float> Invoke(Vector256<float> x) => -x;
    public static Vector512<float> Invoke(Vector512<float> x) => -x;
}

/// <summary>SQUARE: x * x.</summary>
public readonly struct SquareOperator : IUnaryOperator
{
    public static bool Vectorizable => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x) => x * x;
    public static Vector128<float> Invoke(Vector128<float> x) => x * x;
    public static Vector256<float> Invoke(Vector256<float> x) => x * x;
    public static Vector512<float> Invoke(Vector512<float> x) => x * x;
}

/// <summary>FLOOR: floor(x).</summary>
public readonly struct FloorOperator : IUnaryOperator
{
    public static bool Vectorizable => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x) => MathF.Floor(x);
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.Floor(x);
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.Floor(x);
    public static Vector512<float> Invoke(Vector512<float> x) => Vector512.Floor(x);
}

/// <summary>CEIL: ceil(x).</summary>
public readonly struct CeilOperator : IUnaryOperator
{
    public static bool Vectorizable => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x) => MathF.Ceiling(x);
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.Ceiling(x);
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.Ceiling(x);
    public static Vector512<float> Invoke(Vector512<float> x) => Vector512.Ceiling(x);
}

/// <summary>LOG: natural log.</summary>
public readonly struct LogOperator : IUnaryOperator
{
    public static bool Vectorizable => false;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x) => MathF.Log(x);
    public static Vector128<float> Invoke(Vector128<float> x) => Lanes.Map<LogOperator>(x);
    public static Vector256<float> Invoke(Vector256<float> x) => Lanes.Map<LogOperator>(x);
    public static Vector512<float> Invoke(Vector512<float> x) => Lanes.Map<LogOperator>(x);
}

/// <summary>SIN.</summary>
public readonly struct SinOperator : IUnaryOperator
{
    public static bool Vectorizable => false;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x) => MathF.Sin(x);
    public static Vector128<float> Invoke(Vector128<float> x) => Lanes.Map<SinOperator>(x);
    public static Vector256<float> Invoke(Vector256<float> x) => Lanes.Map<SinOperator>(x);
    public static Vector512<float> Invoke(Vector512<float> x) => Lanes.Map<SinOperator>(x);
}

/// <summary>COS.</summary>
public readonly struct CosOperator : IUnaryOperator
{
    public static bool Vectorizable => false;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x) => MathF.Cos(x);
    public static Vector128<float> Invoke(Vector128<float> x) => Lanes.Map<CosOperator>(x);
    public static Vector256<float> Invoke(Vector256<float> x) => Lanes.Map<CosOperator>(x);
    public static Vector512<float> Invoke(Vector512<float> x) => Lanes.Map<CosOperator>(x);
}
