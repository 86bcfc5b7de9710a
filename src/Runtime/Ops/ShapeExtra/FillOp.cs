using System.Runtime.InteropServices;
using ManagedLite.Schema;
using static ManagedLite.Ops.Shape.ShapeOpHelpers;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.ShapeExtra;

/// <summary>
/// FILL: a tensor of shape dims (1-D int32/int64, every value >= 0) whose elements all equal the scalar value. The
/// output has the value's type (any fixed-size type) and quantization (int16 with zero point 0, as TFLite). dims is
/// read in Prepare when known there, else the output is dynamic; a shape over ModelLimits.MaxTensorBytes fails
/// before anything is allocated.
/// </summary>
internal sealed class FillOp : IOpKernel
{
    private int _elementSize;
    private bool _strings;
    private bool _dynamic;

    public void Prepare(OpContext context)
    {
        var dims = context.Input(0);
        var value = context.Input(1);
        var output = context.Output(0);
        if (dims.Rank != 1) throw context.Fail($"dims '{dims.Name}' must be 1-D, got shape {Format(dims.Shape)}");
        ExpectIndexType(context, dims, "dims");
        if (value.Rank != 0) throw context.Fail($"value '{value.Name}' must be a scalar, got shape {Format(value.Shape)}");
        ExpectSameType(context, value, output, "output");
        _strings = value.DataType == TensorType.String;
        _elementSize = _strings ? 0 : ElementSize(context, value, "value");
        ExpectSameQuantization(context, value, output, "value");
        if (value.DataType == TensorType.Int16 && LegacyQuantization(value).ZeroPoint != 0)
            throw context.Fail($"int16 value '{value.Name}' must have zero point 0");
        ExpectRankWithinLimit(context, dims.Dim(0), $"dims '{dims.Name}'");
        _dynamic = !CanRead(context, dims);
        if (_dynamic) context.MarkOutputDynamic(0);
        else Configure(context);
    }

    private static void Configure(OpContext context)
    {
        var dims = context.Input(0);
        var shape = ReadInts(context, dims, "dims");
        foreach (int d in shape)
            if (d < 0) throw context.Fail($"dims '{dims.Name}' {Format(shape)} has a negative dimension");
        context.ResizeOutput(0, shape);
    }

    public void Eval(OpContext context)
    {
        if (_dynamic) Configure(context);
        if (_strings)
        {
            // TFLite's FillString: every element is the value's one string.
            var output = context.Output(0);
            var text = Strings.StringTensors.View(context, context.Input(1), "value");
            Strings.StringTensors.CheckCount(context, output.ElementCount, text.Length(0));
            Strings.StringTensors.WriteGathered(context, 0, output.Shape, text, new int[output.ElementCount]);
            return;
        }
        var value = context.Input(1).RawBytes;
        switch (_elementSize)
        {
            case 1: Ref.Fill.Run(value[0], Write<byte>(context.Output(0))); break;
            case 2: Ref.Fill.Run(MemoryMarshal.Read<ushort>(value), Write<ushort>(context.Output(0))); break;
            case 4: Ref.Fill.Run(MemoryMarshal.Read<uint>(value), Write<uint>(context.Output(0))); break;
            default: Ref.Fill.Run(MemoryMarshal.Read<ulong>(value), Write<ulong>(context.Output(0))); break;
        }
    }
}
