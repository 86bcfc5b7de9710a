using ManagedLite.Schema;
using static ManagedLite.Ops.Shape.ShapeOpHelpers;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.ShapeExtra;

/// <summary>
/// PACK: values_count tensors of one shape and type stacked along a new axis (in [-rank-1, rank]); rank R becomes
/// R + 1. Types as TFLite's pack.cc (float32, int8, uint8, int16, int32, uint32, int64); quantized inputs must share
/// the output's scale and zero point. Each input is a [outer, inner] block written at slot i of [outer, n, inner].
/// </summary>
internal sealed class PackOp(KernelFlavor flavor) : IOpKernel
{
    private readonly bool _reference = flavor == KernelFlavor.Reference;
    private int _outer, _inner, _elementSize;

    public void Prepare(OpContext context)
    {
        var options = context.GetOptions<PackOptions>();
        int count = options.ValuesCount == 0 ? context.InputCount : options.ValuesCount;  // options absent: the inputs say how many
        if (count < 1 || count != context.InputCount)
            throw context.Fail($"values_count is {options.ValuesCount} but the operator has {context.InputCount} inputs");
        var first = context.Input(0);
        var output = context.Output(0);
        ExpectOneOf(context, first, "input 0", TensorType.Float32, TensorType.Int8, TensorType.UInt8, TensorType.Int16,
                    TensorType.Int32, TensorType.UInt32, TensorType.Int64);
        ExpectSameType(context, first, output, "output");
        _elementSize = ElementSize(context, first, "input 0");
        int rank = first.Rank;
        int axis = options.Axis < 0 ? options.Axis + rank + 1 : options.Axis;
        if (axis < 0 || axis > rank)
            throw context.Fail($"axis {options.Axis} is out of range for inputs of rank {rank} (expected [{-rank - 1}, {rank}])");
        for (int i = 0; i < count; i++)
        {
            var t = context.Input(i);
            ExpectSameType(context, first, t, $"input {i}");
            if (!t.Shape.SequenceEqual(first.Shape))
                throw context.Fail($"input {i} '{t.Name}' has shape {Format(t.Shape)}, expected {Format(first.Shape)} like '{first.Name}'");
            ExpectSameQuantization(context, t, output, $"input {i}");
        }
        var outShape = new int[rank + 1];
        for (int d = 0, s = 0; d <= rank; d++) outShape[d] = d == axis ? count : first.Dim(s++);
        if (ElementCount(outShape) > int.MaxValue) throw context.Fail($"output shape {Format(outShape)} is too large");
        _outer = Product(first.Shape, 0, axis);
        _inner = Product(first.Shape, axis, rank);
        context.ResizeOutput(0, outShape);
    }

    public void Eval(OpContext context)
    {
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
        var output = Write<T>(context.Output(0));   // [outer, count, inner]
        int block = context.InputCount * _inner;
        for (int i = 0; i < context.InputCount; i++)
        {
            var input = Read<T>(context.Input(i));  // [outer, inner]
            if (_reference)
                Ref.Concatenation.CopyInput(input, _outer, _inner, block, i * _inner, output);
            else
                Opt.Concatenation.CopyInput(input, _outer, _inner, block, i * _inner, output);
        }
    }
}
