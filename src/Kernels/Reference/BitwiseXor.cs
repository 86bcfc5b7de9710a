using System.Numerics;
using ManagedLite.Kernels.Elementwise;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// BITWISE_XOR (TFLite's bitwise_xor.cc) with NumPy broadcasting on 8-, 16- and 32-bit integers, signed or unsigned
/// (the bits are the same either way).
/// </summary>
public static class BitwiseXor
{
    public static void Run<T>(BroadcastPlan plan, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> output) where T : IBinaryInteger<T> =>
        BroadcastLoop.Binary(default(XorOp<T>), plan, a, b, output);

    private readonly struct XorOp<T> : IElementBinary<T, T, T> where T : IBinaryInteger<T>
    {
        public T Invoke(T a, T b) => a ^ b;
    }
}
