using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ManagedLite.Kernels.Elementwise;
using ManagedLite.Kernels.Optimized.Quantized.Gemm;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>
/// Quantized PRELU (int8 / uint8 input and alpha) over a precomputed broadcast plan; bit-exact with
/// <see cref="Ref.PreluQuantized"/>. Runs 8 lanes at a time on <see cref="QuantizedVectorDriver8"/> (<see cref="PreluVector"/>);
/// multipliers outside the exact vector range go element by element through the reference operator.
/// </summary>
public static class PreluQuantized
{
    public static void Run<T>(in Ref.PreluQuantized.Operator op, BroadcastPlan plan, ReadOnlySpan<T> input, ReadOnlySpan<T> alpha, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>
    {
        bool exact = PreluVector.Supported(op);
        QuantizedVectorDriver8.RunOrReference(exact, exact ? new PreluVector(op) : default, op, plan, input, alpha, output);
    }
}

/// <summary>
/// The 8-bit PRELU pipeline on 8 lanes: x = offset + input; lanes with x &gt;= 0 requantize x by (multiplier1, shift1), the
/// others the wrapping product x * (alphaOffset + alpha) by (multiplier2, shift2); one MultiplyByQuantizedMultiplier with
/// per-lane parameters selected by the sign of x, output offset, clamp. Lane for lane <see cref="Ref.PreluQuantized.Operator"/>.
/// </summary>
internal readonly struct PreluVector : IInt8VectorOp
{
    private readonly Vector256<int> _inOff, _alphaOff, _m1, _m2, _mask1, _mask2, _half1, _half2, _outOff, _min, _max;
    private readonly Vector256<uint> _left1, _left2, _right1, _right2;

    public static bool Supported(in Ref.PreluQuantized.Operator op) =>
        Avx2.IsSupported && VectorRequantize.MultiplierSupported(op.Multiplier1, op.Shift1) &&
        VectorRequantize.MultiplierSupported(op.Multiplier2, op.Shift2);

    public PreluVector(in Ref.PreluQuantized.Operator op)
    {
        _inOff = Vector256.Create(op.InputOffset);
        _alphaOff = Vector256.Create(op.AlphaOffset);
        _outOff = Vector256.Create(op.OutputOffset);
        _min = Vector256.Create(op.Min);
        _max = Vector256.Create(op.Max);
        Shifts(op.Multiplier1, op.Shift1, out _m1, out _left1, out _right1, out _mask1, out _half1);
        Shifts(op.Multiplier2, op.Shift2, out _m2, out _left2, out _right2, out _mask2, out _half2);
    }

    private static void Shifts(int multiplier, int shift, out Vector256<int> m, out Vector256<uint> left, out Vector256<uint> right,
        out Vector256<int> mask, out Vector256<int> half)
    {
        int r = Math.Max(-shift, 0);
        m = Vector256.Create(multiplier);
        left = Vector256.Create((uint)Math.Max(shift, 0));
        right = Vector256.Create((uint)r);
        mask = Vector256.Create((int)((1L << r) - 1));
        half = mask >> 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<int> Left(Vector256<int> a) => a + _inOff;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<int> Right(Vector256<int> b) => b + _alphaOff;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<int> Combine(Vector256<int> x, Vector256<int> alpha)
    {
        Vector256<int> neg = Avx2.CompareGreaterThan(Vector256<int>.Zero, x);
        Vector256<int> v = Vector256.ConditionalSelect(neg, Avx2.MultiplyLow(x, alpha), x);
        return VectorRequantize.Requantize(v,
            Vector256.ConditionalSelect(neg, _m2, _m1),
            Vector256.ConditionalSelect(neg.AsUInt32(), _left2, _left1),
            Vector256.ConditionalSelect(neg.AsUInt32(), _right2, _right1),
            Vector256.ConditionalSelect(neg, _mask2, _mask1),
            Vector256.ConditionalSelect(neg, _half2, _half1),
            _outOff, _min, _max);
    }
}
