using System.Runtime.CompilerServices;
using ILGPU;
using ManagedLite.Kernels.Elementwise;

namespace ManagedLite.Delegates.Gpu.Kernels;

/// <summary>
/// Broadcast of two operands over an output of at most 6 merged dimensions (outermost D0 implicit): element strides
/// per operand, 0 along broadcast dimensions.
/// </summary>
internal struct Broadcast6
{
    public int D1, D2, D3, D4, D5;
    public int A0, A1, A2, A3, A4, A5;
    public int B0, B1, B2, B3, B4, B5;
    /// <summary>1 when both operands have the output's shape (flat index for both).</summary>
    public int Same;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Offsets(int i, out int a, out int b)
    {
        if (Same != 0) { a = i; b = i; return; }
        int i5 = i % D5;
        int t = i / D5;
        int i4 = t % D4;
        t /= D4;
        int i3 = t % D3;
        t /= D3;
        int i2 = t % D2;
        t /= D2;
        int i1 = t % D1;
        int i0 = t / D1;
        a = i0 * A0 + i1 * A1 + i2 * A2 + i3 * A3 + i4 * A4 + i5 * A5;
        b = i0 * B0 + i1 * B1 + i2 * B2 + i3 * B3 + i4 * B4 + i5 * B5;
    }
}

/// <summary>z = clamp(TOp(x, y)) with broadcasting; TOp is the CPU kernels' operator struct (the same scalar formula).</summary>
internal struct BinaryBody<TOp> : IElementBody where TOp : struct, IBinaryOperator
{
    public ArrayView<float> X, Y, Z;
    public Broadcast6 Shape;
    public float Min, Max;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Run(int i)
    {
        Shape.Offsets(i, out int a, out int b);
        float v = TOp.Invoke(X[a], Y[b]);
        Z[i] = Math.Min(Math.Max(v, Min), Max);
    }
}

/// <summary>y = TOp(x); TOp is the CPU kernels' operator struct.</summary>
internal struct UnaryBody<TOp> : IElementBody where TOp : struct, IUnaryOperator
{
    public ArrayView<float> X, Y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Run(int i) => Y[i] = TOp.Invoke(X[i]);
}
