using ManagedLite.Kernels.Reference;
using ManagedLite.Schema;
using static ManagedLite.Ops.ComparisonOpHelpers;

namespace ManagedLite.Ops;

/// <summary>LOGICAL_NOT: element-wise negation of a bool tensor (TFLite's elementwise.cc).</summary>
internal sealed class LogicalNotOp : IOpKernel
{
    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 1, 1);
        var input = context.Input(0);
        if (input.DataType != TensorType.Bool) throw Unsupported(context, input, "bool");
        ExpectOutputType(context, context.Output(0), TensorType.Bool);
        context.ResizeOutput(0, input.Shape);
    }

    public void Eval(OpContext context) => Logical.Not(context.Input(0).RawBytes, context.Output(0).WritableBytes);
}
