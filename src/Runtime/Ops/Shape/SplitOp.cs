using ManagedLite.Schema;
using static ManagedLite.Ops.Shape.ShapeOpHelpers;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Shape;

/// <summary>
/// SPLIT. Inputs: axis (one int32/int64 value; the FIRST input), data. num_splits equal parts along the axis,
/// which must divide its size; one output per part. An axis not known at preparation makes the outputs dynamic.
/// </summary>
internal sealed class SplitOp : IOpKernel
{
    private readonly bool _reference;

    public SplitOp(KernelFlavor flavor) => _reference = flavor == KernelFlavor.Reference;

    private int _outer, _inputBlock, _outputBlock, _elementSize;
    private bool _dynamic;

    public void Prepare(OpContext context)
    {
        var input = context.Input(1);
        var axis = context.Input(0);
        _elementSize = ElementSize(context, input, "input");
        int numSplits = context.GetOptions<SplitOptions>().NumSplits;
        if (numSplits == 0) numSplits = context.OutputCount;   // options absent: the outputs say how many
        if (numSplits < 1 || numSplits != context.OutputCount)
            throw context.Fail($"num_splits is {numSplits} but the operator has {context.OutputCount} outputs");
        for (int i = 0; i < numSplits; i++) ExpectSameType(context, input, context.Output(i), $"output {i}");
        ExpectIndexType(context, axis, "axis");
        if (axis.ElementCount != 1) throw context.Fail($"axis '{axis.Name}' must hold exactly one value, got shape {Format(axis.Shape)}");
        _dynamic = !CanRead(context, axis);
        if (_dynamic)
        {
            for (int i = 0; i < numSplits; i++) context.MarkOutputDynamic(i);
            return;
        }
        Configure(context);
    }

    private void Configure(OpContext context)
    {
        var input = context.Input(1);
        int numSplits = context.OutputCount;
        int rank = input.Rank;
        int axis = NormalizeAxis(context, ReadConstantScalar(context, context.Input(0), "axis"), rank, "axis");
        int size = input.Dim(axis);
        if (size % numSplits != 0)
            throw context.Fail($"dimension {axis} of input '{input.Name}' {Format(input.Shape)} (size {size}) is not divisible by num_splits {numSplits}");
        var outShape = input.Shape.ToArray();
        outShape[axis] = size / numSplits;
        int inner = Product(outShape, axis + 1, rank);
        _outer = Product(outShape, 0, axis);
        _inputBlock = size * inner;
        _outputBlock = outShape[axis] * inner;
        for (int i = 0; i < numSplits; i++) context.ResizeOutput(i, outShape);
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
        var input = Read<T>(context.Input(1));
        for (int i = 0; i < context.OutputCount; i++)
        {
            var output = Write<T>(context.Output(i));
            if (_reference)
                Ref.Split.CopyOutput(input, _outer, _inputBlock, _outputBlock, i * _outputBlock, output);
            else
                Opt.Split.CopyOutput(input, _outer, _inputBlock, _outputBlock, i * _outputBlock, output);
        }
    }
}
