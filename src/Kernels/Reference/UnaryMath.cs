using ManagedLite.Kernels.Elementwise;

namespace ManagedLite.Kernels.Reference;

/// <summary>Reference float math functions (EXP, SQRT, RSQRT, ABS, NEG, SQUARE, FLOOR, CEIL, LOG, SIN, COS).</summary>
public static class UnaryMath
{
    public static void Exp(ReadOnlySpan<float> input, Span<float> output) => Activations.Map<ExpOperator>(input, output);
    public static void Sqrt(ReadOnlySpan<float> input, Span<float> output) => Activations.Map<SqrtOperator>(input, output);
    public static void Rsqrt(ReadOnlySpan<float> input, Span<float> output) => Activations.Map<RsqrtOperator>(input, output);
    public static void Abs(ReadOnlySpan<float> input, Span<float> output) => Activations.Map<AbsOperator>(input, output);
    public static void Neg(ReadOnlySpan<float> input, Span<float> output) => Activations.Map<NegOperator>(input, output);
    public static void Square(ReadOnlySpan<float> input, Span<float> output) => Activations.Map<SquareOperator>(input, output);
    public static void Floor(ReadOnlySpan<float> input, Span<float> output) => Activations.Map<FloorOperator>(input, output);
    public static void Ceil(ReadOnlySpan<float> input, Span<float> output) => Activations.Map<CeilOperator>(input, output);
    public static void Log(ReadOnlySpan<float> input, Span<float> output) => Activations.Map<LogOperator>(input, output);
    public static void Sin(ReadOnlySpan<float> input, Span<float> output) => Activations.Map<SinOperator>(input, output);
    public static void Cos(ReadOnlySpan<float> input, Span<float> output) => Activations.Map<CosOperator>(input, output);
}
