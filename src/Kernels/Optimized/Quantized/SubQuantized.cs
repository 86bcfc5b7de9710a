using System.Numerics;
using System.Runtime.InteropServices;
using ManagedLite.Kernels.Elementwise;
using ManagedLite.Kernels.Params;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>
/// Quantized SUB over a precomputed broadcast plan; bit-exact with <see cref="Ref.SubQuantized"/>. int8 and uint8 on the
/// general path run 8 lanes at a time (<see cref="AddSubVector"/>, ADD's pipeline with a difference); int16, the int16
/// power-of-two path and parameters outside the exact vector range go element by element through the reference operator.
/// Same-shape and scalar-operand int8 / uint8 use the 16-lane <see cref="AddSubVector512"/> where AVX-512F is available.
/// </summary>
public static class SubQuantized
{
    public static void Run<T>(in QuantizedAddSubParams p, BroadcastPlan plan, ReadOnlySpan<T> input1, ReadOnlySpan<T> input2, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (p.PotInt16) QuantizedBinaryDriver.Run(new Ref.SubQuantized.PotOperator(p), plan, input1, input2, output);
        else
        {
            bool exact = AddQuantized.VectorSupported(p);
            if (exact && AddQuantized.TryRun512(p, subtract: true, plan, input1, input2, output)) return;
            QuantizedVectorDriver8.RunOrReference(exact, exact ? new AddSubVector(p, subtract: true) : default, new Ref.SubQuantized.Operator(p), plan,
                input1, input2, output);
        }
    }
}
