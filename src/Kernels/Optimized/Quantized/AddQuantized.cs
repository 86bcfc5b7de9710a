using System.Numerics;
using ManagedLite.Kernels.Elementwise;
using ManagedLite.Kernels.Params;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>Quantized ADD over a precomputed broadcast plan; bit-exact with <see cref="Ref.AddQuantized"/>.</summary>
public static class AddQuantized
{
    public static void Run<T>(in QuantizedAddSubParams p, BroadcastPlan plan, ReadOnlySpan<T> input1, ReadOnlySpan<T> input2, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (p.PotInt16) QuantizedBinaryDriver.Run(new Ref.AddQuantized.PotOperator(p), plan, input1, input2, output);
        else QuantizedBinaryDriver.Run(new Ref.AddQuantized.Operator(p), plan, input1, input2, output);
    }
}
