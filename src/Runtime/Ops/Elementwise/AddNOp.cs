namespace ManagedLite.Ops;

/// <summary>ADD_N on float32: the element-wise sum of any number of same-shaped inputs.</summary>
internal sealed class AddNOp : IOpKernel
{
    private readonly bool _reference;

    public AddNOp(KernelFlavor flavor) => _reference = flavor == KernelFlavor.Reference;

    public void Prepare(OpContext context)
    {
        if (context.InputCount < 1 || context.OutputCount != 1)
            throw context.Fail($"expected at least 1 input and 1 output, got {context.InputCount} and {context.OutputCount}");
        var first = context.Input(0);
        for (int i = 0; i < context.InputCount; i++)
        {
            var t = context.Input(i);
            ElementwiseOpHelpers.ExpectFloat(context, t, $"input {i}");
            if (!t.Shape.SequenceEqual(first.Shape))
                throw context.Fail($"input {i} '{t.Name}' {ElementwiseOpHelpers.ShapeText(t.Shape)} differs from input 0 '{first.Name}' {ElementwiseOpHelpers.ShapeText(first.Shape)}");
        }
        ElementwiseOpHelpers.ExpectFloat(context, context.Output(0), "output");
        context.ResizeOutput(0, first.Shape);
    }

    public void Eval(OpContext context)
    {
        var output = context.Output(0);
        for (int i = 0; i < context.InputCount; i++)
            if (context.Input(i) == output)
                throw context.Fail($"output '{output.Name}' must not be one of the inputs");
        var y = output.GetWritableData<float>();
        bool r = _reference;
        if (r) Kernels.Reference.AddN.Begin(y); else Kernels.Optimized.AddN.Begin(y);
        for (int i = 0; i < context.InputCount; i++)
        {
            var x = context.Input(i).GetData<float>();
            if (r) Kernels.Reference.AddN.Accumulate(x, y); else Kernels.Optimized.AddN.Accumulate(x, y);
        }
    }
}
