using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Convolution;

/// <summary>MAX_POOL_2D (float32): the maximum of the in-bounds part of each window.</summary>
internal sealed class MaxPool2DOp : Pool2DOp
{
    public override void Eval(OpContext ctx)
    {
        var input = ctx.Input(0).GetData<float>();
        var output = ctx.Output(0).GetWritableData<float>();
        if (ctx.UseReferenceKernels) Ref.Pooling.MaxPool(Params, input, output);
        else Opt.Pooling.MaxPool(Params, input, output);
    }
}
