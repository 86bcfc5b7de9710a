using System.Numerics;

namespace ManagedLite.Kernels.Reference;

/// <summary>SIGN (TFLite's sign.cc) on float32, float64 and int32: 1, -1 or 0; a NaN stays NaN (and -0.0 gives 0).</summary>
public static class Sign
{
    public static void Run<T>(ReadOnlySpan<T> input, Span<T> output) where T : INumber<T>
    {
        if (input.Length != output.Length) throw new ArgumentException("length mismatch");
        for (int i = 0; i < input.Length; i++)
        {
            T x = input[i];
            output[i] = T.IsNaN(x) ? x : x > T.Zero ? T.One : x < T.Zero ? -T.One : T.Zero;
        }
    }
}
