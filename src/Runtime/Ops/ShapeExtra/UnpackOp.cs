using ManagedLite.Schema;
using static ManagedLite.Ops.Shape.ShapeOpHelpers;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.ShapeExtra;

/// <summary>
/// UNPACK: splits the input along axis (in [-rank, rank)) into num tensors of rank R - 1 (num must equal that
/// dimension; the input must not be empty, as TFLite). Types as TFLite's unpack.cc (float32, float16, bfloat16,
/// int8, uint8, int16, int32, bool); outputs share the input's quantization.
/// </summary>
internal sealed class UnpackOp(KernelFlavor flavor) : IOpKernel
{
    private readonly bool _reference = flavor == KernelFlavor.Reference;
    private int _outer, _inner, _count, _elementSize;

    public void Prepare(OpContext context)
    {
        var options = context.GetOptions<UnpackOptions>();
        var input = context.Input(0);
        ExpectOneOf(context, input, "input", TensorType.Float32, TensorType.Float16, TensorType.BFloat16, TensorType.Int8,
                    TensorType.UInt8, TensorType.Int16, TensorType.Int32, TensorType.Bool);
        _elementSize = ElementSize(context, input, "input");
        int rank = input.Rank;
        if (rank == 0) throw context.Fail($"input '{input.Name}' is a scalar; UNPACK needs rank >= 1");
        if (input.ElementCount == 0) throw context.Fail($"input '{input.Name}' {Format(input.Shape)} has no elements");
        int axis = NormalizeAxis(context, options.Axis, rank, "axis");
        int num = options.Num == 0 ? context.OutputCount : options.Num;   // options absent: the outputs say how many
        if (num != context.OutputCount)
            throw context.Fail($"num is {options.Num} but the operator has {context.OutputCount} outputs");
        if (num != input.Dim(axis))
            throw context.Fail($"num {num} must equal dimension {axis} of input '{input.Name}' {Format(input.Shape)}");
        var outShape = new int[rank - 1];
        for (int d = 0, o = 0; d < rank; d++)
            if (d != axis) outShape[o++] = input.Dim(d);
        _outer = Product(input.Shape, 0, axis);
        _inner = Product(input.Shape, axis + 1, rank);
        _count = num;
        for (int i = 0; i < num; i++)
        {
            var output = context.Output(i);
            ExpectSameType(context, input, output, $"output {i}");
            ExpectSameQuantization(context, input, output, "input");
            context.ResizeOutput(i, outShape);
        }
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
        var input = Read<T>(context.Input(0));   // [outer, count, inner]
        for (int i = 0; i < _count; i++)
        {
            var output = Write<T>(context.Output(i));   // [outer, inner]
            if (_reference)
                Ref.Split.CopyOutput(input, _outer, _count * _inner, _inner, i * _inner, output);
            else
                Opt.Split.CopyOutput(input, _outer, _count * _inner, _inner, i * _inner, output);
        }
    }
}
