using System.Numerics;
using ManagedLite.Kernels.Elementwise;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// FLOOR_DIV (TFLite's floor_div.cc: reference_ops::FloorDiv) with NumPy broadcasting on float32, int8, int16 and
/// int32: the quotient is computed in double, floored, and converted back to the element type (an integer result
/// out of range, int32.MinValue / -1, wraps as the x86 conversion does). Like TFLite, any zero in the divisor is an
/// error, for floats too; callers check <see cref="HasZero{T}"/> before running.
/// </summary>
public static class FloorDiv
{
    /// <summary>True when some element of <paramref name="divisor"/> is zero (or -0.0): TFLite's "Division by 0" error.</summary>
    public static bool HasZero<T>(ReadOnlySpan<T> divisor) where T : INumberBase<T>
    {
        foreach (var v in divisor)
            if (T.IsZero(v)) return true;
        return false;
    }

    public static void Run(BroadcastPlan plan, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output) =>
        BroadcastLoop.Binary(default(FloatOp), plan, a, b, output);

    public static void Run<T>(BroadcastPlan plan, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> output) where T : IBinaryInteger<T> =>
        BroadcastLoop.Binary(default(IntegerOp<T>), plan, a, b, output);

    private readonly struct FloatOp : IElementBinary<float, float, float>
    {
        public float Invoke(float a, float b) => (float)Math.Floor((double)a / b);
    }

    private readonly struct IntegerOp<T> : IElementBinary<T, T, T> where T : IBinaryInteger<T>
    {
        public T Invoke(T a, T b) => T.CreateTruncating((long)Math.Floor(double.CreateTruncating(a) / double.CreateTruncating(b)));
    }
}
