using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>
/// Wrapping int32 dot products of int16 activations (already offset) with int8 weights: the accumulation of
/// TFLite's int8 kernels. Integer addition is associative modulo 2^32, so any summation order gives the
/// reference's result bit for bit. x86: AVX-512BW / AVX2 vpmaddwd; other CPUs: scalar.
/// </summary>
internal static class Int8DotProduct
{
    /// <summary>True when a SIMD path exists on this CPU (callers fall back to the reference otherwise).</summary>
    public static bool IsAccelerated => Avx2.IsSupported;

    /// <summary>Largest input offset for which (int8 + offset) still fits int16 in the widened activations.</summary>
    public static bool OffsetFits(int inputOffset) => inputOffset >= short.MinValue - sbyte.MinValue && inputOffset <= short.MaxValue - sbyte.MaxValue;

    /// <summary>sum a[i] * w[i] over a.Length elements, wrapping.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Dot(ReadOnlySpan<short> a, ReadOnlySpan<sbyte> w)
    {
        int n = a.Length;
        ref short ra = ref MemoryMarshal.GetReference(a);
        ref sbyte rw = ref MemoryMarshal.GetReference(w);
        int i = 0;
        int sum = 0;
        if (Avx512BW.IsSupported && n >= 32)
        {
            Vector512<int> acc = Vector512<int>.Zero;
            for (; i <= n - 32; i += 32)
            {
                Vector512<short> va = Vector512.LoadUnsafe(ref ra, (nuint)i);
                Vector512<short> vw = Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref rw, (nuint)i));
                acc += Avx512BW.MultiplyAddAdjacent(va, vw);
            }
            sum = Vector512.Sum(acc);
        }
        if (Avx2.IsSupported && n - i >= 16)
        {
            Vector256<int> acc = Vector256<int>.Zero;
            for (; i <= n - 16; i += 16)
            {
                Vector256<short> va = Vector256.LoadUnsafe(ref ra, (nuint)i);
                Vector256<short> vw = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref rw, (nuint)i));
                acc += Avx2.MultiplyAddAdjacent(va, vw);
            }
            sum = unchecked(sum + Vector256.Sum(acc));
        }
        for (; i < n; i++)
            sum = unchecked(sum + Unsafe.Add(ref ra, i) * Unsafe.Add(ref rw, i));
        return sum;
    }

    /// <summary>sum a[i] * w[i] with unsigned (uint8) weights, wrapping; |a| &lt;= 32767, so each vpmaddwd pair fits int32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Dot(ReadOnlySpan<short> a, ReadOnlySpan<byte> w)
    {
        int n = a.Length;
        ref short ra = ref MemoryMarshal.GetReference(a);
        ref byte rw = ref MemoryMarshal.GetReference(w);
        int i = 0;
        int sum = 0;
        if (Avx512BW.IsSupported && n >= 32)
        {
            Vector512<int> acc = Vector512<int>.Zero;
            for (; i <= n - 32; i += 32)
            {
                Vector512<short> va = Vector512.LoadUnsafe(ref ra, (nuint)i);
                Vector512<short> vw = Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref rw, (nuint)i));
                acc += Avx512BW.MultiplyAddAdjacent(va, vw);
            }
            sum = Vector512.Sum(acc);
        }
        if (Avx2.IsSupported && n - i >= 16)
        {
            Vector256<int> acc = Vector256<int>.Zero;
            for (; i <= n - 16; i += 16)
            {
                Vector256<short> va = Vector256.LoadUnsafe(ref ra, (nuint)i);
                Vector256<short> vw = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref rw, (nuint)i));
                acc += Avx2.MultiplyAddAdjacent(va, vw);
            }
            sum = unchecked(sum + Vector256.Sum(acc));
        }
        for (; i < n; i++)
            sum = unchecked(sum + Unsafe.Add(ref ra, i) * Unsafe.Add(ref rw, i));
        return sum;
    }

    /// <summary>dst[i] = src[i] + offset widened to int16; returns the wrapping sum of dst.</summary>
    public static int WidenWithOffset(ReadOnlySpan<byte> src, int offset, Span<short> dst)
    {
        int sum = 0;
        for (int i = 0; i < src.Length; i++)
        {
            int v = src[i] + offset;
            dst[i] = (short)v;
            sum = unchecked(sum + v);
        }
        return sum;
    }

    /// <summary>dst[i] = src[i] + offset widened to int16; returns the wrapping sum of dst.</summary>
    public static int WidenWithOffset(ReadOnlySpan<sbyte> src, int offset, Span<short> dst)
    {
        int sum = 0;
        for (int i = 0; i < src.Length; i++)
        {
            int v = src[i] + offset;
            dst[i] = (short)v;
            sum = unchecked(sum + v);
        }
        return sum;
    }
}
