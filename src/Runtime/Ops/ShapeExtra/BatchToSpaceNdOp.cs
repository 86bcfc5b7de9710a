using ManagedLite.Schema;
using static ManagedLite.Ops.Shape.ShapeOpHelpers;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.ShapeExtra;

/// <summary>
/// BATCH_TO_SPACE_ND for [b, h, w, c] and [b, h, c] inputs. block_shape ([spatial], int32, >= 1, dividing the
/// batch) and crops ([spatial, 2], int32, >= 0) are read in Prepare when known there, else the output is dynamic.
/// uint8 / int8 / int16 share the output's quantization; int16 has zero point 0.
/// </summary>
internal sealed class BatchToSpaceNdOp : IOpKernel
{
    private int[] _inputShape = [];
    private int[] _block = [];
    private int[] _crops = [];
    private int _elementSize;
    private bool _dynamic;

    public void Prepare(OpContext context)
    {
        var input = context.Input(0);
        var block = context.Input(1);
        var crops = context.Input(2);
        var output = context.Output(0);
        ExpectSameType(context, input, output, "output");
        _elementSize = ElementSize(context, input, "input");
        if (input.Rank is < 3 or > 4)
            throw context.Fail($"input '{input.Name}' {Format(input.Shape)} must have rank 3 or 4");
        SpaceToBatchNdOp.CheckQuantization(context, input, output);
        int spatial = input.Rank - 2;
        OpHelpers.ExpectType(context, block, TensorType.Int32, "block_shape");
        OpHelpers.ExpectType(context, crops, TensorType.Int32, "crops");
        if (block.Rank != 1 || block.Dim(0) != spatial)
            throw context.Fail($"block_shape '{block.Name}' must have shape [{spatial}], got {Format(block.Shape)}");
        if (crops.Rank != 2 || crops.Dim(0) != spatial || crops.Dim(1) != 2)
            throw context.Fail($"crops '{crops.Name}' must have shape [{spatial},2], got {Format(crops.Shape)}");
        _dynamic = !CanRead(context, block) || !CanRead(context, crops);
        if (_dynamic) context.MarkOutputDynamic(0);
        else Configure(context);
    }

    private void Configure(OpContext context)
    {
        var input = context.Input(0);
        var block = ReadInts(context, context.Input(1), "block_shape");
        var crops = ReadInts(context, context.Input(2), "crops");
        int[] shape;
        try { shape = Ref.BatchToSpaceNd.OutputShape(input.Shape, block, crops); }
        catch (ArgumentException e) { throw context.Fail($"input '{input.Name}' {Format(input.Shape)}, block_shape {Format(block)}, crops {Format(crops)}: {e.Message}"); }
        _inputShape = input.Shape.ToArray();
        _block = block;
        _crops = crops;
        context.ResizeOutput(0, shape);
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
        => Ref.BatchToSpaceNd.Run(_inputShape, Read<T>(context.Input(0)), _block, _crops, Write<T>(context.Output(0)));
}
