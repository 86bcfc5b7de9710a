using System.Numerics;
using ManagedLite.Kernels.Elementwise;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>Quantized MUL over a precomputed broadcast plan; bit-exact with <see cref="Ref.MulQuantized"/>.</summary>
public static class MulQuantized
{
    public static void Run<T>(in Ref.MulQuantized.Operator op, BroadcastPlan plan, ReadOnlySpan<T> input1, ReadOnlySpan<T> input2, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>
        => QuantizedBinaryDriver.Run(op, plan, input1, input2, output);
}
