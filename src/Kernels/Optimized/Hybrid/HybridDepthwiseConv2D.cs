namespace ManagedLite.Kernels.Optimized.Hybrid;

/// <summary>
/// Dynamic-range DEPTHWISE_CONV_2D: no SIMD path yet, forwards to <see cref="Reference.Hybrid.HybridDepthwiseConv2D"/>
/// (same signature), so the runtime can call the optimized entry point unconditionally.
/// </summary>
public static class HybridDepthwiseConv2D
{
    public static void Run(in DepthwiseParams p, ReadOnlySpan<float> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<float> filterScales, ReadOnlySpan<float> bias, Span<float> output, Span<sbyte> quantizedImage) =>
        Reference.Hybrid.HybridDepthwiseConv2D.Run(p, input, filter, filterScales, bias, output, quantizedImage);
}
