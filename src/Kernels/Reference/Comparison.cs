using System.Numerics;
using ManagedLite.Kernels.Elementwise;
using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference;

/// <summary>Which comparison a <see cref="Comparison"/> kernel computes.</summary>
public enum ComparisonKind { Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual }

/// <summary>
/// EQUAL, NOT_EQUAL, LESS, LESS_EQUAL, GREATER, GREATER_EQUAL (TFLite's comparisons.cc and reference comparisons.h)
/// with NumPy broadcasting; the output is bool (one byte, 0 or 1). Plain types compare stored values (IEEE semantics
/// for floats: NaN compares unequal to everything); bool inputs compare their truth values; the quantized path
/// (uint8, int8 and quantized int16) first brings both operands to a common scale with
/// <see cref="ComparisonScaling"/>, so tensors with different quantization compare by real value.
/// </summary>
public static class Comparison
{
    public static void Compare<T>(ComparisonKind kind, BroadcastPlan plan, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<byte> output)
        where T : IComparisonOperators<T, T, bool>
    {
        switch (kind)
        {
            case ComparisonKind.Equal: BroadcastLoop.Binary(default(EqualOp<T>), plan, a, b, output); break;
            case ComparisonKind.NotEqual: BroadcastLoop.Binary(default(NotEqualOp<T>), plan, a, b, output); break;
            case ComparisonKind.Less: BroadcastLoop.Binary(default(LessOp<T>), plan, a, b, output); break;
            case ComparisonKind.LessEqual: BroadcastLoop.Binary(default(LessEqualOp<T>), plan, a, b, output); break;
            case ComparisonKind.Greater: BroadcastLoop.Binary(default(GreaterOp<T>), plan, a, b, output); break;
            case ComparisonKind.GreaterEqual: BroadcastLoop.Binary(default(GreaterEqualOp<T>), plan, a, b, output); break;
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    /// <summary>Bool operands (bytes; nonzero is true): EQUAL and NOT_EQUAL compare truth values.</summary>
    public static void CompareBool(ComparisonKind kind, BroadcastPlan plan, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> output)
    {
        if (kind is not (ComparisonKind.Equal or ComparisonKind.NotEqual))
            throw new ArgumentException($"{kind} is not defined on bool tensors", nameof(kind));
        BroadcastLoop.Binary(new BoolOp(kind == ComparisonKind.Equal), plan, a, b, output);
    }

    /// <summary>bfloat16 operands (raw bits), compared as the float32 values they widen to.</summary>
    public static void CompareBFloat16(ComparisonKind kind, BroadcastPlan plan, ReadOnlySpan<ushort> a, ReadOnlySpan<ushort> b, Span<byte> output) =>
        BroadcastLoop.Binary(new BFloat16Op(kind), plan, a, b, output);

    /// <summary>Quantized operands: each side rescaled to a common fixed-point scale, then compared as int32.</summary>
    public static void CompareQuantized<T>(ComparisonKind kind, in ComparisonScaling scaling, BroadcastPlan plan,
        ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<byte> output) where T : unmanaged, IBinaryInteger<T>
    {
        var scaledA = new ScaledInt<T>(scaling.Offset1, scaling.Multiplier1, scaling.Shift1, scaling.LeftShift);
        var scaledB = new ScaledInt<T>(scaling.Offset2, scaling.Multiplier2, scaling.Shift2, scaling.LeftShift);
        BroadcastLoop.Binary(new QuantizedOp<T>(kind, scaledA, scaledB), plan, a, b, output);
    }

    private static byte B(bool v) => v ? (byte)1 : (byte)0;

    /// <summary>The comparison of two int32 values (the quantized path compares rescaled values this way).</summary>
    public static bool Holds(ComparisonKind kind, int x, int y) => kind switch
    {
        ComparisonKind.Equal => x == y,
        ComparisonKind.NotEqual => x != y,
        ComparisonKind.Less => x < y,
        ComparisonKind.LessEqual => x <= y,
        ComparisonKind.Greater => x > y,
        _ => x >= y,
    };

    private readonly struct EqualOp<T> : IElementBinary<T, T, byte> where T : IComparisonOperators<T, T, bool>
    {
        public byte Invoke(T a, T b) => B(a == b);
    }

    private readonly struct NotEqualOp<T> : IElementBinary<T, T, byte> where T : IComparisonOperators<T, T, bool>
    {
        public byte Invoke(T a, T b) => B(a != b);
    }

    private readonly struct LessOp<T> : IElementBinary<T, T, byte> where T : IComparisonOperators<T, T, bool>
    {
        public byte Invoke(T a, T b) => B(a < b);
    }

    private readonly struct LessEqualOp<T> : IElementBinary<T, T, byte> where T : IComparisonOperators<T, T, bool>
    {
        public byte Invoke(T a, T b) => B(a <= b);
    }

    // TFLite evaluates GREATER as LESS with the operands swapped (and GREATER_EQUAL as LESS_EQUAL): the same truth table.
    private readonly struct GreaterOp<T> : IElementBinary<T, T, byte> where T : IComparisonOperators<T, T, bool>
    {
        public byte Invoke(T a, T b) => B(b < a);
    }

    private readonly struct GreaterEqualOp<T> : IElementBinary<T, T, byte> where T : IComparisonOperators<T, T, bool>
    {
        public byte Invoke(T a, T b) => B(b <= a);
    }

    private readonly struct BoolOp(bool equal) : IElementBinary<byte, byte, byte>
    {
        public byte Invoke(byte a, byte b) => B(((a != 0) == (b != 0)) == equal);
    }

    private readonly struct BFloat16Op(ComparisonKind kind) : IElementBinary<ushort, ushort, byte>
    {
        public byte Invoke(ushort a, ushort b)
        {
            float x = BFloat16.ToSingle(a), y = BFloat16.ToSingle(b);
            return B(kind switch
            {
                ComparisonKind.Equal => x == y,
                ComparisonKind.NotEqual => x != y,
                ComparisonKind.Less => x < y,
                ComparisonKind.LessEqual => x <= y,
                ComparisonKind.Greater => y < x,
                _ => y <= x,
            });
        }
    }

    private readonly struct ScaledInt<T>(int offset, int multiplier, int shift, int leftShift) where T : unmanaged, IBinaryInteger<T>
    {
        public int Apply(T q) => QuantizedMath.MultiplyByQuantizedMultiplierSmallerThanOneExp(
            unchecked((offset + int.CreateTruncating(q)) * (1 << leftShift)), multiplier, shift);
    }

    private readonly struct QuantizedOp<T>(ComparisonKind kind, ScaledInt<T> a, ScaledInt<T> b) : IElementBinary<T, T, byte>
        where T : unmanaged, IBinaryInteger<T>
    {
        public byte Invoke(T x, T y) => B(Holds(kind, a.Apply(x), b.Apply(y)));
    }
}
