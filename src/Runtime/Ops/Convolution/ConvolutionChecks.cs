using ManagedLite.Schema;

namespace ManagedLite.Ops.Convolution;

/// <summary>Preparation checks shared by the convolution-family ops (float32 only for now).</summary>
internal static class ConvolutionChecks
{
    /// <summary>
    /// Throws unless <paramref name="t"/> is float32. Quantized types get a "not supported yet" message so the
    /// quantized kernels can later branch on the type here.
    /// </summary>
    public static void RequireFloat(OpContext ctx, LiteTensor t, string role)
    {
        if (t.DataType == TensorType.Float32) return;
        string got = TensorTypes.Name(t.DataType);
        if (t.DataType is TensorType.Int8 or TensorType.UInt8 or TensorType.Int16 or TensorType.Int4)
            throw ctx.Fail($"{role} '{t.Name}' is {got}: {got} not supported yet (float32 only)");
        throw ctx.Fail($"{role} '{t.Name}' must be float32, got {got}");
    }

    /// <summary>
    /// Float clamp range of the fused activation, combined with an activation node the planner fused into this
    /// one; Tanh and SignBit are not fusable into these kernels.
    /// </summary>
    public static (float Min, float Max) ActivationRange(OpContext ctx, ActivationFunctionType act)
    {
        if (act is ActivationFunctionType.None or ActivationFunctionType.Relu or ActivationFunctionType.Relu6 or ActivationFunctionType.ReluN1To1)
            return ctx.ActivationRange(act);
        throw ctx.Fail($"fused activation {act} is not supported");
    }

    /// <summary>
    /// The extra padding a "fold-pad" pass folded into this node (<see cref="OpContext.ExtraPadding"/>). The pass folds
    /// only pads whose value is what this node's skipped taps stand for (+0 for float32 kernels, the input zero point for
    /// quantized ones), so every kernel takes it as more of its own padding. Hybrid kernels are never given one.
    /// </summary>
    public static (int Top, int Left, int Bottom, int Right) ExtraPadding(OpContext ctx, bool isHybrid)
    {
        var x = ctx.ExtraPadding;
        if (x != default && isHybrid)
            throw ctx.Fail("a PAD was folded into this hybrid convolution (pass \"fold-pad\"), which its per-batch input quantization cannot take; disable that pass");
        return x;
    }

    public static void RequirePositive(OpContext ctx, int value, string what)
    {
        if (value <= 0) throw ctx.Fail($"{what} must be positive, got {value}");
    }

    /// <summary>Bias: optional float32 [<paramref name="channels"/>].</summary>
    public static void CheckBias(OpContext ctx, LiteTensor? bias, int channels)
    {
        if (bias is null) return;
        RequireFloat(ctx, bias, "bias");
        if (bias.ElementCount != channels)
            throw ctx.Fail($"bias '{bias.Name}' must have {channels} elements, got shape [{string.Join(",", bias.Shape.ToArray())}]");
    }

    public static void CheckInputCount(OpContext ctx, int min, int max)
    {
        if (ctx.InputCount < min || ctx.InputCount > max)
            throw ctx.Fail(min == max ? $"expected {min} inputs, got {ctx.InputCount}" : $"expected {min} to {max} inputs, got {ctx.InputCount}");
        if (ctx.OutputCount != 1) throw ctx.Fail($"expected 1 output, got {ctx.OutputCount}");
    }

    public static string ShapeText(LiteTensor t) => "[" + string.Join(",", t.Shape.ToArray()) + "]";
}
