using System.Numerics;

namespace ManagedLite.Kernels.Reference;

/// <summary>Binary arithmetic kinds on plain (unquantized) integer tensors.</summary>
public enum IntegerArithmeticKind { Add, Sub, Mul, Div, Maximum, Minimum, SquaredDifference }

/// <summary>
/// ADD / SUB / MUL / DIV / MAXIMUM / MINIMUM / SQUARED_DIFFERENCE on int32 and int64 tensors with NumPy
/// broadcasting, as TFLite's integer reference paths compute them: two's-complement wrap-around on overflow,
/// DIV truncating toward zero, then the fused-activation clamp to [min, max].
/// </summary>
public static class IntegerArithmetic
{
    /// <summary>Returns false (and stops) on a division by zero; the caller reports it.</summary>
    public static bool Run<T>(IntegerArithmeticKind kind, ReadOnlySpan<int> shapeA, ReadOnlySpan<T> a,
        ReadOnlySpan<int> shapeB, ReadOnlySpan<T> b, ReadOnlySpan<int> shapeOut, Span<T> output, T min, T max)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
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
            T x = a[Offset(shapeA, index)], y = b[Offset(shapeB, index)];
            T r;
            switch (kind)
            {
                case IntegerArithmeticKind.Add: r = unchecked(x + y); break;
                case IntegerArithmeticKind.Sub: r = unchecked(x - y); break;
                case IntegerArithmeticKind.Mul: r = unchecked(x * y); break;
                case IntegerArithmeticKind.Div:
                    if (T.IsZero(y)) return false;
                    // MIN / -1 overflows: wrap to MIN as two's-complement hardware does.
                    r = x == T.MinValue && y == -T.One ? T.MinValue : x / y;
                    break;
                case IntegerArithmeticKind.Maximum: r = x > y ? x : y; break;
                case IntegerArithmeticKind.Minimum: r = x < y ? x : y; break;
                default: { T d = unchecked(x - y); r = unchecked(d * d); break; }
            }
            if (r < min) r = min;
            if (r > max) r = max;
            output[flat] = r;
        }
        return true;
    }

    private static int Product(ReadOnlySpan<int> shape)
    {
        int n = 1;
        foreach (int d in shape) n *= d;
        return n;
    }

    /// <summary>Flat offset of <paramref name="index"/> (output rank) in an operand of <paramref name="shape"/>, right-aligned.</summary>
    private static int Offset(ReadOnlySpan<int> shape, ReadOnlySpan<int> index)
    {
        int off = 0, lead = index.Length - shape.Length;
        for (int d = 0; d < shape.Length; d++)
            off = off * shape[d] + (shape[d] == 1 ? 0 : index[lead + d]);
        return off;
    }
}
