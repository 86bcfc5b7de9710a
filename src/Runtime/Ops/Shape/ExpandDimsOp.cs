using static ManagedLite.Ops.Shape.ShapeOpHelpers;

namespace ManagedLite.Ops.Shape;

/// <summary>EXPAND_DIMS: inserts a size-1 dimension at the constant axis (one int32/int64 value in [-rank-1, rank]).</summary>
internal sealed class ExpandDimsOp : IOpKernel
{
    public void Prepare(OpContext context)
    {
        var input = context.Input(0);
        var output = context.Output(0);
        ExpectSameType(context, input, output, "output");
        ElementSize(context, input, "input");
        int rank = input.Rank;
        int axis = ReadConstantScalar(context, context.Input(1), "axis");
        int a = NormalizeAxis(context, axis, rank + 1, "axis");
        var shape = new int[rank + 1];
        for (int d = 0, s = 0; d <= rank; d++)
            shape[d] = d == a ? 1 : input.Dim(s++);
        context.ResizeOutput(0, shape);
    }

    public void Eval(OpContext context) => CopyBytes(context, context.Input(0), context.Output(0));
}
