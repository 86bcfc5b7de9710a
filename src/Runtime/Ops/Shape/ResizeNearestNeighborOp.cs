using ManagedLite.Schema;
using static ManagedLite.Ops.Shape.ShapeOpHelpers;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Shape;

/// <summary>
/// RESIZE_NEAREST_NEIGHBOR. Inputs: data [b, h, w, c] (any fixed-size element type), size (int32 [2]; not known at
/// preparation = dynamic output).
/// </summary>
internal sealed class ResizeNearestNeighborOp : IOpKernel
{
    private int[] _inputShape = [];
    private int _outHeight, _outWidth, _elementSize;
    private bool _alignCorners, _halfPixelCenters, _dynamic;

    public void Prepare(OpContext context)
    {
        var input = context.Input(0);
        var output = context.Output(0);
        ExpectSameType(context, input, output, "output");
        _elementSize = ElementSize(context, input, "input");
        OpHelpers.ExpectRank(context, input, 4, "input");
        var options = context.GetOptions<ResizeNearestNeighborOptions>();
        _alignCorners = options.AlignCorners;
        _halfPixelCenters = options.HalfPixelCenters;
        _inputShape = input.Shape.ToArray();
        if ((_inputShape[1] == 0 || _inputShape[2] == 0) && _inputShape[0] != 0 && _inputShape[3] != 0)
            throw context.Fail($"input '{input.Name}' {Format(input.Shape)} has no pixels to resize");
        ResizeBilinearOp.CheckSize(context, context.Input(1));
        _dynamic = !CanRead(context, context.Input(1));
        if (_dynamic) context.MarkOutputDynamic(0);
        else Configure(context);
    }

    private void Configure(OpContext context)
    {
        (_outHeight, _outWidth) = ResizeBilinearOp.ReadSize(context, context.Input(1));
        context.ResizeOutput(0, [_inputShape[0], _outHeight, _outWidth, _inputShape[3]]);
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
        => Ref.ResizeNearestNeighbor.Run(_inputShape, Read<T>(context.Input(0)), _outHeight, _outWidth,
                                         _alignCorners, _halfPixelCenters, Write<T>(context.Output(0)));
}
