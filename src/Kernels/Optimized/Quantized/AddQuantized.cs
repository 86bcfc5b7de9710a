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
/// range go element by element through the reference operator.
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
            QuantizedVectorDriver8.RunOrReference(exact, exact ? new AddSubVector(p, subtract: false) : default, new Ref.AddQuantized.Operator(p), plan,
                input1, input2, output);
        }
    }

    internal static bool VectorSupported(in QuantizedAddSubParams p) =>
        Avx2.IsSupported && p.LeftShift is >= 0 and <= 31 &&
        p.Input1Shift is <= 0 and >= -31 && p.Input2Shift is <= 0 and >= -31 &&
        VectorRequantize.MultiplierSupported(p.Input1Multiplier, p.Input1Shift) &&
        VectorRequantize.MultiplierSupported(p.Input2Multiplier, p.Input2Shift) &&
        VectorRequantize.MultiplierSupported(p.OutputMultiplier, p.OutputShift);
}
