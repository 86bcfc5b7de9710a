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
/// Quantized int8 SQUARED_DIFFERENCE over a precomputed broadcast plan; bit-exact with <see cref="Ref.SquaredDifferenceQuantized"/>.
/// Runs 8 lanes at a time on <see cref="QuantizedVectorDriver8"/> (<see cref="SquaredDifferenceVector"/>); multipliers or
/// shifts outside the exact vector range go element by element through the reference operator.
/// </summary>
public static class SquaredDifferenceQuantized
{
    public static void Run(in Ref.SquaredDifferenceQuantized.Operator op, BroadcastPlan plan, ReadOnlySpan<sbyte> input1,
        ReadOnlySpan<sbyte> input2, Span<sbyte> output)
    {
        if (SquaredDifferenceVector.Supported(op))
            QuantizedVectorDriver8.Run<SquaredDifferenceVector, SignedWiden8>(new SquaredDifferenceVector(op), plan,
                MemoryMarshal.AsBytes(input1), MemoryMarshal.AsBytes(input2), MemoryMarshal.AsBytes(output));
        else QuantizedBinaryDriver.Run(op, plan, input1, input2, output);
    }
}

/// <summary>
/// The int8 SQUARED_DIFFERENCE pipeline on 8 lanes: each input ((offset + x) &lt;&lt; 7) rescaled by SRDHM and a rounding right
/// shift (<see cref="Left"/>, <see cref="Right"/>), the difference squared in int32 (vpmulld's low half, as the reference's
/// wrapping product), rescaled the same way, output offset, clamp to int8. Lane for lane
/// <see cref="Ref.SquaredDifferenceQuantized.Operator"/>.
/// </summary>
internal readonly struct SquaredDifferenceVector : IInt8VectorOp
{
    private readonly Vector256<int> _off1, _off2, _m1, _m2, _mask1, _mask2, _half1, _half2;
    private readonly Vector256<uint> _e1, _e2;
    private readonly VectorRequantize.Stage _output;

    /// <summary>The reference's SmallerThanOneExp steps are a plain SRDHM and rounding right shift when every shift is in -31..0.</summary>
    public static bool Supported(in Ref.SquaredDifferenceQuantized.Operator op) =>
        Avx2.IsSupported && Fits(op.Input1Multiplier, op.Input1Shift) && Fits(op.Input2Multiplier, op.Input2Shift) &&
        Fits(op.OutputMultiplier, op.OutputShift);

    private static bool Fits(int multiplier, int shift) => multiplier != int.MinValue && shift is <= 0 and >= -31;

    public SquaredDifferenceVector(in Ref.SquaredDifferenceQuantized.Operator op)
    {
        _off1 = Vector256.Create(op.Input1Offset);
        _off2 = Vector256.Create(op.Input2Offset);
        _m1 = Vector256.Create(op.Input1Multiplier);
        _m2 = Vector256.Create(op.Input2Multiplier);
        _e1 = Vector256.Create((uint)-op.Input1Shift);
        _e2 = Vector256.Create((uint)-op.Input2Shift);
        _mask1 = Vector256.Create((int)((1L << -op.Input1Shift) - 1));
        _mask2 = Vector256.Create((int)((1L << -op.Input2Shift) - 1));
        _half1 = _mask1 >> 1;
        _half2 = _mask2 >> 1;
        _output = new VectorRequantize.Stage(op.OutputMultiplier, op.OutputShift, op.OutputOffset, sbyte.MinValue, sbyte.MaxValue);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<int> Left(Vector256<int> a) =>
        VectorRequantize.RoundingDivideByPot(VectorRequantize.Srdhm(Avx2.ShiftLeftLogical(a + _off1, Ref.SquaredDifferenceQuantized.LeftShift), _m1), _e1, _mask1, _half1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<int> Right(Vector256<int> b) =>
        VectorRequantize.RoundingDivideByPot(VectorRequantize.Srdhm(Avx2.ShiftLeftLogical(b + _off2, Ref.SquaredDifferenceQuantized.LeftShift), _m2), _e2, _mask2, _half2);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<int> Combine(Vector256<int> left, Vector256<int> right)
    {
        Vector256<int> d = left - right;
        return _output.Apply(Avx2.MultiplyLow(d, d));
    }
}
