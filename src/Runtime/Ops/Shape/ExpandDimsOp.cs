using ManagedLite.Schema;
using static ManagedLite.Ops.Shape.ShapeOpHelpers;

namespace ManagedLite.Ops.Shape;

/// <summary>
/// EXPAND_DIMS: inserts a size-1 dimension at axis (one int32/int64 value in [-rank-1, rank]). The axis is read in
/// Prepare when known there, else the output is dynamic. Input and output share the quantization (int16 with zero
/// point 0), as TFLite checks.
/// </summary>
internal sealed class ExpandDimsOp : IOpKernel
{
    private bool _dynamic;

    public void Prepare(OpContext context)
    {
        var input = context.Input(0);
        var axis = context.Input(1);
        var output = context.Output(0);
        ExpectSameType(context, input, output, "output");
        if (input.DataType != TensorType.String) ElementSize(context, input, "input");
        ExpectSameQuantization(context, input, output, "input");
        if (input.DataType == TensorType.Int16 && LegacyQuantization(input).ZeroPoint != 0)
            throw context.Fail($"int16 input '{input.Name}' must have zero point 0");
        ExpectIndexType(context, axis, "axis");
        if (axis.ElementCount != 1) throw context.Fail($"axis '{axis.Name}' must hold exactly one value, got shape {Format(axis.Shape)}");
        _dynamic = !CanRead(context, axis);
        if (_dynamic) context.MarkOutputDynamic(0);
        else Configure(context);
    }

    private static void Configure(OpContext context)
    {
        var input = context.Input(0);
        int rank = input.Rank;
        int a = NormalizeAxis(context, ReadConstantScalar(context, context.Input(1), "axis"), rank + 1, "axis");
        var shape = new int[rank + 1];
        for (int d = 0, s = 0; d <= rank; d++)
            shape[d] = d == a ? 1 : input.Dim(s++);
        context.ResizeOutput(0, shape);
    }

    public void Eval(OpContext context)
    {
        if (_dynamic) Configure(context);
        Strings.StringTensors.CopyOrCopyBytes(context, context.Input(0), context.Output(0));
    }
}
