using ManagedLite.Schema;

namespace ManagedLite.Ops;

/// <summary>GELU on float32: exact erfc form, or the tanh approximation when the options say approximate.</summary>
internal sealed class GeluOp : IOpKernel
{
    private bool _approximate;

    public void Prepare(OpContext context)
    {
        ElementwiseOpHelpers.PrepareUnaryFloat(context);
        _approximate = context.GetOptions<GeluOptions>().Approximate;
    }

    public void Eval(OpContext context)
    {
        var x = context.Input(0).GetData<float>();
        var y = context.Output(0).GetWritableData<float>();
        if (context.UseReferenceKernels) Kernels.Reference.Activations.Gelu(x, y, _approximate);
        else Kernels.Optimized.Activations.Gelu(x, y, _approximate);
    }
}
