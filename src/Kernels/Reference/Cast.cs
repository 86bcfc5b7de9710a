using System.Numerics;
using ManagedLite.Kernels.Elementwise;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// Reference CAST between numeric element types with TFLite's cast.cc semantics: a floating value to an integer
/// truncates toward zero and saturates at the type's bounds, NaN giving the maximum (TFLite's SafeCast); integer
/// narrowing wraps (static_cast); float16 and bfloat16 results are rounded from the float32 value (so an int32 or
/// float64 source is rounded twice, as static_cast&lt;float&gt; then the 16-bit conversion). Bool tensors are bytes 0/1
/// (<see cref="ToBool{TFrom}"/>, <see cref="FromBool{TTo}"/>); bfloat16 is passed as raw bits; complex64 as
/// <see cref="Vector2"/> (X real, Y imaginary): a complex source contributes its real part, a complex target gets a
/// zero imaginary part.
/// </summary>
public static class Cast
{
    public static void Convert<TFrom, TTo>(ReadOnlySpan<TFrom> input, Span<TTo> output)
        where TFrom : unmanaged, INumberBase<TFrom> where TTo : unmanaged, INumberBase<TTo>
    {
        Check(input.Length, output.Length);
        for (int i = 0; i < input.Length; i++) output[i] = Value<TFrom, TTo>(input[i]);
    }

    public static void ToBool<TFrom>(ReadOnlySpan<TFrom> input, Span<byte> output) where TFrom : unmanaged, INumberBase<TFrom>
    {
        Check(input.Length, output.Length);
        for (int i = 0; i < input.Length; i++) output[i] = TFrom.IsZero(input[i]) ? (byte)0 : (byte)1;
    }

    public static void FromBool<TTo>(ReadOnlySpan<byte> input, Span<TTo> output) where TTo : unmanaged, INumberBase<TTo>
    {
        Check(input.Length, output.Length);
        for (int i = 0; i < input.Length; i++) output[i] = input[i] != 0 ? TTo.One : TTo.Zero;
    }

    /// <summary>Any numeric type to bfloat16 (raw bits): through float32, rounded to nearest even.</summary>
    public static void ToBFloat16<TFrom>(ReadOnlySpan<TFrom> input, Span<ushort> output) where TFrom : unmanaged, INumberBase<TFrom>
    {
        Check(input.Length, output.Length);
        for (int i = 0; i < input.Length; i++) output[i] = BFloat16.FromSingle(float.CreateTruncating(input[i]));
    }

    /// <summary>bfloat16 (raw bits) to any numeric type, as its float32 value converts.</summary>
    public static void FromBFloat16<TTo>(ReadOnlySpan<ushort> input, Span<TTo> output) where TTo : unmanaged, INumberBase<TTo>
    {
        Check(input.Length, output.Length);
        for (int i = 0; i < input.Length; i++) output[i] = Value<float, TTo>(BFloat16.ToSingle(input[i]));
    }

    /// <summary>Any numeric type to complex64: (float32 value, 0).</summary>
    public static void ToComplex64<TFrom>(ReadOnlySpan<TFrom> input, Span<Vector2> output) where TFrom : unmanaged, INumberBase<TFrom>
    {
        Check(input.Length, output.Length);
        for (int i = 0; i < input.Length; i++) output[i] = new Vector2(float.CreateTruncating(input[i]), 0f);
    }

    /// <summary>complex64 to any numeric type: its real part converted as a float32.</summary>
    public static void FromComplex64<TTo>(ReadOnlySpan<Vector2> input, Span<TTo> output) where TTo : unmanaged, INumberBase<TTo>
    {
        Check(input.Length, output.Length);
        for (int i = 0; i < input.Length; i++) output[i] = Value<float, TTo>(input[i].X);
    }

    /// <summary>One element converted with TFLite's CastValue rules.</summary>
    public static TTo Value<TFrom, TTo>(TFrom x) where TFrom : unmanaged, INumberBase<TFrom> where TTo : unmanaged, INumberBase<TTo>
    {
        if (IsFloating<TFrom>() && !IsFloating<TTo>())
        {
            double d = double.CreateTruncating(x);
            return TTo.CreateSaturating(double.IsNaN(d) ? double.PositiveInfinity : d);
        }
        if (typeof(TTo) == typeof(Half)) return TTo.CreateTruncating(float.CreateTruncating(x));
        return TTo.CreateTruncating(x);
    }

    private static bool IsFloating<T>() => typeof(T) == typeof(float) || typeof(T) == typeof(double) || typeof(T) == typeof(Half);

    private static void Check(int input, int output)
    {
        if (input != output) throw new ArgumentException($"cast input has {input} elements, output {output}");
    }
}
