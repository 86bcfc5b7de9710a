using System.Runtime.Intrinsics;
using ManagedLite.Kernels.Elementwise;

namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// The epilogue of a residual ADD folded into its producer: <c>output[i] = clamp(output[i] + residual[i], min, max)</c>,
/// the same float operations and clamp order (<see cref="Clamp"/>) as a separate ADD with its fused activation, so
/// results are bit-identical to the unfused graph.
/// </summary>
public static unsafe class ResidualAdd
{
    public static void Apply(Span<float> output, ReadOnlySpan<float> residual, float min, float max)
    {
        if (residual.Length < output.Length)
            throw new ArgumentException($"residual add: residual has {residual.Length} elements, output {output.Length}");
        fixed (float* o = output)
        fixed (float* r = residual)
            Apply(o, r, output.Length, min, max);
    }

    internal static void Apply(float* o, float* r, nint n, float min, float max)
    {
        var lo = Vector256.Create(min);
        var hi = Vector256.Create(max);
        nint i = 0;
        for (; i + 8 <= n; i += 8)
            Clamp.Apply(Vector256.Load(o + i) + Vector256.Load(r + i), lo, hi).Store(o + i);
        for (; i < n; i++)
            o[i] = Clamp.Apply(o[i] + r[i], min, max);
    }
}
