using ManagedLite.Schema;

namespace ManagedLite.Ops;

/// <summary>LEAKY_RELU on float32: x &gt; 0 ? x : alpha * x.</summary>
internal sealed class LeakyReluOp : IOpKernel
{
    private float _alpha;

    public void Prepare(OpContext context)
    {
        ElementwiseOpHelpers.PrepareUnaryFloat(context);
        _alpha = context.GetOptions<LeakyReluOptions>().Alpha;
    }

    public void Eval(OpContext context)
    {
        var x = context.Input(0).GetData<float>();
        var y = context.Output(0).GetWritableData<float>();
        if (context.UseReferenceKernels) Kernels.Reference.Activations.LeakyRelu(x, y, _alpha);
        else Kernels.Optimized.Activations.LeakyRelu(x, y, _alpha);
    }
}
