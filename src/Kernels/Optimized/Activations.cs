using ManagedLite.Kernels.Elementwise;

namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// Vectorized float activations. RELU family, HARD_SWISH and LEAKY_RELU match the reference bit for bit;
/// LOGISTIC, TANH and ELU use double-lane exp and agree within 1-2 ulp; GELU runs the scalar formula.
/// </summary>
public static class Activations
{
    public static void Relu(ReadOnlySpan<float> input, Span<float> output) => UnaryDriver.Apply<ReluOperator>(input, output);
    public static void Relu6(ReadOnlySpan<float> input, Span<float> output) => UnaryDriver.Apply<Relu6Operator>(input, output);
    public static void ReluN1To1(ReadOnlySpan<float> input, Span<float> output) => UnaryDriver.Apply<ReluN1To1Operator>(input, output);
    public static void Relu0To1(ReadOnlySpan<float> input, Span<float> output) => UnaryDriver.Apply<Relu0To1Operator>(input, output);
    public static void Logistic(ReadOnlySpan<float> input, Span<float> output) => UnaryDriver.Apply<LogisticOperator>(input, output);
    public static void Tanh(ReadOnlySpan<float> input, Span<float> output) => UnaryDriver.Apply<TanhOperator>(input, output);
    public static void HardSwish(ReadOnlySpan<float> input, Span<float> output) => UnaryDriver.Apply<HardSwishOperator>(input, output);
    public static void Elu(ReadOnlySpan<float> input, Span<float> output) => UnaryDriver.Apply<EluOperator>(input, output);

    public static void Gelu(ReadOnlySpan<float> input, Span<float> output, bool approximate)
    {
        if (approximate) UnaryDriver.Apply<GeluApproximateOperator>(input, output);
        else UnaryDriver.Apply<GeluOperator>(input, output);
    }

    public static void LeakyRelu(ReadOnlySpan<float> input, Span<float> output, float alpha)
        => BinaryDriver.ApplyScalarB<LeakyReluOperator, NoClamp>(input, alpha, output, 0, 0);
}
