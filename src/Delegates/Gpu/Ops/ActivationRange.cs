using ILGPU;
using ManagedLite.Schema;

namespace ManagedLite.Delegates.Gpu.Ops;

/// <summary>Float clamp range of a node's output: its options' activation intersected with the one the fusion pass added (as OpContext.ActivationRange).</summary>
internal static class ActivationRange
{
    public static (float Min, float Max) Of(ActivationFunctionType fromOptions, DelegateNode node)
    {
        var (lo, hi) = Single(fromOptions);
        var (lo2, hi2) = Single(node.FusedActivation);
        return (MathF.Max(lo, lo2), MathF.Min(hi, hi2));
    }

    /// <summary>TFLite's float activation ranges: "none" and RELU's open end clamp to the largest finite float.</summary>
    public static (float Min, float Max) Single(ActivationFunctionType act) => act switch
    {
        ActivationFunctionType.Relu => (0f, float.MaxValue),
        ActivationFunctionType.Relu6 => (0f, 6f),
        ActivationFunctionType.ReluN1To1 => (-1f, 1f),
        _ => (float.MinValue, float.MaxValue),
    };

    /// <summary>No clamp at all (operators without a fused activation: NaN and infinities pass through).</summary>
    public static (float Min, float Max) None => (float.NegativeInfinity, float.PositiveInfinity);
}
