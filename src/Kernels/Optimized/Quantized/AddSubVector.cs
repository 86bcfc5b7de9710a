using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ManagedLite.Kernels.Optimized.Quantized.Gemm;
using ManagedLite.Kernels.Params;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>
/// The int8 / uint8 ADD and SUB pipeline on 8 lanes (general path, not the int16 power-of-two one): each input
/// ((offset + x) &lt;&lt; LeftShift) rescaled by its SRDHM multiplier and rounding shift (<see cref="Left"/>,
/// <see cref="Right"/>), the sum or difference rescaled to the output (MultiplyByQuantizedMultiplier), output offset,
/// clamp. Lane for lane the arithmetic of <see cref="Ref.AddQuantized.Operator"/> / <see cref="Ref.SubQuantized.Operator"/>.
/// </summary>
internal readonly struct AddSubVector : IInt8VectorOp
{
    private readonly bool _subtract;
    private readonly Vector256<int> _off1, _off2, _m1, _m2, _mask1, _mask2, _half1, _half2;
    private readonly VectorRequantize.Stage _output;
    private readonly Vector256<uint> _e1, _e2, _leftShift;

    public AddSubVector(in QuantizedAddSubParams p, bool subtract)
    {
        _subtract = subtract;
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
        _output = new VectorRequantize.Stage(p.OutputMultiplier, p.OutputShift, p.OutputOffset, p.ActivationMin, p.ActivationMax);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<int> Left(Vector256<int> a) =>
        VectorRequantize.RoundingDivideByPot(VectorRequantize.Srdhm(Avx2.ShiftLeftLogicalVariable(a + _off1, _leftShift), _m1), _e1, _mask1, _half1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<int> Right(Vector256<int> b) =>
        VectorRequantize.RoundingDivideByPot(VectorRequantize.Srdhm(Avx2.ShiftLeftLogicalVariable(b + _off2, _leftShift), _m2), _e2, _mask2, _half2);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<int> Combine(Vector256<int> left, Vector256<int> right) =>
        _output.Apply(_subtract ? left - right : left + right);
}
