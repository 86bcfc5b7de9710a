using ManagedLite.Schema;
using static ManagedLite.Ops.Shape.ShapeOpHelpers;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Shape;

/// <summary>
/// SPLIT_V. Inputs: data, size_splits (1-D int32/int64, at most one -1 = the rest), axis (one int32/int64 value).
/// The sizes must add up to the axis size. Sizes or axis not known at preparation make the outputs dynamic.
/// </summary>
internal sealed class SplitVOp : IOpKernel
{
    private readonly bool _reference;

    public SplitVOp(KernelFlavor flavor) => _reference = flavor == KernelFlavor.Reference;

    private int _outer, _inputBlock, _inner, _elementSize;
    private int[] _sizes = [];
    private int[] _offsets = [];
    private bool _dynamic;

    public void Prepare(OpContext context)
    {
        var input = context.Input(0);
        var sizesTensor = context.Input(1);
        var axisTensor = context.Input(2);
        _elementSize = ElementSize(context, input, "input");
        int numSplits = context.GetOptions<SplitVOptions>().NumSplits;
        if (numSplits == 0) numSplits = context.OutputCount;   // options absent: the outputs say how many
        if (numSplits < 1 || numSplits != context.OutputCount)
            throw context.Fail($"num_splits is {numSplits} but the operator has {context.OutputCount} outputs");
        if (sizesTensor.Rank != 1)
            throw context.Fail($"size_splits '{sizesTensor.Name}' must be 1-D, got shape {Format(sizesTensor.Shape)}");
        ExpectIndexType(context, sizesTensor, "size_splits");
        if (sizesTensor.Dim(0) != numSplits)
            throw context.Fail($"size_splits '{sizesTensor.Name}' has {sizesTensor.Dim(0)} values, expected num_splits {numSplits}");
        ExpectIndexType(context, axisTensor, "axis");
        if (axisTensor.ElementCount != 1) throw context.Fail($"axis '{axisTensor.Name}' must hold exactly one value, got shape {Format(axisTensor.Shape)}");
        for (int i = 0; i < numSplits; i++) ExpectSameType(context, input, context.Output(i), $"output {i}");
        _dynamic = !CanRead(context, sizesTensor) || !CanRead(context, axisTensor);
        if (_dynamic)
        {
            for (int i = 0; i < numSplits; i++) context.MarkOutputDynamic(i);
            return;
        }
        Configure(context);
    }

    private void Configure(OpContext context)
    {
        var input = context.Input(0);
        var sizes = ReadInts(context, context.Input(1), "size_splits");
        int rank = input.Rank;
        int axis = NormalizeAxis(context, ReadConstantScalar(context, context.Input(2), "axis"), rank, "axis");
        int size = input.Dim(axis);
        int unknown = -1;
        long sum = 0;
        for (int i = 0; i < sizes.Length; i++)
        {
            if (sizes[i] == -1)
            {
                if (unknown != -1) throw context.Fail($"size_splits {Format(sizes)} has more than one -1");
                unknown = i;
            }
            else if (sizes[i] < 0)
            {
                throw context.Fail($"size_splits {Format(sizes)} has negative size {sizes[i]}");
            }
            else
            {
                sum += sizes[i];
            }
        }
        if (unknown != -1)
        {
            if (sum > size)
                throw context.Fail($"size_splits {Format(sizes)} add up to more than dimension {axis} of '{input.Name}' {Format(input.Shape)}");
            sizes[unknown] = size - (int)sum;
        }
        else if (sum != size)
        {
            throw context.Fail($"size_splits {Format(sizes)} add up to {sum}, expected dimension {axis} of '{input.Name}' {Format(input.Shape)} ({size})");
        }

        _inner = Product(input.Shape, axis + 1, rank);
        _outer = Product(input.Shape, 0, axis);
        _inputBlock = size * _inner;
        _sizes = sizes;
        _offsets = new int[sizes.Length];
        var outShape = input.Shape.ToArray();
        for (int i = 0, offset = 0; i < sizes.Length; i++)
        {
            _offsets[i] = offset;
            offset += sizes[i] * _inner;
            outShape[axis] = sizes[i];
            context.ResizeOutput(i, outShape);
        }
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
        for (int i = 0; i < _sizes.Length; i++)
        {
            var output = Write<T>(context.Output(i));
            int block = _sizes[i] * _inner;
            if (_reference)
                Ref.Split.CopyOutput(input, _outer, _inputBlock, block, _offsets[i], output);
            else
                Opt.Split.CopyOutput(input, _outer, _inputBlock, block, _offsets[i], output);
        }
    }
}
