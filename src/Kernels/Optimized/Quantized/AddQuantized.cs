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
/// Quantized ADD over a precomputed broadcast plan; bit-exact with <see cref="Ref.AddQuantized"/>. int8 and uint8 (legacy)
/// on the general path run the whole fixed-point pipeline 8 lanes at a time (<see cref="AddSubVector"/> on
/// <see cref="QuantizedVectorDriver8"/>); int16, the int16 power-of-two path and parameters outside the exact vector
/// range go element by element through the reference operator. Same-shape and scalar-operand int8 / uint8 run 16 lanes at
/// a time where AVX-512F is available (<see cref="AddSubVector512"/>).
/// </summary>
public static class AddQuantized
{
    public static void Run<T>(in QuantizedAddSubParams p, BroadcastPlan plan, ReadOnlySpan<T> input1, ReadOnlySpan<T> input2, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (p.PotInt16) QuantizedBinaryDriver.Run(new Ref.AddQuantized.PotOperator(p), plan, input1, input2, output);
        else
        {
            bool exact = VectorSupported(p);
            if (exact && TryRun512(p, subtract: false, plan, input1, input2, output)) return;
            QuantizedVectorDriver8.RunOrReference(exact, exact ? new AddSubVector(p, subtract: false) : default, new Ref.AddQuantized.Operator(p), plan,
                input1, input2, output);
        }
    }

    /// <summary>
    /// int8 / uint8 same-shape and scalar-operand ADD or SUB on 16 lanes (<see cref="AddSubVector512"/>) where AVX-512F is
    /// available; false (nothing written) for other types, broadcasts or hardware. Only for parameters passing
    /// <see cref="VectorSupported"/>.
    /// </summary>
    internal static bool TryRun512<T>(in QuantizedAddSubParams p, bool subtract, BroadcastPlan plan, ReadOnlySpan<T> input1, ReadOnlySpan<T> input2, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (!AddSubVector512.IsSupported) return false;
        if (typeof(T) == typeof(sbyte))
            return AddSubVector512.TryRun<SignedWiden8>(p, subtract, plan, MemoryMarshal.AsBytes(input1), MemoryMarshal.AsBytes(input2), MemoryMarshal.AsBytes(output));
        if (typeof(T) == typeof(byte))
            return AddSubVector512.TryRun<UnsignedWiden8>(p, subtract, plan, MemoryMarshal.AsBytes(input1), MemoryMarshal.AsBytes(input2), MemoryMarshal.AsBytes(output));
        return false;
    }

    internal static bool VectorSupported(in QuantizedAddSubParams p) =>
        Avx2.IsSupported && p.LeftShift is >= 0 and <= 31 &&
        p.Input1Shift is <= 0 and >= -31 && p.Input2Shift is <= 0 and >= -31 &&
        VectorRequantize.MultiplierSupported(p.Input1Multiplier, p.Input1Shift) &&
        VectorRequantize.MultiplierSupported(p.Input2Multiplier, p.Input2Shift) &&
        VectorRequantize.MultiplierSupported(p.OutputMultiplier, p.OutputShift);
}
