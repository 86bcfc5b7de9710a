using static ManagedLite.Ops.Shape.ShapeOpHelpers;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Shape;

/// <summary>
/// SLICE. Inputs: data, begin, size (constant 1-D int32/int64 with one value per dimension; size -1 = to the end).
/// </summary>
internal sealed class SliceOp : IOpKernel
{
    private readonly bool _reference;

    public SliceOp(KernelFlavor flavor) => _reference = flavor == KernelFlavor.Reference;

    private int[] _inputShape = [];
    private int[] _begin = [];
    private int[] _stride = [];
    private int[] _count = [];
    private int _elementSize;

    public void Prepare(OpContext context)
    {
        var input = context.Input(0);
        var beginTensor = context.Input(1);
        var sizeTensor = context.Input(2);
        var output = context.Output(0);
        ExpectSameType(context, input, output, "output");
        _elementSize = ElementSize(context, input, "input");
        int rank = input.Rank;
        if (beginTensor.Rank != 1 || sizeTensor.Rank != 1)
            throw context.Fail($"begin '{beginTensor.Name}' and size '{sizeTensor.Name}' must be 1-D, got {Format(beginTensor.Shape)} and {Format(sizeTensor.Shape)}");
        var begin = ReadConstantInts(context, beginTensor, "begin");
        var size = ReadConstantInts(context, sizeTensor, "size");
        if (begin.Length != rank || size.Length != rank)
            throw context.Fail($"begin {Format(begin)} and size {Format(size)} must have {rank} values (rank of '{input.Name}' {Format(input.Shape)})");
        _inputShape = input.Shape.ToArray();
        _stride = new int[rank];
        for (int d = 0; d < rank; d++)
        {
            int dim = _inputShape[d];
            if (size[d] == -1) size[d] = dim - begin[d];
            if (begin[d] < 0 || size[d] < 0 || (long)begin[d] + size[d] > dim)
                throw context.Fail($"slice begin {Format(begin)} size {Format(size)} is outside input '{input.Name}' {Format(input.Shape)} in dimension {d}");
            _stride[d] = 1;
        }
        _begin = begin;
        _count = size;
        context.ResizeOutput(0, _count);
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
        var input = Read<T>(context.Input(0));
        var output = Write<T>(context.Output(0));
        if (_reference)
            Ref.StridedSlice.Run(_inputShape, input, _begin, _stride, _count, output);
        else
            Opt.StridedSlice.Run(_inputShape, input, _begin, _stride, _count, output);
    }
}
