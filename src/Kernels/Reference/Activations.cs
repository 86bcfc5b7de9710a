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

    /// <summary>
    /// SiLU: min(max(x * LOGISTIC(x), lo), hi), the reference LOGISTIC followed by the reference float MUL by x with its
    /// activation range (a LOGISTIC and MUL pair fused by pass "fuse-silu").
    /// </summary>
    public static void Silu(ReadOnlySpan<float> input, Span<float> output, float lo, float hi)
    {
        CheckLengths(input, output);
        for (int i = 0; i < input.Length; i++) output[i] = Clamp.Apply(SiluOperator.Invoke(input[i]), lo, hi);
    }

    /// <summary>
    /// GELU on float16 as TFLite evaluates it (an Eigen array expression on half): every multiplication, addition and
    /// function result is rounded to float16, with the constants themselves rounded to float16 first.
    /// </summary>
    public static void GeluHalf(ReadOnlySpan<Half> input, Span<Half> output, bool approximate)
    {
        if (input.Length != output.Length) throw new ArgumentException($"input has {input.Length} elements, output {output.Length}");
        static Half H(float v) => (Half)v;
        Half half = H(0.5f), one = H(1f);
        if (approximate)
        {
            Half k = H(GeluApproximateOperator.SqrtTwoOverPi), c = H(0.044715f);
            for (int i = 0; i < input.Length; i++)
            {
                Half x = input[i];
                Half cube = H((float)H((float)x * (float)x) * (float)x);
                Half inner = H((float)x + (float)H((float)c * (float)cube));
                Half t = H(MathF.Tanh((float)H((float)k * (float)inner)));
                output[i] = H((float)H((float)half * (float)x) * (float)H((float)one + (float)t));
            }
            return;
        }
        Half minusSqrtHalf = H(-0.70710678118654752f);
        for (int i = 0; i < input.Length; i++)
        {
            Half x = input[i];
            Half e = H((float)ScalarMath.Erfc((float)H((float)x * (float)minusSqrtHalf)));
            output[i] = H((float)H((float)half * (float)x) * (float)e);
        }
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
