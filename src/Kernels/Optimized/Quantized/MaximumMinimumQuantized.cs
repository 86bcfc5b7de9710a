using System.Numerics;
using ManagedLite.Kernels.Elementwise;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>MAXIMUM / MINIMUM on int8, uint8 and int16 over a precomputed broadcast plan.</summary>
public static class MaximumMinimumQuantized
{
    public static void Maximum<T>(BroadcastPlan plan, ReadOnlySpan<T> input1, ReadOnlySpan<T> input2, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>
        => QuantizedBinaryDriver.Run(default(Ref.MaximumMinimumQuantized.MaxOperator), plan, input1, input2, output);

    public static void Minimum<T>(BroadcastPlan plan, ReadOnlySpan<T> input1, ReadOnlySpan<T> input2, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>
        => QuantizedBinaryDriver.Run(default(Ref.MaximumMinimumQuantized.MinOperator), plan, input1, input2, output);
}
