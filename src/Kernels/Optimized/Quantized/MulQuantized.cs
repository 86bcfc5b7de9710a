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
/// Quantized MUL over a precomputed broadcast plan; bit-exact with <see cref="Ref.MulQuantized"/>. int8 and uint8 run 8
/// lanes at a time (<see cref="MulVector"/>); int16 and multipliers outside the exact vector range go element by element
/// through the reference operator.
/// </summary>
public static class MulQuantized
{
    public static void Run<T>(in Ref.MulQuantized.Operator op, BroadcastPlan plan, ReadOnlySpan<T> input1, ReadOnlySpan<T> input2, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>
    {
        bool exact = MulVector.Supported(op);
        QuantizedVectorDriver8.RunOrReference(exact, exact ? new MulVector(op) : default, op, plan, input1, input2, output);
    }
}

/// <summary>
/// The int8 / uint8 MUL pipeline on 8 lanes: (offset1 + a) * (offset2 + b) in int32 (the low 32 bits of vpmulld, as the
/// reference's wrapping product), MultiplyByQuantizedMultiplier, output offset, clamp; lane for lane
/// <see cref="Ref.MulQuantized.Operator"/>.
/// </summary>
internal readonly struct MulVector : IInt8VectorOp
{
    private readonly Vector256<int> _off1, _off2;
    private readonly VectorRequantize.Stage _output;

    public static bool Supported(in Ref.MulQuantized.Operator op) =>
        Avx2.IsSupported && VectorRequantize.MultiplierSupported(op.OutputMultiplier, op.OutputShift);

    public MulVector(in Ref.MulQuantized.Operator op)
    {
        _off1 = Vector256.Create(op.Input1Offset);
        _off2 = Vector256.Create(op.Input2Offset);
        _output = new VectorRequantize.Stage(op.OutputMultiplier, op.OutputShift, op.OutputOffset, op.ActivationMin, op.ActivationMax);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<int> Left(Vector256<int> a) => a + _off1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<int> Right(Vector256<int> b) => b + _off2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<int> Combine(Vector256<int> left, Vector256<int> right) =>
        _output.Apply(Avx2.MultiplyLow(left, right));
}
