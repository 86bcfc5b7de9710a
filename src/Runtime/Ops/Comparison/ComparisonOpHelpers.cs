using ManagedLite.Kernels.Elementwise;
using ManagedLite.Schema;

namespace ManagedLite.Ops;

/// <summary>Preparation checks shared by the comparison, logical, select and remaining element-wise operators.</summary>
internal static class ComparisonOpHelpers
{
    public static string Describe(LiteTensor t) => $"{ModelText.Quote(t.Name)} ({TensorTypes.Name(t.DataType)}{ShapeText(t.Shape)})";

    public static string ShapeText(ReadOnlySpan<int> shape) => "[" + string.Join(",", shape.ToArray()) + "]";

    public static void ExpectCounts(OpContext ctx, int inputs, int outputs)
    {
        if (ctx.InputCount != inputs || ctx.OutputCount != outputs)
            throw ctx.Fail($"expected {inputs} input(s) and {outputs} output(s), got {ctx.InputCount} and {ctx.OutputCount}");
    }

    /// <summary>Both inputs of a binary operator have one type (TFLite's TF_LITE_ENSURE_TYPES_EQ).</summary>
    public static void ExpectSameType(OpContext ctx, LiteTensor a, LiteTensor b)
    {
        if (a.DataType != b.DataType)
            throw ctx.Fail($"inputs {Describe(a)} and {Describe(b)} must have the same type");
    }

    /// <summary>The output tensor is of the type the operator produces (TFLite sets it; a model declaring another is inconsistent).</summary>
    public static void ExpectOutputType(OpContext ctx, LiteTensor output, TensorType type)
    {
        if (output.DataType != type)
            throw ctx.Fail($"output {Describe(output)} must be {TensorTypes.Name(type)}");
    }

    /// <summary>Fails naming the input and the types the operator accepts.</summary>
    public static OperatorException Unsupported(OpContext ctx, LiteTensor t, string accepted) =>
        ctx.Fail($"input {Describe(t)}: {TensorTypes.Name(t.DataType)} is not supported by {ctx.OperatorName} (accepts {accepted})");

    /// <summary>
    /// The broadcast plan of two inputs (TFLite's CalculateShapeForBroadcast: dimensions equal or one of them 1);
    /// fails when the shapes are incompatible or the result would exceed int32 elements.
    /// </summary>
    public static BroadcastPlan Broadcast(OpContext ctx, LiteTensor a, LiteTensor b)
    {
        var shape = BroadcastPlan.TryGetOutputShape(a.Shape, b.Shape)
            ?? throw ctx.Fail($"input shapes of {Describe(a)} and {Describe(b)} cannot be broadcast");
        CheckElementCount(ctx, shape, $"broadcasting {Describe(a)} with {Describe(b)}");
        return BroadcastPlan.Create(a.Shape, b.Shape);
    }

    public static void CheckElementCount(OpContext ctx, ReadOnlySpan<int> shape, string what)
    {
        long count = 1;
        foreach (int d in shape) count = Math.Min(count, 1L << 32) * d; // clamped: no overflow, a later 0 still gives 0
        if (count > int.MaxValue) throw ctx.Fail($"{what} gives {ShapeText(shape)}, too many elements");
    }

    /// <summary>True when the tensor carries quantization parameters (TFLite's kTfLiteAffineQuantization).</summary>
    public static bool IsQuantized(LiteTensor t) => t.Quantization is { Scales.Count: > 0 };

    /// <summary>The per-tensor scale and zero point, or a failure naming the tensor when it has none.</summary>
    public static (float Scale, int ZeroPoint) Quantization(OpContext ctx, LiteTensor t, string role)
    {
        if (!IsQuantized(t)) throw ctx.Fail($"{role} {Describe(t)} has no quantization parameters");
        return (t.Quantization!.Scale, t.Quantization.ZeroPoint);
    }
}
