using ManagedLite.Kernels.Elementwise;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// ATAN2 (TFLite's atan2.cc): element-wise atan2(y, x) of two tensors of one shape, in the element type's own
/// precision (float32 in float, float64 in double; float16 and bfloat16 through float32).
/// </summary>
public static class Atan2
{
    public static void Run(ReadOnlySpan<float> y, ReadOnlySpan<float> x, Span<float> output)
    {
        Check(y.Length, x.Length, output.Length);
        for (int i = 0; i < output.Length; i++) output[i] = MathF.Atan2(y[i], x[i]);
    }

    public static void Run(ReadOnlySpan<double> y, ReadOnlySpan<double> x, Span<double> output)
    {
        Check(y.Length, x.Length, output.Length);
        for (int i = 0; i < output.Length; i++) output[i] = Math.Atan2(y[i], x[i]);
    }

    public static void Run(ReadOnlySpan<Half> y, ReadOnlySpan<Half> x, Span<Half> output)
    {
        Check(y.Length, x.Length, output.Length);
        for (int i = 0; i < output.Length; i++) output[i] = (Half)MathF.Atan2((float)y[i], (float)x[i]);
    }

    /// <summary>bfloat16 as raw bits.</summary>
    public static void RunBFloat16(ReadOnlySpan<ushort> y, ReadOnlySpan<ushort> x, Span<ushort> output)
    {
        Check(y.Length, x.Length, output.Length);
        for (int i = 0; i < output.Length; i++)
            output[i] = BFloat16.FromSingle(MathF.Atan2(BFloat16.ToSingle(y[i]), BFloat16.ToSingle(x[i])));
    }

    private static void Check(int y, int x, int output)
    {
        if (y != output || x != output) throw new ArgumentException($"atan2 operands have {y} and {x} elements, output {output}");
    }
}
