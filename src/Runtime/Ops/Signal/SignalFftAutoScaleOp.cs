using ManagedLite.Kernels.Signal;
using ManagedLite.Schema;
using static ManagedLite.Ops.Signal.SignalOpHelpers;

namespace ManagedLite.Ops.Signal;

/// <summary>SignalFftAutoScale (TFLite Micro): input int16 [N]; outputs int16 [N] (scaled up) and int32 scalar (the shift).</summary>
internal sealed class SignalFftAutoScaleOp : IOpKernel
{
    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 1, 2);
        var input = context.Input(0);
        OpHelpers.ExpectType(context, input, TensorType.Int16, "input");
        OpHelpers.ExpectType(context, context.Output(0), TensorType.Int16, "output");
        OpHelpers.ExpectType(context, context.Output(1), TensorType.Int32, "scale bits output");
        context.ResizeOutput(0, input.Shape);
        context.ResizeOutput(1, ReadOnlySpan<int>.Empty);
    }

    public void Eval(OpContext context)
    {
        int bits = FftAutoScale.Apply(context.Input(0).GetData<short>(), context.Output(0).GetWritableData<short>());
        context.Output(1).GetWritableData<int>()[0] = bits;
    }
}
