using ManagedLite.Kernels.Elementwise;

namespace ManagedLite.Ops;

/// <summary>PRELU on float32: alpha broadcast against the input; the output has the input's shape.</summary>
internal sealed class PreluOp : IOpKernel
{
    private BroadcastPlan? _plan;

    public void Prepare(OpContext context)
    {
        ElementwiseOpHelpers.ExpectCounts(context, 2, 1);
        var input = context.Input(0);
        var alpha = context.Input(1);
        ElementwiseOpHelpers.ExpectFloat(context, input, "input");
        ElementwiseOpHelpers.ExpectFloat(context, alpha, "alpha");
        ElementwiseOpHelpers.ExpectFloat(context, context.Output(0), "output");
        var shape = BroadcastPlan.TryGetOutputShape(input.Shape, alpha.Shape);
        if (shape is null || !shape.AsSpan().SequenceEqual(input.Shape) || input.Rank > ElementwiseOpHelpers.MaxBroadcastRank)
            throw context.Fail($"alpha '{alpha.Name}' {ElementwiseOpHelpers.ShapeText(alpha.Shape)} must broadcast to input '{input.Name}' {ElementwiseOpHelpers.ShapeText(input.Shape)} (rank at most {ElementwiseOpHelpers.MaxBroadcastRank})");
        _plan = BroadcastPlan.Create(input.Shape, alpha.Shape);
        context.ResizeOutput(0, input.Shape);
    }

    public void Eval(OpContext context)
    {
        var input = context.Input(0);
        var alpha = context.Input(1);
        var output = context.Output(0);
        if (context.UseReferenceKernels)
            Kernels.Reference.BinaryElementwise.Prelu(input.Shape, input.GetData<float>(), alpha.Shape, alpha.GetData<float>(),
                                                      output.Shape, output.GetWritableData<float>());
        else
            Kernels.Optimized.BinaryElementwise.Prelu(_plan ?? throw context.Fail("Eval before Prepare"),
                                                      input.GetData<float>(), alpha.GetData<float>(), output.GetWritableData<float>());
    }
}
