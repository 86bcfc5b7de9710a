using ManagedLite.Kernels.Signal;
using ManagedLite.Schema;
using static ManagedLite.Ops.Signal.SignalOpHelpers;

namespace ManagedLite.Ops.Signal;

/// <summary>SignalWindow (TFLite Micro): input int16 [..., N*k], window int16 [N], option shift; output int16 like input.</summary>
internal sealed class SignalWindowOp : IOpKernel
{
    private int _shift;

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 2, 1);
        var input = context.Input(0);
        var weights = context.Input(1);
        var output = context.Output(0);
        OpHelpers.ExpectType(context, input, TensorType.Int16, "input");
        if (input.Rank < 1) throw context.Fail($"input '{input.Name}' must have rank 1 or more");
        Expect(context, weights, TensorType.Int16, 1, "weights");
        OpHelpers.ExpectType(context, output, TensorType.Int16, "output");
        int size = FlatSize(context, input), window = weights.Dim(0);
        if (window == 0 ? size != 0 : size % window != 0)
            throw context.Fail($"input '{input.Name}' has {size} samples, not a multiple of the window length {window}");
        _shift = Int(context, Options(context), "shift", 0, 31);
        context.ResizeOutput(0, input.Shape);
    }

    public void Eval(OpContext context) =>
        Window.Apply(context.Input(0).GetData<short>(), context.Input(1).GetData<short>(), _shift,
            context.Output(0).GetWritableData<short>());
}
