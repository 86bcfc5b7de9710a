namespace ManagedLite.Ops;

/// <summary>LOG_SOFTMAX on float32 over the last axis.</summary>
internal sealed class LogSoftmaxOp : IOpKernel
{
    private int _depth;

    public void Prepare(OpContext context)
    {
        ElementwiseOpHelpers.PrepareUnaryFloat(context);
        var input = context.Input(0);
        if (input.Rank < 1) throw context.Fail($"input '{input.Name}' must have rank at least 1, got a scalar");
        _depth = input.Dim(input.Rank - 1);
    }

    public void Eval(OpContext context)
    {
        var x = context.Input(0).GetData<float>();
        var y = context.Output(0).GetWritableData<float>();
        if (context.UseReferenceKernels) Kernels.Reference.LogSoftmax.Eval(x, y, _depth);
        else Kernels.Optimized.LogSoftmax.Eval(x, y, _depth);
    }
}
