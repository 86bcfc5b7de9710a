using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// int8 x int8 dot products for the LSTM cells (<see cref="Reference.LstmCell.IInt8Dot"/>): both operands sign-extended to
/// int16 and multiplied pairwise with vpmaddwd, 32 (AVX-512 BW) or 16 (AVX2) elements a step, scalar tail. Wrapping
/// int32 sums, so the results are the scalar loop's bit for bit.
/// </summary>
public struct SimdInt8Dot : Reference.LstmCell.IInt8Dot
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Dot(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        if (b.Length < a.Length) throw new ArgumentException($"dot product of {a.Length} and {b.Length} elements");
        int n = a.Length, i = 0, sum = 0;
        ref sbyte ra = ref MemoryMarshal.GetReference(a);
        ref sbyte rb = ref MemoryMarshal.GetReference(b);
        if (Avx512BW.IsSupported && n >= 32)
        {
            Vector512<int> acc = Vector512<int>.Zero;
            for (; i <= n - 32; i += 32)
                acc += Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref ra, (nuint)i)),
                                                    Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref rb, (nuint)i)));
            sum = Vector512.Sum(acc);
        }
        if (Avx2.IsSupported && n - i >= 16)
        {
            Vector256<int> acc = Vector256<int>.Zero;
            for (; i <= n - 16; i += 16)
                acc += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref ra, (nuint)i)),
                                                Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref rb, (nuint)i)));
            sum = unchecked(sum + Vector256.Sum(acc));
        }
        for (; i < n; i++) sum = unchecked(sum + Unsafe.Add(ref ra, i) * Unsafe.Add(ref rb, i));
        return sum;
    }
}

/// <summary>
/// The float LSTM cells' dot products (<see cref="Reference.LstmCell.IFloatDot"/>) with
/// <see cref="System.Numerics.Tensors.TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>: vectorized, so summed in
/// another order than the reference (results within float rounding of it).
/// </summary>
public struct SimdFloatDot : Reference.LstmCell.IFloatDot
{
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b[..a.Length]);

    /// <summary>Four rows at a time with 8-lane FMAs over the columns (the LSTM's small gate matrices: one call per matrix, not per row).</summary>
    public static void MatVecAccumulate(ReadOnlySpan<float> w, ReadOnlySpan<float> x, Span<float> acc)
    {
        int cols = x.Length, rows = acc.Length;
        if ((long)rows * cols > w.Length) throw new ArgumentException($"matrix has {w.Length} elements, needs {rows} x {cols}");
        int r = 0;
        if (Fma.IsSupported && cols >= 8)
        {
            ref float rw = ref MemoryMarshal.GetReference(w);
            ref float rx = ref MemoryMarshal.GetReference(x);
            for (; r + 4 <= rows; r += 4)
            {
                ref float w0 = ref Unsafe.Add(ref rw, (nint)r * cols);
                ref float w1 = ref Unsafe.Add(ref w0, cols);
                ref float w2 = ref Unsafe.Add(ref w1, cols);
                ref float w3 = ref Unsafe.Add(ref w2, cols);
                Vector256<float> a0 = Vector256<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
                int i = 0;
                for (; i <= cols - 8; i += 8)
                {
                    Vector256<float> xv = Vector256.LoadUnsafe(ref rx, (nuint)i);
                    a0 = Fma.MultiplyAdd(Vector256.LoadUnsafe(ref w0, (nuint)i), xv, a0);
                    a1 = Fma.MultiplyAdd(Vector256.LoadUnsafe(ref w1, (nuint)i), xv, a1);
                    a2 = Fma.MultiplyAdd(Vector256.LoadUnsafe(ref w2, (nuint)i), xv, a2);
                    a3 = Fma.MultiplyAdd(Vector256.LoadUnsafe(ref w3, (nuint)i), xv, a3);
                }
                float s0 = Vector256.Sum(a0), s1 = Vector256.Sum(a1), s2 = Vector256.Sum(a2), s3 = Vector256.Sum(a3);
                for (; i < cols; i++)
                {
                    float xi = Unsafe.Add(ref rx, i);
                    s0 += Unsafe.Add(ref w0, i) * xi;
                    s1 += Unsafe.Add(ref w1, i) * xi;
                    s2 += Unsafe.Add(ref w2, i) * xi;
                    s3 += Unsafe.Add(ref w3, i) * xi;
                }
                acc[r] += s0;
                acc[r + 1] += s1;
                acc[r + 2] += s2;
                acc[r + 3] += s3;
            }
        }
        for (; r < rows; r++) acc[r] += Dot(w.Slice(r * cols, cols), x);
    }

    /// <summary>Sigmoid and tanh on TensorPrimitives' vector kernels (within a few ulps of MathF); the others as the reference.</summary>
    public static void Activate(Recurrent.RecurrentActivation activation, Span<float> values)
    {
        switch (activation)
        {
            case Recurrent.RecurrentActivation.Sigmoid: System.Numerics.Tensors.TensorPrimitives.Sigmoid(values, values); break;
            case Recurrent.RecurrentActivation.Tanh: System.Numerics.Tensors.TensorPrimitives.Tanh(values, values); break;
            default: Recurrent.RecurrentActivations.Apply(activation, values); break;
        }
    }
}
