using System.Numerics;
using ManagedLite.Kernels.Elementwise;
using ManagedLite.Kernels.Params;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>Quantized SUB over a precomputed broadcast plan; bit-exact with <see cref="Ref.SubQuantized"/>.</summary>
public static class SubQuantized
{
    public static void Run<T>(in QuantizedAddSubParams p, BroadcastPlan plan, ReadOnlySpan<T> input1, ReadOnlySpan<T> input2, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (p.PotInt16) QuantizedBinaryDriver.Run(new Ref.SubQuantized.PotOperator(p), plan, input1, input2, output);
        else QuantizedBinaryDriver.Run(new Ref.SubQuantized.Operator(p), plan, input1, input2, output);
    }
}
