using ManagedLite.Kernels.Elementwise;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// POW on float32 and int32 as TFLite's pow.cc computes it. Element-wise and general broadcasting use std::pow
/// (float: powf; int32: pow in double, converted back with the x86 rule that an out-of-range result becomes
/// int.MinValue). But when the shapes differ and the exponent is a single value within 1e-5 of an integer n &gt;= 1,
/// TFLite raises the base to n by repeated squaring (IntegerExponentPow): each product is a multiplication clamped to
/// the type's finite range (so a float overflow gives FLT_MAX, not infinity), and int32 products wrap.
/// Negative int32 exponents are an error in TFLite; callers check <see cref="HasNegative"/>.
/// </summary>
public static class Pow
{
    public static bool HasNegative(ReadOnlySpan<int> exponents)
    {
        foreach (int e in exponents)
            if (e < 0) return true;
        return false;
    }

    /// <param name="sameShapes">True when both inputs have the same shape (TFLite's "no broadcast" case).</param>
    public static void Run(BroadcastPlan plan, bool sameShapes, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output)
    {
        if (!sameShapes && b.Length == 1)
        {
            float e = b[0];
            int n = RoundToInt(MathF.Round(e, MidpointRounding.AwayFromZero));
            if (MathF.Abs(e - n) < 1e-5f && n >= 1)
            {
                CheckSameLength(a.Length, output.Length);
                IntegerExponent<FloatMul, float>(a, n, output);
                return;
            }
        }
        BroadcastLoop.Binary(default(FloatPow), plan, a, b, output);
    }

    public static void Run(BroadcastPlan plan, bool sameShapes, ReadOnlySpan<int> a, ReadOnlySpan<int> b, Span<int> output)
    {
        if (!sameShapes && b.Length == 1 && b[0] >= 1)
        {
            CheckSameLength(a.Length, output.Length);
            IntegerExponent<IntMul, int>(a, b[0], output);
            return;
        }
        BroadcastLoop.Binary(default(IntPow), plan, a, b, output);
    }

    private static void CheckSameLength(int a, int output)
    {
        if (a != output) throw new ArgumentException($"the base has {a} elements, the output {output}");
    }

    // static_cast<int> of a rounded float, as x86 converts it (out of range becomes int.MinValue).
    private static int RoundToInt(float r) => r >= -2147483648f && r < 2147483648f ? (int)r : int.MinValue;

    /// <summary>output = base^n by the recursion n = 2 (n / 2) + (n % 2), one clamped multiplication per step.</summary>
    private static void IntegerExponent<TMul, T>(ReadOnlySpan<T> x, int n, Span<T> output) where TMul : struct, IElementBinary<T, T, T>
    {
        if (n == 1)
        {
            x.CopyTo(output);
            return;
        }
        IntegerExponent<TMul, T>(x, n / 2, output);
        var mul = default(TMul);
        for (int i = 0; i < output.Length; i++) output[i] = mul.Invoke(output[i], output[i]);
        if (n % 2 == 1)
            for (int i = 0; i < output.Length; i++) output[i] = mul.Invoke(x[i], output[i]);
    }

    private readonly struct FloatMul : IElementBinary<float, float, float>
    {
        // ActivationFunctionWithMinMax(x * y, lowest, max): std::min(std::max(v, lo), hi), NaN passes through.
        public float Invoke(float a, float b)
        {
            float v = a * b;
            float m = v < float.MinValue ? float.MinValue : v;
            return float.MaxValue < m ? float.MaxValue : m;
        }
    }

    private readonly struct IntMul : IElementBinary<int, int, int>
    {
        public int Invoke(int a, int b) => unchecked(a * b);
    }

    private readonly struct FloatPow : IElementBinary<float, float, float>
    {
        public float Invoke(float a, float b) => MathF.Pow(a, b);
    }

    private readonly struct IntPow : IElementBinary<int, int, int>
    {
        public int Invoke(int a, int b)
        {
            double r = Math.Pow(a, b);
            return r >= -2147483648.0 && r < 2147483648.0 ? (int)r : int.MinValue;
        }
    }
}
