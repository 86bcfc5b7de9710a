using ManagedLite.Schema;
using static ManagedLite.Ops.Shape.ShapeOpHelpers;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Shape;

/// <summary>
/// SLICE. Inputs: data, begin, size (1-D int32/int64, one value per dimension; size -1 = to the end). When begin and
/// size are known at preparation the output shape is fixed there; when only size is (and has no -1) the shape is
/// still size and begin is read, without allocating, in each Eval (a range outside the input is an error there);
/// otherwise the output is dynamic, sized in Eval.
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
    private bool _strings;
    private bool _dynamic, _beginAtEval;

    public void Prepare(OpContext context)
    {
        var input = context.Input(0);
        var beginTensor = context.Input(1);
        var sizeTensor = context.Input(2);
        var output = context.Output(0);
        ExpectSameType(context, input, output, "output");
        _strings = input.DataType == TensorType.String;
        _elementSize = _strings ? 4 : ElementSize(context, input, "input");
        int rank = input.Rank;
        if (beginTensor.Rank != 1 || sizeTensor.Rank != 1)
            throw context.Fail($"begin '{beginTensor.Name}' and size '{sizeTensor.Name}' must be 1-D, got {Format(beginTensor.Shape)} and {Format(sizeTensor.Shape)}");
        ExpectIndexType(context, beginTensor, "begin");
        ExpectIndexType(context, sizeTensor, "size");
        if (beginTensor.Dim(0) != rank || sizeTensor.Dim(0) != rank)
            throw context.Fail($"begin '{beginTensor.Name}' and size '{sizeTensor.Name}' must have {rank} values (rank of '{input.Name}' {Format(input.Shape)}), got {beginTensor.Dim(0)} and {sizeTensor.Dim(0)}");
        _inputShape = input.Shape.ToArray();
        _stride = new int[rank];
        Array.Fill(_stride, 1);
        _begin = new int[rank];
        _count = new int[rank];
        _dynamic = false;
        _beginAtEval = false;
        if (CanRead(context, sizeTensor) && CanRead(context, beginTensor))
        {
            Configure(context);
            return;
        }
        if (CanRead(context, sizeTensor))
        {
            ReadIntsInto(context, sizeTensor, _count, "size");
            if (Array.IndexOf(_count, -1) < 0)
            {
                for (int d = 0; d < rank; d++)
                    if (_count[d] < 0 || _count[d] > _inputShape[d])
                        throw context.Fail($"size {Format(_count)} does not fit input '{input.Name}' {Format(input.Shape)} in dimension {d}");
                _beginAtEval = true;
                context.ResizeOutput(0, _count);
                return;
            }
        }
        _dynamic = true;
        context.MarkOutputDynamic(0);
    }

    /// <summary>Reads begin and size, resolves -1 sizes, checks the ranges and sets the output shape.</summary>
    private void Configure(OpContext context)
    {
        ReadIntsInto(context, context.Input(1), _begin, "begin");
        ReadIntsInto(context, context.Input(2), _count, "size");
        for (int d = 0; d < _count.Length; d++)
        {
            if (_count[d] == -1) _count[d] = _inputShape[d] - _begin[d];
        }
        CheckRange(context);
        context.ResizeOutput(0, _count);
    }

    private void CheckRange(OpContext context)
    {
        for (int d = 0; d < _count.Length; d++)
            if (_begin[d] < 0 || _count[d] < 0 || (long)_begin[d] + _count[d] > _inputShape[d])
                throw context.Fail($"slice begin {Format(_begin)} size {Format(_count)} is outside input '{context.Input(0).Name}' {Format(_inputShape)} in dimension {d}");
    }

    public void Eval(OpContext context)
    {
        if (_dynamic) Configure(context);
        else if (_beginAtEval)
        {
            ReadIntsInto(context, context.Input(1), _begin, "begin");
            CheckRange(context);
        }
        if (_strings)
        {
            RunStrings(context);
            return;
        }
        switch (_elementSize)
        {
            case 1: Run<byte>(context); break;
            case 2: Run<ushort>(context); break;
            case 4: Run<uint>(context); break;
            default: Run<ulong>(context); break;
        }
    }

    // A separate method: the lambda's closure is allocated only on the string path (Eval of other types allocates nothing).
    private void RunStrings(OpContext context) => Strings.StringTensors.RunOnIds(context, (ids, picked) => Run(context, ids, picked));

    private void Run<T>(OpContext context) where T : unmanaged => Run(context, Read<T>(context.Input(0)), Write<T>(context.Output(0)));

    private void Run<T>(OpContext context, ReadOnlySpan<T> input, Span<T> output) where T : unmanaged
    {
        if (_reference)
            Ref.StridedSlice.Run(_inputShape, input, _begin, _stride, _count, output);
        else
            Opt.StridedSlice.Run(_inputShape, input, _begin, _stride, _count, output);
    }
}
