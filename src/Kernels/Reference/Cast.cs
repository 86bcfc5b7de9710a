using System.Numerics;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// Reference CAST between numeric element types (static_cast semantics: float to integer truncates toward zero,
/// saturating where C++ leaves it undefined; integer narrowing wraps). Bool tensors are bytes 0/1: use
/// <see cref="ToBool{TFrom}"/> and <see cref="FromBool{TTo}"/>.
/// </summary>
public static class Cast
{
    public static void Convert<TFrom, TTo>(ReadOnlySpan<TFrom> input, Span<TTo> output)
        where TFrom : unmanaged, INumberBase<TFrom> where TTo : unmanaged, INumberBase<TTo>
    {
        if (input.Length != output.Length) throw new ArgumentException("length mismatch");
        for (int i = 0; i < input.Length; i++) output[i] = TTo.CreateTruncating(input[i]);
    }

    public static void ToBool<TFrom>(ReadOnlySpan<TFrom> input, Span<byte> output) where TFrom : unmanaged, INumberBase<TFrom>
    {
        if (input.Length != output.Length) throw new ArgumentException("length mismatch");
        for (int i = 0; i < input.Length; i++) output[i] = TFrom.IsZero(input[i]) ? (byte)0 : (byte)1;
    }

    public static void FromBool<TTo>(ReadOnlySpan<byte> input, Span<TTo> output) where TTo : unmanaged, INumberBase<TTo>
    {
        if (input.Length != output.Length) throw new ArgumentException("length mismatch");
        for (int i = 0; i < input.Length; i++) output[i] = input[i] != 0 ? TTo.One : TTo.Zero;
    }
}
