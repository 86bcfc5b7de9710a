using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ManagedLite.Kernels.Elementwise;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>8 activation bytes widened to int32 lanes: sign-extended (int8) or zero-extended (uint8).</summary>
internal interface IWiden8
{
    static abstract Vector256<int> Load8(ref byte src);
    static abstract int Value(byte v);
}

internal struct SignedWiden8 : IWiden8
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Load8(ref byte src) =>
        Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref src)).AsSByte());
    public static int Value(byte v) => (sbyte)v;
}

internal struct UnsignedWiden8 : IWiden8
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Load8(ref byte src) =>
        Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref src)).AsByte());
    public static int Value(byte v) => v;
}

/// <summary>
/// One 8-bit quantized binary operator on 8 int32 lanes, split so that a broadcast scalar operand is transformed once:
/// output = <see cref="Combine"/>(<see cref="Left"/>(a), <see cref="Right"/>(b)), already clamped to the activation range.
/// Implementations are bit-exact with their reference operator.
/// </summary>
internal interface IInt8VectorOp
{
    Vector256<int> Left(Vector256<int> a);
    Vector256<int> Right(Vector256<int> b);
    Vector256<int> Combine(Vector256<int> left, Vector256<int> right);
}

/// <summary>
/// Runs an <see cref="IInt8VectorOp"/> over a broadcast plan (AVX2, 16 elements per step, then 8, then the last few as one
/// vector through 8-byte locals): same-shape and
/// scalar operands directly, other broadcasts row by row along the innermost dimension. Shared by quantized ADD, SUB,
/// MUL, PRELU and SQUARED_DIFFERENCE of int8 and uint8 tensors.
/// </summary>
internal static class QuantizedVectorDriver8
{
    /// <summary>
    /// The dispatch every quantized binary kernel shares: int8 and uint8 through <paramref name="vector"/> where
    /// <paramref name="vectorExact"/> (its parameters are inside the exact vector range), anything else element by
    /// element through the reference operator. <paramref name="vector"/> is not read when <paramref name="vectorExact"/>
    /// is false (pass default).
    /// </summary>
    public static void RunOrReference<T, TVec, TRef>(bool vectorExact, in TVec vector, in TRef reference, BroadcastPlan plan,
        ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y)
        where T : unmanaged, System.Numerics.IBinaryInteger<T> where TVec : struct, IInt8VectorOp where TRef : struct, Reference.Quantized.IQuantizedBinaryOperator
    {
        if (vectorExact && typeof(T) == typeof(sbyte))
            Run<TVec, SignedWiden8>(vector, plan, MemoryMarshal.AsBytes(a), MemoryMarshal.AsBytes(b), MemoryMarshal.AsBytes(y));
        else if (vectorExact && typeof(T) == typeof(byte))
            Run<TVec, UnsignedWiden8>(vector, plan, MemoryMarshal.AsBytes(a), MemoryMarshal.AsBytes(b), MemoryMarshal.AsBytes(y));
        else QuantizedBinaryDriver.Run(reference, plan, a, b, y);
    }

    public static void Run<TOp, TLoad>(in TOp op, BroadcastPlan plan, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> y)
        where TOp : struct, IInt8VectorOp where TLoad : struct, IWiden8
    {
        if (a.Length != plan.CountA || b.Length != plan.CountB || y.Length != plan.OutputLength)
            throw new ArgumentException($"broadcast operands have {a.Length}, {b.Length} -> {y.Length} elements; the plan expects {plan.CountA}, {plan.CountB} -> {plan.OutputLength}");
        if (plan.OutputLength == 0) return;
        switch (plan.Kind)
        {
            case BroadcastKind.SameShape: Rows<TOp, TLoad>(op, a, b, y); return;
            case BroadcastKind.ScalarA: RowScalarA<TOp, TLoad>(op, a[0], b, y); return;
            case BroadcastKind.ScalarB: RowScalarB<TOp, TLoad>(op, a, b[0], y); return;
        }
        int[] dims = plan.Dims, sa = plan.StrideA, sb = plan.StrideB;
        int r = dims.Length;
        int inner = dims[r - 1];
        int innerA = sa[r - 1], innerB = sb[r - 1];
        int outer = y.Length / inner;
        Span<int> idx = stackalloc int[r];
        idx.Clear();
        int offA = 0, offB = 0;
        for (int o = 0; o < outer; o++)
        {
            var yRow = y.Slice(o * inner, inner);
            if (innerA == 0) RowScalarA<TOp, TLoad>(op, a[offA], b.Slice(offB, inner), yRow);
            else if (innerB == 0) RowScalarB<TOp, TLoad>(op, a.Slice(offA, inner), b[offB], yRow);
            else Rows<TOp, TLoad>(op, a.Slice(offA, inner), b.Slice(offB, inner), yRow);
            plan.NextRow(idx, ref offA, ref offB);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Load8<TLoad>(ref byte src, int i) where TLoad : struct, IWiden8 => TLoad.Load8(ref Unsafe.Add(ref src, i));

    /// <summary>The low 8 bytes of 8 int32 lanes (already in the 8-bit range).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Narrow8(Vector256<int> v) => Gemm.VectorRequantize.NarrowToInt8(v, v).AsInt64().ToScalar();

    /// <summary>
    /// The last n &lt; 8 elements: copied into 8-byte locals, computed as one vector, n bytes stored. Every input byte is read
    /// before any output byte is written, so an output that aliases an input (in-place operation) is still correct.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tail<TOp, TLoad>(in TOp op, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> y, bool scalarA, bool scalarB,
        Vector256<int> left, Vector256<int> right) where TOp : struct, IInt8VectorOp where TLoad : struct, IWiden8
    {
        long la = 0, lb = 0;
        var ta = MemoryMarshal.AsBytes(new Span<long>(ref la));
        var tb = MemoryMarshal.AsBytes(new Span<long>(ref lb));
        if (!scalarA) a.CopyTo(ta);
        if (!scalarB) b.CopyTo(tb);
        Vector256<int> l = scalarA ? left : op.Left(TLoad.Load8(ref MemoryMarshal.GetReference(ta)));
        Vector256<int> r = scalarB ? right : op.Right(TLoad.Load8(ref MemoryMarshal.GetReference(tb)));
        long result = Narrow8(op.Combine(l, r));
        MemoryMarshal.AsBytes(new Span<long>(ref result))[..y.Length].CopyTo(y);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows<TOp, TLoad>(in TOp op, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> y)
        where TOp : struct, IInt8VectorOp where TLoad : struct, IWiden8
    {
        ref byte ra = ref MemoryMarshal.GetReference(a);
        ref byte rb = ref MemoryMarshal.GetReference(b);
        ref byte ry = ref MemoryMarshal.GetReference(y);
        int n = y.Length, i = 0;
        for (; i <= n - 16; i += 16)
        {
            Vector256<int> lo = op.Combine(op.Left(Load8<TLoad>(ref ra, i)), op.Right(Load8<TLoad>(ref rb, i)));
            Vector256<int> hi = op.Combine(op.Left(Load8<TLoad>(ref ra, i + 8)), op.Right(Load8<TLoad>(ref rb, i + 8)));
            Gemm.VectorRequantize.NarrowToInt8(lo, hi).AsByte().StoreUnsafe(ref ry, (nuint)i);
        }
        if (i <= n - 8)
        {
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref ry, i), Narrow8(op.Combine(op.Left(Load8<TLoad>(ref ra, i)), op.Right(Load8<TLoad>(ref rb, i)))));
            i += 8;
        }
        if (i < n) Tail<TOp, TLoad>(op, a[i..], b[i..], y[i..], false, false, default, default);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowScalarA<TOp, TLoad>(in TOp op, byte a, ReadOnlySpan<byte> b, Span<byte> y)
        where TOp : struct, IInt8VectorOp where TLoad : struct, IWiden8
    {
        ref byte rb = ref MemoryMarshal.GetReference(b);
        ref byte ry = ref MemoryMarshal.GetReference(y);
        Vector256<int> left = op.Left(Vector256.Create(TLoad.Value(a)));
        int n = y.Length, i = 0;
        for (; i <= n - 16; i += 16)
        {
            Vector256<int> lo = op.Combine(left, op.Right(Load8<TLoad>(ref rb, i)));
            Vector256<int> hi = op.Combine(left, op.Right(Load8<TLoad>(ref rb, i + 8)));
            Gemm.VectorRequantize.NarrowToInt8(lo, hi).AsByte().StoreUnsafe(ref ry, (nuint)i);
        }
        if (i <= n - 8)
        {
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref ry, i), Narrow8(op.Combine(left, op.Right(Load8<TLoad>(ref rb, i)))));
            i += 8;
        }
        if (i < n) Tail<TOp, TLoad>(op, default, b[i..], y[i..], true, false, left, default);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowScalarB<TOp, TLoad>(in TOp op, ReadOnlySpan<byte> a, byte b, Span<byte> y)
        where TOp : struct, IInt8VectorOp where TLoad : struct, IWiden8
    {
        ref byte ra = ref MemoryMarshal.GetReference(a);
        ref byte ry = ref MemoryMarshal.GetReference(y);
        Vector256<int> right = op.Right(Vector256.Create(TLoad.Value(b)));
        int n = y.Length, i = 0;
        for (; i <= n - 16; i += 16)
        {
            Vector256<int> lo = op.Combine(op.Left(Load8<TLoad>(ref ra, i)), right);
            Vector256<int> hi = op.Combine(op.Left(Load8<TLoad>(ref ra, i + 8)), right);
            Gemm.VectorRequantize.NarrowToInt8(lo, hi).AsByte().StoreUnsafe(ref ry, (nuint)i);
        }
        if (i <= n - 8)
        {
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref ry, i), Narrow8(op.Combine(op.Left(Load8<TLoad>(ref ra, i)), right)));
            i += 8;
        }
        if (i < n) Tail<TOp, TLoad>(op, a[i..], default, y[i..], false, true, default, right);
    }
}
