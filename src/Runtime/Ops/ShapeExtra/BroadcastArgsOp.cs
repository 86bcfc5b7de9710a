using ManagedLite.Schema;
using static ManagedLite.Ops.Shape.ShapeOpHelpers;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.ShapeExtra;

/// <summary>
/// BROADCAST_ARGS: the broadcast of two 1-D shape tensors (int32 or int64, both and the output of one type); the
/// output has max(len) elements. Incompatible shapes fail at Eval (TFLite aborts there).
/// </summary>
internal sealed class BroadcastArgsOp : IOpKernel
{
    public void Prepare(OpContext context)
    {
        var a = context.Input(0);
        var b = context.Input(1);
        var output = context.Output(0);
        ExpectIndexType(context, a, "shape 1");
        ExpectSameType(context, a, b, "shape 2");
        ExpectSameType(context, a, output, "output");
        if (a.Rank != 1 || b.Rank != 1)
            throw context.Fail($"shapes '{a.Name}' {Format(a.Shape)} and '{b.Name}' {Format(b.Shape)} must be 1-D");
        context.ResizeOutput(0, [Math.Max(a.Dim(0), b.Dim(0))]);
    }

    public void Eval(OpContext context)
    {
        var a = context.Input(0);
        var b = context.Input(1);
        bool ok;
        int bad;
        if (a.DataType == TensorType.Int32)
            ok = Ref.BroadcastArgs.TryRun(a.GetData<int>(), b.GetData<int>(), context.Output(0).GetWritableData<int>(), out bad);
        else
            ok = Ref.BroadcastArgs.TryRun(a.GetData<long>(), b.GetData<long>(), context.Output(0).GetWritableData<long>(), out bad);
        if (!ok)
            throw context.Fail($"shapes '{a.Name}' and '{b.Name}' are not broadcast-compatible at dimension {bad} from the right");
    }
}
