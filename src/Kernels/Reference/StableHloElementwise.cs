using System.Numerics;
using ManagedLite.Kernels.Elementwise;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// The bitwise StableHLO element-wise kernels TFLite runs (stablehlo_and.cc, stablehlo_shift_left.cc) on operands of one
/// shape (StableHLO does not broadcast): AND is bitwise on integers (logical on bool, see <see cref="Logical.And"/>);
/// SHIFT_LEFT computes <c>x &lt;&lt; y</c> in 32-bit arithmetic as C++ promotes int8/int16 to int, truncated to the
/// operand width. TFLite's shift by a negative amount or by 32 or more is undefined behaviour in C++; here the count
/// is taken modulo 32 as x86's shift instruction does, which is what TFLite's build does on this machine.
/// </summary>
public static class StableHloElementwise
{
    public static void And<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> output) where T : IBinaryInteger<T>
    {
        Check(a.Length, b.Length, output.Length);
        for (int i = 0; i < output.Length; i++) output[i] = a[i] & b[i];
    }

    public static void ShiftLeft(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b, Span<sbyte> output)
    {
        Check(a.Length, b.Length, output.Length);
        for (int i = 0; i < output.Length; i++) output[i] = unchecked((sbyte)(a[i] << b[i]));
    }

    public static void ShiftLeft(ReadOnlySpan<short> a, ReadOnlySpan<short> b, Span<short> output)
    {
        Check(a.Length, b.Length, output.Length);
        for (int i = 0; i < output.Length; i++) output[i] = unchecked((short)(a[i] << b[i]));
    }

    public static void ShiftLeft(ReadOnlySpan<int> a, ReadOnlySpan<int> b, Span<int> output)
    {
        Check(a.Length, b.Length, output.Length);
        for (int i = 0; i < output.Length; i++) output[i] = a[i] << b[i];
    }

    private static void Check(int a, int b, int output)
    {
        if (a != output || b != output) throw new ArgumentException("StableHLO element-wise operands and output must have one length");
    }
}
