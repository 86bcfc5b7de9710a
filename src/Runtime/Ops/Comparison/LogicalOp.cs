using ManagedLite.Kernels.Elementwise;
using ManagedLite.Kernels.Reference;
using ManagedLite.Schema;
using static ManagedLite.Ops.ComparisonOpHelpers;

namespace ManagedLite.Ops;

/// <summary>LOGICAL_AND / LOGICAL_OR: bool inputs of one type with NumPy broadcasting, bool output (TFLite's logical.cc).</summary>
internal sealed class LogicalOp(bool and) : IOpKernel
{
    private BroadcastPlan? _plan;

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 2, 1);
        var a = context.Input(0);
        var b = context.Input(1);
        ExpectSameType(context, a, b);
        if (a.DataType != TensorType.Bool) throw Unsupported(context, a, "bool");
        ExpectOutputType(context, context.Output(0), TensorType.Bool);
        _plan = Broadcast(context, a, b);
        context.ResizeOutput(0, _plan.OutputShape);
    }

    public void Eval(OpContext context)
    {
        var plan = _plan ?? throw context.Fail("Eval before Prepare");
        var a = context.Input(0).RawBytes;
        var b = context.Input(1).RawBytes;
        var y = context.Output(0).WritableBytes;
        if (and) Logical.And(plan, a, b, y);
        else Logical.Or(plan, a, b, y);
    }
}
