using System.Numerics;
using ManagedLite.Kernels.Elementwise;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// FLOOR_MOD (TFLite's floor_mod.cc: reference_ops::FloorMod) with NumPy broadcasting on int8, int16, int32, int64
/// and float32: the truncated remainder (C's % or fmod), moved by one divisor when it is nonzero and its sign differs
/// from the divisor's, so the result takes the divisor's sign. Integer zero divisors are an error (callers check
/// <see cref="FloorDiv.HasZero{T}"/>); float ones give NaN. MIN % -1, which traps in C, is 0 here.
/// </summary>
public static class FloorMod
{
    public static void Run(BroadcastPlan plan, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output) =>
        BroadcastLoop.Binary(default(FloatOp), plan, a, b, output);

    public static void Run<T>(BroadcastPlan plan, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> output) where T : IBinaryInteger<T>, ISignedNumber<T> =>
        BroadcastLoop.Binary(default(IntegerOp<T>), plan, a, b, output);

    private readonly struct FloatOp : IElementBinary<float, float, float>
    {
        public float Invoke(float a, float b)
        {
            float mod = a % b;
            return mod != 0f && (b < 0f) != (mod < 0f) ? mod + b : mod;
        }
    }

    private readonly struct IntegerOp<T> : IElementBinary<T, T, T> where T : IBinaryInteger<T>, ISignedNumber<T>
    {
        public T Invoke(T a, T b)
        {
            T mod = b == T.NegativeOne ? T.Zero : a % b;
            return !T.IsZero(mod) && T.IsNegative(b) != T.IsNegative(mod) ? mod + b : mod;
        }
    }
}
