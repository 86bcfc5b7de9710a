using ManagedLite.Schema;

namespace ManagedLite.Ops;

/// <summary>SOFTMAX on float32 over the last axis, with beta.</summary>
internal sealed class SoftmaxOp : IOpKernel
{
    private float _beta;
    private int _depth;

    public void Prepare(OpContext context)
    {
        ElementwiseOpHelpers.PrepareUnaryFloat(context);
        var input = context.Input(0);
        if (input.Rank < 1) throw context.Fail($"input '{input.Name}' must have rank at least 1, got a scalar");
        _depth = input.Dim(input.Rank - 1);
        _beta = context.GetOptions<SoftmaxOptions>().Beta;
    }

    public void Eval(OpContext context)
    {
        var x = context.Input(0).GetData<float>();
        var y = context.Output(0).GetWritableData<float>();
        if (context.UseReferenceKernels) Kernels.Reference.Softmax.Eval(x, y, _depth, _beta);
        else Kernels.Optimized.Softmax.Eval(x, y, _depth, _beta);
    }
}
