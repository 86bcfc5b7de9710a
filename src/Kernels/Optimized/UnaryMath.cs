using ManagedLite.Kernels.Elementwise;

namespace ManagedLite.Kernels.Optimized;

/// <summary>Vectorized float math functions; exact except EXP (double-lane exp, within 1 ulp). LOG/SIN/COS run scalar.</summary>
public static class UnaryMath
{
    public static void Exp(ReadOnlySpan<float> input, Span<float> output) => UnaryDriver.Apply<ExpOperator>(input, output);
    public static void Sqrt(ReadOnlySpan<float> input, Span<float> output) => UnaryDriver.Apply<SqrtOperator>(input, output);
    public static void Rsqrt(ReadOnlySpan<float> input, Span<float> output) => UnaryDriver.Apply<RsqrtOperator>(input, output);
    public static void Abs(ReadOnlySpan<float> input, Span<float> output) => UnaryDriver.Apply<AbsOperator>(input, output);
    public static void Neg(ReadOnlySpan<float> input, Span<float> output) => UnaryDriver.Apply<NegOperator>(input, output);
    public static void Square(ReadOnlySpan<float> input, Span<float> output) => UnaryDriver.Apply<SquareOperator>(input, output);
    public static void Floor(ReadOnlySpan<float> input, Span<float> output) => UnaryDriver.Apply<FloorOperator>(input, output);
    public static void Ceil(ReadOnlySpan<float> input, Span<float> output) => UnaryDriver.Apply<CeilOperator>(input, output);
    public static void Log(ReadOnlySpan<float> input, Span<float> output) => UnaryDriver.Apply<LogOperator>(input, output);
    public static void Sin(ReadOnlySpan<float> input, Span<float> output) => UnaryDriver.Apply<SinOperator>(input, output);
    public static void Cos(ReadOnlySpan<float> input, Span<float> output) => UnaryDriver.Apply<CosOperator>(input, output);
}
