using ManagedLite.Kernels.Elementwise;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// Reference float activations: a scalar loop over the operator's exact TFLite formula
/// (see the operator structs in <c>Elementwise/UnaryOperators.cs</c> for each formula).
/// </summary>
public static class Activations
{
    public static void Relu(ReadOnlySpan<float> input, Span<float> output) => Map<ReluOperator>(input, output);
    public static void Relu6(ReadOnlySpan<float> input, Span<float> output) => Map<Relu6Operator>(input, output);
    public static void ReluN1To1(ReadOnlySpan<float> input, Span<float> output) => Map<ReluN1To1Operator>(input, output);
    public static void Relu0To1(ReadOnlySpan<float> input, Span<float> output) => Map<Relu0To1Operator>(input, output);
    public static void Logistic(ReadOnlySpan<float> input, Span<float> output) => Map<LogisticOperator>(input, output);
    public static void Tanh(ReadOnlySpan<float> input, Span<float> output) => Map<TanhOperator>(input, output);
    public static void HardSwish(ReadOnlySpan<float> input, Span<float> output) => Map<HardSwishOperator>(input, output);
    public static void Elu(ReadOnlySpan<float> input, Span<float> output) => Map<EluOperator>(input, output);

    /// <summary>GELU: exact erfc form, or the tanh approximation when <paramref name="approximate"/>.</summary>
    public static void Gelu(ReadOnlySpan<float> input, Span<float> output, bool approximate)
    {
        if (approximate) Map<GeluApproximateOperator>(input, output);
        else Map<GeluOperator>(input, output);
    }

    /// <summary>LEAKY_RELU: x &gt; 0 ? x : x * alpha.</summary>
    public static void LeakyRelu(ReadOnlySpan<float> input, Span<float> output, float alpha)
    {
        CheckLengths(input, output);
        for (int i = 0; i < input.Length; i++) output[i] = LeakyReluOperator.Invoke(input[i], alpha);
    }

    /// <summary>Applies <typeparamref name="TOp"/>'s scalar formula element by element.</summary>
    public static void Map<TOp>(ReadOnlySpan<float> input, Span<float> output) where TOp : IUnaryOperator
    {
        CheckLengths(input, output);
        for (int i = 0; i < input.Length; i++) output[i] = TOp.Invoke(input[i]);
    }

    internal static void CheckLengths(ReadOnlySpan<float> input, Span<float> output)
    {
        if (input.Length != output.Length)
            throw new ArgumentException($"input has {input.Length} elements, output {output.Length}");
    }
}
