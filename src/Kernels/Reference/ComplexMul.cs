using System.Numerics;
using ManagedLite.Kernels.Elementwise;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// MUL on complex64 (TFLite's Mul / BroadcastMul6DSlow on std::complex&lt;float&gt;): (a + bi)(c + di) = (ac - bd) +
/// (ad + bc)i in float32, with NumPy broadcasting. Elements are <see cref="Vector2"/> pairs (X real, Y imaginary),
/// the layout of a complex64 tensor. No fused activation (TFLite rejects one).
/// </summary>
public static class ComplexMul
{
    public static void Run(BroadcastPlan plan, ReadOnlySpan<Vector2> a, ReadOnlySpan<Vector2> b, Span<Vector2> output) =>
        BroadcastLoop.Binary(default(MulOp), plan, a, b, output);

    private readonly struct MulOp : IElementBinary<Vector2, Vector2, Vector2>
    {
        public Vector2 Invoke(Vector2 a, Vector2 b)
        {
            float ac = a.X * b.X, bd = a.Y * b.Y, ad = a.X * b.Y, bc = a.Y * b.X;
            return new Vector2(ac - bd, ad + bc);
        }
    }
}
