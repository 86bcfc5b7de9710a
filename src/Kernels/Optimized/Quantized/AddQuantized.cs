using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ManagedLite.Kernels.Elementwise;
using ManagedLite.Kernels.Optimized.Quantized.Gemm;
using ManagedLite.Kernels.Params;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>
/// Quantized ADD over a precomputed broadcast plan; bit-exact with <see cref="Ref.AddQuantized"/>. int8 on the general
/// and uint8 (legacy) on the general path run the whole fixed-point pipeline 8 lanes at a time (AVX2,
/// <see cref="VectorRequantize"/>); int16, the
/// int16 power-of-two path and parameters outside the exact vector range go element by element through the reference
/// operator.
/// </summary>
public static class AddQuantized
{
    public static void Run<T>(in QuantizedAddSubParams p, BroadcastPlan plan, ReadOnlySpan<T> input1, ReadOnlySpan<T> input2, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (p.PotInt16) QuantizedBinaryDriver.Run(new Ref.AddQuantized.PotOperator(p), plan, input1, input2, output);
        else if (typeof(T) == typeof(sbyte) && VectorSupported(p))
            RunVector<SignedWiden>(p, plan, MemoryMarshal.AsBytes(input1), MemoryMarshal.AsBytes(input2), MemoryMarshal.AsBytes(output));
        else if (typeof(T) == typeof(byte) && VectorSupported(p))
            RunVector<UnsignedWiden>(p, plan, MemoryMarshal.AsBytes(input1), MemoryMarshal.AsBytes(input2), MemoryMarshal.AsBytes(output));
        else QuantizedBinaryDriver.Run(new Ref.AddQuantized.Operator(p), plan, input1, input2, output);
    }

    private static void RunVector<TLoad>(in QuantizedAddSubParams p, BroadcastPlan plan, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> y)
        where TLoad : struct, IWiden8
    {
        if (a.Length != plan.CountA || b.Length != plan.CountB || y.Length != plan.OutputLength)
            throw new ArgumentException($"broadcast operands have {a.Length}, {b.Length} -> {y.Length} elements; the plan expects {plan.CountA}, {plan.CountB} -> {plan.OutputLength}");
        if (plan.OutputLength == 0) return;
        var op = new Int8Vector<TLoad>(p);
        switch (plan.Kind)
        {
            case BroadcastKind.SameShape: op.Rows(a, b, y); return;
            case BroadcastKind.ScalarA: op.RowScalarA(a[0], b, y); return;
            case BroadcastKind.ScalarB: op.RowScalarB(a, b[0], y); return;
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
            if (innerA == 0) op.RowScalarA(a[offA], b.Slice(offB, inner), yRow);
            else if (innerB == 0) op.RowScalarB(a.Slice(offA, inner), b[offB], yRow);
            else op.Rows(a.Slice(offA, inner), b.Slice(offB, inner), yRow);
            for (int d = r - 2; d >= 0; d--)
            {
                offA += sa[d];
                offB += sb[d];
                if (++idx[d] < dims[d]) break;
                offA -= sa[d] * dims[d];
                offB -= sb[d] * dims[d];
                idx[d] = 0;
            }
        }
    }

    private static bool VectorSupported(in QuantizedAddSubParams p) =>
        Avx2.IsSupported && p.LeftShift is >= 0 and <= 31 &&
        p.Input1Shift is <= 0 and >= -31 && p.Input2Shift is <= 0 and >= -31 &&
        VectorRequantize.MultiplierSupported(p.Input1Multiplier, p.Input1Shift) &&
        VectorRequantize.MultiplierSupported(p.Input2Multiplier, p.Input2Shift) &&
        VectorRequantize.MultiplierSupported(p.OutputMultiplier, p.OutputShift);

    /// <summary>8 activation bytes widened to int32 lanes: sign-extended (int8) or zero-extended (uint8).</summary>
    private interface IWiden8
    {
        static abstract Vector256<int> Load8(ref byte src);
        static abstract int Value(byte v);
    }

    private struct SignedWiden : IWiden8
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> Load8(ref byte src) =>
            Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref src)).AsSByte());
        public static int Value(byte v) => (sbyte)v;
    }

    private struct UnsignedWiden : IWiden8
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> Load8(ref byte src) =>
            Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref src)).AsByte());
        public static int Value(byte v) => v;
    }

    /// <summary>
    /// The int8 / uint8 ADD pipeline on 8 lanes: ((offset + x) &lt;&lt; LeftShift) rescaled per input (SRDHM, rounding shift),
    /// summed, then MultiplyByQuantizedMultiplier to the output, output offset, clamp. Tails use the scalar operator.
    /// </summary>
    private readonly struct Int8Vector<TLoad> where TLoad : struct, IWiden8
    {
        private readonly Ref.AddQuantized.Operator _scalar;
        private readonly Vector256<int> _off1, _off2, _m1, _m2, _mask1, _mask2, _half1, _half2;
        private readonly Vector256<int> _mo, _maskO, _halfO, _outOff, _min, _max;
        private readonly Vector256<uint> _e1, _e2, _leftO, _rightO;
        private readonly Vector256<uint> _leftShift;

        public Int8Vector(in QuantizedAddSubParams p)
        {
            _scalar = new Ref.AddQuantized.Operator(p);
            _leftShift = Vector256.Create((uint)p.LeftShift);
            _off1 = Vector256.Create(p.Input1Offset);
            _off2 = Vector256.Create(p.Input2Offset);
            _m1 = Vector256.Create(p.Input1Multiplier);
            _m2 = Vector256.Create(p.Input2Multiplier);
            _e1 = Vector256.Create((uint)-p.Input1Shift);
            _e2 = Vector256.Create((uint)-p.Input2Shift);
            _mask1 = Vector256.Create((int)((1L << -p.Input1Shift) - 1));
            _mask2 = Vector256.Create((int)((1L << -p.Input2Shift) - 1));
            _half1 = _mask1 >> 1;
            _half2 = _mask2 >> 1;
            int right = Math.Max(-p.OutputShift, 0);
            _mo = Vector256.Create(p.OutputMultiplier);
            _leftO = Vector256.Create((uint)Math.Max(p.OutputShift, 0));
            _rightO = Vector256.Create((uint)right);
            _maskO = Vector256.Create((int)((1L << right) - 1));
            _halfO = _maskO >> 1;
            _outOff = Vector256.Create(p.OutputOffset);
            _min = Vector256.Create(p.ActivationMin);
            _max = Vector256.Create(p.ActivationMax);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Vector256<int> Scaled1(Vector256<int> a) =>
            VectorRequantize.RoundingDivideByPot(VectorRequantize.Srdhm(Avx2.ShiftLeftLogicalVariable(a + _off1, _leftShift), _m1), _e1, _mask1, _half1);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Vector256<int> Scaled2(Vector256<int> b) =>
            VectorRequantize.RoundingDivideByPot(VectorRequantize.Srdhm(Avx2.ShiftLeftLogicalVariable(b + _off2, _leftShift), _m2), _e2, _mask2, _half2);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Vector256<int> Output(Vector256<int> sum) =>
            VectorRequantize.Requantize(sum, _mo, _leftO, _rightO, _maskO, _halfO, _outOff, _min, _max);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<int> Load8(ref byte src, int i) => TLoad.Load8(ref Unsafe.Add(ref src, i));

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Rows(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> y)
        {
            ref byte ra = ref MemoryMarshal.GetReference(a);
            ref byte rb = ref MemoryMarshal.GetReference(b);
            ref byte ry = ref MemoryMarshal.GetReference(y);
            int n = y.Length, i = 0;
            for (; i <= n - 16; i += 16)
            {
                Vector256<int> lo = Output(Scaled1(Load8(ref ra, i)) + Scaled2(Load8(ref rb, i)));
                Vector256<int> hi = Output(Scaled1(Load8(ref ra, i + 8)) + Scaled2(Load8(ref rb, i + 8)));
                VectorRequantize.NarrowToInt8(lo, hi).AsByte().StoreUnsafe(ref ry, (nuint)i);
            }
            for (; i < n; i++) y[i] = (byte)_scalar.Invoke(TLoad.Value(a[i]), TLoad.Value(b[i]));
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void RowScalarA(byte a, ReadOnlySpan<byte> b, Span<byte> y)
        {
            ref byte rb = ref MemoryMarshal.GetReference(b);
            ref byte ry = ref MemoryMarshal.GetReference(y);
            Vector256<int> sa = Scaled1(Vector256.Create(TLoad.Value(a)));
            int n = y.Length, i = 0;
            for (; i <= n - 16; i += 16)
            {
                Vector256<int> lo = Output(sa + Scaled2(Load8(ref rb, i)));
                Vector256<int> hi = Output(sa + Scaled2(Load8(ref rb, i + 8)));
                VectorRequantize.NarrowToInt8(lo, hi).AsByte().StoreUnsafe(ref ry, (nuint)i);
            }
            for (; i < n; i++) y[i] = (byte)_scalar.Invoke(TLoad.Value(a), TLoad.Value(b[i]));
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void RowScalarB(ReadOnlySpan<byte> a, byte b, Span<byte> y)
        {
            ref byte ra = ref MemoryMarshal.GetReference(a);
            ref byte ry = ref MemoryMarshal.GetReference(y);
            Vector256<int> sb = Scaled2(Vector256.Create(TLoad.Value(b)));
            int n = y.Length, i = 0;
            for (; i <= n - 16; i += 16)
            {
                Vector256<int> lo = Output(Scaled1(Load8(ref ra, i)) + sb);
                Vector256<int> hi = Output(Scaled1(Load8(ref ra, i + 8)) + sb);
                VectorRequantize.NarrowToInt8(lo, hi).AsByte().StoreUnsafe(ref ry, (nuint)i);
            }
            for (; i < n; i++) y[i] = (byte)_scalar.Invoke(TLoad.Value(a[i]), TLoad.Value(b));
        }
    }
}
