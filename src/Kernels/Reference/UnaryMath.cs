using System.Numerics;
using ManagedLite.Kernels.Elementwise;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// Reference math functions (EXP, SQRT, RSQRT, ABS, NEG, SQUARE, FLOOR, CEIL, LOG, SIN, COS): float32 formulas, the
/// 16-bit float forms (widen to float32, apply, round once: TFLite's static_cast&lt;half&gt;(f(float(h)))), and the
/// wrapping integer NEG / ABS of TFLite's neg.cc and elementwise.cc (MIN stays MIN).
/// </summary>
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

    /// <summary>A float function on float16 elements, computed in float32 and rounded to float16 once.</summary>
    public static void MapHalf<TOp>(ReadOnlySpan<Half> input, Span<Half> output) where TOp : IUnaryOperator
    {
        CheckLengths(input.Length, output.Length);
        for (int i = 0; i < input.Length; i++) output[i] = (Half)TOp.Invoke((float)input[i]);
    }

    /// <summary>A float function on bfloat16 elements (raw bits), computed in float32 and rounded to nearest even once.</summary>
    public static void MapBFloat16<TOp>(ReadOnlySpan<ushort> input, Span<ushort> output) where TOp : IUnaryOperator
    {
        CheckLengths(input.Length, output.Length);
        for (int i = 0; i < input.Length; i++) output[i] = BFloat16.FromSingle(TOp.Invoke(BFloat16.ToSingle(input[i])));
    }

    /// <summary>NEG of float16 or bfloat16 raw bits: the sign bit flipped (NaN payloads kept).</summary>
    public static void NegBits(ReadOnlySpan<ushort> input, Span<ushort> output)
    {
        CheckLengths(input.Length, output.Length);
        for (int i = 0; i < input.Length; i++) output[i] = (ushort)(input[i] ^ 0x8000);
    }

    /// <summary>Integer NEG in two's complement: -MIN wraps to MIN.</summary>
    public static void NegInteger<T>(ReadOnlySpan<T> input, Span<T> output) where T : IBinaryInteger<T>
    {
        CheckLengths(input.Length, output.Length);
        for (int i = 0; i < input.Length; i++) output[i] = T.Zero - input[i];
    }

    /// <summary>Integer ABS in two's complement: |MIN| wraps to MIN.</summary>
    public static void AbsInteger<T>(ReadOnlySpan<T> input, Span<T> output) where T : IBinaryInteger<T>
    {
        CheckLengths(input.Length, output.Length);
        for (int i = 0; i < input.Length; i++) output[i] = T.IsNegative(input[i]) ? T.Zero - input[i] : input[i];
    }

    private static void CheckLengths(int input, int output)
    {
        if (input != output) throw new ArgumentException($"input has {input} elements, output {output}");
    }
}
