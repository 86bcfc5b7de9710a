using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Convolution;

/// <summary>AVERAGE_POOL_2D (float32): the average of the in-bounds part of each window.</summary>
internal sealed class AveragePool2DOp : Pool2DOp
{
    public override void Eval(OpContext ctx)
    {
        var input = ctx.Input(0).GetData<float>();
        var output = ctx.Output(0).GetWritableData<float>();
        if (ctx.UseReferenceKernels) Ref.Pooling.AveragePool(Params, input, output);
        else Opt.Pooling.AveragePool(Params, input, output);
    }
}
