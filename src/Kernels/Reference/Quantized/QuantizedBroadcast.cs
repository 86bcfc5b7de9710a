using System.Numerics;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// One element of a quantized binary operator: raw stored values in (widened to int), the stored output value
/// out, already clamped to the output type (and fused-activation) range.
/// </summary>
public interface IQuantizedBinaryOperator
{
    int Invoke(int a, int b);
}

/// <summary>One element of a quantized unary operator: raw stored value in, clamped stored value out.</summary>
public interface IQuantizedUnaryOperator
{
    int Invoke(int x);
}

/// <summary>
/// The reference walks shared by the quantized element-wise kernels: a NumPy broadcast of two operands (TFLite's
/// BroadcastXxxSlow: every output index reads each operand at the same index with its size-1 dimensions pinned
/// to 0) and a flat unary map. One element at a time, any rank.
/// </summary>
public static class QuantizedBroadcast
{
    public static void Binary<T, TOp>(in TOp op, ReadOnlySpan<int> shapeA, ReadOnlySpan<T> a, ReadOnlySpan<int> shapeB,
        ReadOnlySpan<T> b, ReadOnlySpan<int> shapeOut, Span<T> output)
        where T : unmanaged, IBinaryInteger<T> where TOp : struct, IQuantizedBinaryOperator
    {
        int rank = shapeOut.Length;
        if (shapeA.Length > rank || shapeB.Length > rank)
            throw new ArgumentException("output rank is below an operand's rank");
        int count = Product(shapeOut);
        if (output.Length != count || a.Length != Product(shapeA) || b.Length != Product(shapeB))
            throw new ArgumentException("span lengths do not match their shapes");
        Span<int> index = stackalloc int[rank];
        for (int flat = 0; flat < count; flat++)
        {
            int rem = flat;
            for (int d = rank - 1; d >= 0; d--)
            {
                index[d] = rem % shapeOut[d];
                rem /= shapeOut[d];
            }
            int x = int.CreateTruncating(a[Offset(shapeA, index)]);
            int y = int.CreateTruncating(b[Offset(shapeB, index)]);
            output[flat] = T.CreateTruncating(op.Invoke(x, y));
        }
    }

    public static void Unary<T, TOp>(in TOp op, ReadOnlySpan<T> input, Span<T> output)
        where T : unmanaged, IBinaryInteger<T> where TOp : struct, IQuantizedUnaryOperator
    {
        if (input.Length != output.Length)
            throw new ArgumentException($"input has {input.Length} elements, output {output.Length}");
        for (int i = 0; i < input.Length; i++)
            output[i] = T.CreateTruncating(op.Invoke(int.CreateTruncating(input[i])));
    }

    // Row-major offset into an operand right-aligned with the output index, size-1 dimensions pinned to 0.
    private static int Offset(ReadOnlySpan<int> shape, ReadOnlySpan<int> outIndex)
    {
        int lead = outIndex.Length - shape.Length;
        int offset = 0;
        for (int d = 0; d < shape.Length; d++)
        {
            int dim = shape[d];
            int i = dim == 1 ? 0 : outIndex[lead + d];
            if (i >= dim) throw new ArgumentException("operand shape does not broadcast to the output shape");
            offset = offset * dim + i;
        }
        return offset;
    }

    internal static int Product(ReadOnlySpan<int> shape)
    {
        int n = 1;
        foreach (int d in shape) n *= d;
        return n;
    }

    /// <summary>Clamps to [min, max] as std::min(max, std::max(min, v)).</summary>
    internal static int Clamp(int v, int min, int max) => Math.Min(max, Math.Max(min, v));

    /// <summary>The value range of <typeparamref name="T"/>.</summary>
    public static (int Min, int Max) TypeRange<T>() where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T> =>
        (int.CreateTruncating(T.MinValue), int.CreateTruncating(T.MaxValue));
}
