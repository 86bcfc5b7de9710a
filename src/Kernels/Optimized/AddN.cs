using ManagedLite.Kernels.Elementwise;

namespace ManagedLite.Kernels.Optimized;

/// <summary>Vectorized ADD_N with the reference's order (0, then += each input): bit-identical.</summary>
public static class AddN
{
    public static void Begin(Span<float> output) => output.Clear();

    public static void Accumulate(ReadOnlySpan<float> input, Span<float> output)
        => BinaryDriver.Apply<AddOperator, NoClamp>(output, input, output, 0, 0);
}
