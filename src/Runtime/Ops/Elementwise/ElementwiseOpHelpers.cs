using ManagedLite.Schema;

namespace ManagedLite.Ops;

/// <summary>Checks shared by the element-wise op classes.</summary>
internal static class ElementwiseOpHelpers
{
    public const int MaxBroadcastRank = 6;

    public static string ShapeText(ReadOnlySpan<int> shape) => "[" + string.Join(",", shape.ToArray()) + "]";

    /// <summary>Float32 in, float32 out: other types fail with "&lt;type&gt; not supported yet".</summary>
    public static void ExpectFloat(OpContext ctx, LiteTensor t, string role)
    {
        if (t.DataType != TensorType.Float32)
            throw ctx.Fail($"{role} '{t.Name}' is {TensorTypes.Name(t.DataType)}: {TensorTypes.Name(t.DataType)} not supported yet (float32 only)");
    }

    public static void ExpectCounts(OpContext ctx, int inputs, int outputs)
    {
        if (ctx.InputCount != inputs || ctx.OutputCount != outputs)
            throw ctx.Fail($"expected {inputs} input(s) and {outputs} output(s), got {ctx.InputCount} and {ctx.OutputCount}");
    }

    /// <summary>Unary float op preparation: one float input, one float output of the same shape.</summary>
    public static void PrepareUnaryFloat(OpContext ctx)
    {
        ExpectCounts(ctx, 1, 1);
        var input = ctx.Input(0);
        ExpectFloat(ctx, input, "input");
        ExpectFloat(ctx, ctx.Output(0), "output");
        ctx.ResizeOutput(0, input.Shape);
    }
}
