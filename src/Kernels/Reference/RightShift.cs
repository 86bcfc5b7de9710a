using System.Numerics;
using ManagedLite.Kernels.Elementwise;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// RIGHT_SHIFT (TFLite's right_shift.cc) with NumPy broadcasting on int8/16/32 and uint8/16/32: x &gt;&gt; y with the
/// shift count clamped to [0, bits - 1]; arithmetic (sign-filling) for signed types, logical for unsigned ones.
/// </summary>
public static class RightShift
{
    public static void Run<T>(BroadcastPlan plan, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> output) where T : IBinaryInteger<T> =>
        BroadcastLoop.Binary(default(ShiftOp<T>), plan, a, b, output);

    private readonly struct ShiftOp<T> : IElementBinary<T, T, T> where T : IBinaryInteger<T>
    {
        public T Invoke(T x, T y)
        {
            int bits = x.GetByteCount() * 8;
            int count = T.IsNegative(y) ? 0 : y >= T.CreateTruncating(bits - 1) ? bits - 1 : int.CreateTruncating(y);
            return x >> count;
        }
    }
}
