using static ManagedLite.Ops.Shape.ShapeOpHelpers;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.ShapeExtra;

/// <summary>
/// BROADCAST_TO: the input broadcast to shape (1-D int32/int64); the input, padded with leading 1s, must have each
/// dimension 1 or equal to the target's. Any fixed-size element type. The shape is read in Prepare when known
/// there, else the output is dynamic and sized in Eval.
/// </summary>
internal sealed class BroadcastToOp(KernelFlavor flavor) : IOpKernel
{
    private readonly bool _reference = flavor == KernelFlavor.Reference;
    private int[] _inputShape = [];
    private int[] _outputShape = [];
    private int _elementSize;
    private bool _dynamic;

    public void Prepare(OpContext context)
    {
        var input = context.Input(0);
        var shape = context.Input(1);
        var output = context.Output(0);
        ExpectSameType(context, input, output, "output");
        _elementSize = ElementSize(context, input, "input");
        ExpectIndexType(context, shape, "shape");
        if (shape.Rank != 1) throw context.Fail($"shape '{shape.Name}' must be 1-D, got shape {Format(shape.Shape)}");
        ExpectRankWithinLimit(context, shape.Dim(0), $"shape '{shape.Name}'");
        if (input.Rank > shape.Dim(0))
            throw context.Fail($"input '{input.Name}' {Format(input.Shape)} has more dimensions than the target shape ({shape.Dim(0)})");
        _dynamic = !CanRead(context, shape);
        if (_dynamic) context.MarkOutputDynamic(0);
        else Configure(context);
    }

    private void Configure(OpContext context)
    {
        var input = context.Input(0);
        var shapeT = context.Input(1);
        var target = ReadInts(context, shapeT, "shape");
        int lead = target.Length - input.Rank;
        for (int d = 0; d < input.Rank; d++)
            if (input.Dim(d) != 1 && input.Dim(d) != target[lead + d])
                throw context.Fail($"input '{input.Name}' {Format(input.Shape)} cannot be broadcast to {Format(target)}");
        _inputShape = input.Shape.ToArray();
        _outputShape = target;
        context.ResizeOutput(0, target);
    }

    public void Eval(OpContext context)
    {
        if (_dynamic) Configure(context);
        switch (_elementSize)
        {
            case 1: Run<byte>(context); break;
            case 2: Run<ushort>(context); break;
            case 4: Run<uint>(context); break;
            default: Run<ulong>(context); break;
        }
    }

    private void Run<T>(OpContext context) where T : unmanaged
    {
        var input = Read<T>(context.Input(0));
        var output = Write<T>(context.Output(0));
        if (_reference) Ref.BroadcastTo.Run(_inputShape, input, _outputShape, output);
        else Opt.BroadcastTo.Run(_inputShape, input, _outputShape, output);
    }
}
