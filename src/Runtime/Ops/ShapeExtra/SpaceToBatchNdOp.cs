using ManagedLite.Schema;
using static ManagedLite.Ops.Shape.ShapeOpHelpers;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.ShapeExtra;

/// <summary>
/// SPACE_TO_BATCH_ND for [b, h, w, c] and [b, h, c] inputs. block_shape ([spatial], int32, >= 1) and paddings
/// ([spatial, 2], int32, >= 0) are read in Prepare when known there, else the output is dynamic. Pad elements are
/// what TFLite's memset writes: the output zero point's low byte in every byte for 8- and 16-bit types, 0 for wider
/// ones. uint8 / int8 / int16 share the output's quantization; int16 has zero point 0.
/// </summary>
internal sealed class SpaceToBatchNdOp : IOpKernel
{
    private int[] _inputShape = [];
    private int[] _block = [];
    private int[] _paddings = [];
    private int _elementSize;
    private byte _padByte;
    private bool _dynamic;

    public void Prepare(OpContext context)
    {
        var input = context.Input(0);
        var block = context.Input(1);
        var paddings = context.Input(2);
        var output = context.Output(0);
        ExpectSameType(context, input, output, "output");
        _elementSize = ElementSize(context, input, "input");
        if (input.Rank is < 3 or > 4)
            throw context.Fail($"input '{input.Name}' {Format(input.Shape)} must have rank 3 or 4");
        CheckQuantization(context, input, output);
        int spatial = input.Rank - 2;
        OpHelpers.ExpectType(context, block, TensorType.Int32, "block_shape");
        OpHelpers.ExpectType(context, paddings, TensorType.Int32, "paddings");
        if (block.Rank != 1 || block.Dim(0) != spatial)
            throw context.Fail($"block_shape '{block.Name}' must have shape [{spatial}], got {Format(block.Shape)}");
        if (paddings.Rank != 2 || paddings.Dim(0) != spatial || paddings.Dim(1) != 2)
            throw context.Fail($"paddings '{paddings.Name}' must have shape [{spatial},2], got {Format(paddings.Shape)}");
        _padByte = _elementSize <= 2 ? (byte)LegacyQuantization(output).ZeroPoint : (byte)0;
        _dynamic = !CanRead(context, block) || !CanRead(context, paddings);
        if (_dynamic) context.MarkOutputDynamic(0);
        else Configure(context);
    }

    /// <summary>uint8 / int8 / int16 move quantized values unchanged (TFLite's checks).</summary>
    internal static void CheckQuantization(OpContext context, LiteTensor input, LiteTensor output)
    {
        if (input.DataType is TensorType.UInt8 or TensorType.Int8 or TensorType.Int16)
            ExpectSameQuantization(context, input, output, "input");
        if (input.DataType == TensorType.Int16 && (LegacyQuantization(input).ZeroPoint != 0 || LegacyQuantization(output).ZeroPoint != 0))
            throw context.Fail($"int16 input '{input.Name}' and output '{output.Name}' must have zero point 0");
    }

    private void Configure(OpContext context)
    {
        var input = context.Input(0);
        var block = ReadInts(context, context.Input(1), "block_shape");
        var paddings = ReadInts(context, context.Input(2), "paddings");
        int[] shape;
        try { shape = Ref.SpaceToBatchNd.OutputShape(input.Shape, block, paddings); }
        catch (ArgumentException e) { throw context.Fail($"input '{input.Name}' {Format(input.Shape)}, block_shape {Format(block)}, paddings {Format(paddings)}: {e.Message}"); }
        _inputShape = input.Shape.ToArray();
        _block = block;
        _paddings = paddings;
        context.ResizeOutput(0, shape);
    }

    public void Eval(OpContext context)
    {
        if (_dynamic) Configure(context);
        switch (_elementSize)
        {
            case 1: Run(context, _padByte); break;
            case 2: Run(context, (ushort)(_padByte * 0x0101)); break;
            case 4: Run(context, 0u); break;
            default: Run(context, 0ul); break;
        }
    }

    private void Run<T>(OpContext context, T padValue) where T : unmanaged
        => Ref.SpaceToBatchNd.Run(_inputShape, Read<T>(context.Input(0)), _block, _paddings, padValue, Write<T>(context.Output(0)));
}
