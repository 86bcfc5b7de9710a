using ManagedLite.Kernels;
using ManagedLite.Schema;
using static ManagedLite.Ops.Shape.ShapeOpHelpers;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Shape;

/// <summary>
/// STRIDED_SLICE with begin / end / ellipsis / new_axis / shrink_axis masks, negative strides and the offset option
/// (version 8: end is a size counted from begin). begin, end and strides are 1-D int32/int64 tensors of equal length.
/// As TFLite, the output shape is computed in Prepare when strides and end (and begin, without offset) are known
/// there, else the output is dynamic. With offset the shape is end itself, so begin may change per run (KV caches):
/// it is then read in each Eval, without allocating, and a slice that would reach past the input is an error.
/// </summary>
internal sealed class StridedSliceOp : IOpKernel
{
    private const int MaxRank = StridedSliceParams.MaxRank;
    private readonly bool _reference;

    public StridedSliceOp(KernelFlavor flavor) => _reference = flavor == KernelFlavor.Reference;

    private readonly int[] _shape = new int[MaxRank];
    private readonly int[] _start = new int[MaxRank];
    private readonly int[] _stride = new int[MaxRank];
    private readonly int[] _count = new int[MaxRank];
    private readonly int[] _outShape = new int[MaxRank];
    private readonly int[] _sizeCount = new int[MaxRank];
    private int[] _begin = [], _end = [], _strides = [];
    private int _eff, _shrunk, _elementSize;
    private bool _strings;
    private bool _dynamic, _beginAtEval;
    private StridedSliceOptions _options = new();

    public void Prepare(OpContext context)
    {
        var input = context.Input(0);
        var output = context.Output(0);
        ExpectSameType(context, input, output, "output");
        _strings = input.DataType == TensorType.String;
        _elementSize = _strings ? 4 : ElementSize(context, input, "input");
        _options = context.GetOptions<StridedSliceOptions>();
        var beginT = context.Input(1);
        var endT = context.Input(2);
        var stridesT = context.Input(3);
        foreach (var (t, role) in new[] { (beginT, "begin"), (endT, "end"), (stridesT, "strides") })
        {
            if (t.Rank != 1) throw context.Fail($"{role} '{t.Name}' must be 1-D, got shape {Format(t.Shape)}");
            ExpectIndexType(context, t, role);
        }
        int n = beginT.Dim(0);
        if (endT.Dim(0) != n || stridesT.Dim(0) != n)
            throw context.Fail($"begin '{beginT.Name}', end '{endT.Name}' and strides '{stridesT.Name}' must have the same length, got {n}, {endT.Dim(0)}, {stridesT.Dim(0)}");
        if (n > MaxRank) throw context.Fail($"begin '{beginT.Name}' has {n} entries; STRIDED_SLICE supports up to {MaxRank}");
        _begin = new int[n];
        _end = new int[n];
        _strides = new int[n];
        bool offset = _options.Offset;
        bool shapeKnown = CanRead(context, stridesT) && CanRead(context, endT) && (offset || CanRead(context, beginT));
        _dynamic = !shapeKnown;
        _beginAtEval = false;
        if (_dynamic)
        {
            context.MarkOutputDynamic(0);
            return;
        }
        ReadIntsInto(context, endT, _end, "end");
        ReadIntsInto(context, stridesT, _strides, "strides");
        if (offset)
        {
            // The shape is end read as a size: begin may be unknown until Eval.
            foreach (int e in _end)
                if (e < 0) throw context.Fail($"end '{endT.Name}' {Format(_end)} holds a negative size; with offset, end values are sizes");
            _beginAtEval = !CanRead(context, beginT);
        }
        if (_beginAtEval) Array.Clear(_begin);
        else ReadIntsInto(context, beginT, _begin, "begin");
        int outRank = Resolve(context);
        if (offset) CheckSizes(context, _beginAtEval);
        context.ResizeOutput(0, offset ? SizeShape(outRank) : _outShape.AsSpan(0, outRank));
    }

    /// <summary>Resolves the slice from _begin, _end, _strides; returns the output rank.</summary>
    private int Resolve(OpContext context)
    {
        var input = context.Input(0);
        try
        {
            return StridedSliceParams.ResolveInto(input.Shape, _begin, _end, _strides, _options.BeginMask, _options.EndMask,
                _options.EllipsisMask, _options.NewAxisMask, _options.ShrinkAxisMask, _options.Offset,
                _shape, _start, _stride, _count, _outShape, _sizeCount, out _eff, out _shrunk);
        }
        catch (ArgumentException e)
        {
            throw context.Fail($"input '{input.Name}' {Format(input.Shape)}, begin {Format(_begin)}, end {Format(_end)}, strides {Format(_strides)}: {e.Message}");
        }
    }

    /// <summary>Output shape with offset: the sizes given by end (what TFLite's shape inference says).</summary>
    private int[] SizeShape(int outRank)
    {
        var shape = new int[outRank];
        for (int i = 0, j = 0; i < _eff; i++)
            if ((_shrunk & (1 << i)) == 0) shape[j++] = _sizeCount[i];
        return shape;
    }

    /// <summary>With offset: the slice must read exactly the sizes given by end (else it reaches past the input).</summary>
    private void CheckSizes(OpContext context, bool beginUnknown)
    {
        for (int i = 0; i < _eff; i++)
        {
            if (_count[i] == _sizeCount[i]) continue;
            if (beginUnknown) return; // checked again in Eval with the real begin
            throw context.Fail($"slice of size {_sizeCount[i]} from {_start[i]} in dimension {i} reaches past the input '{context.Input(0).Name}' {Format(context.Input(0).Shape)}");
        }
    }

    public void Eval(OpContext context)
    {
        if (_dynamic)
        {
            var beginT = context.Input(1);
            ReadIntsInto(context, beginT, _begin, "begin");
            ReadIntsInto(context, context.Input(2), _end, "end");
            ReadIntsInto(context, context.Input(3), _strides, "strides");
            int outRank = Resolve(context);
            if (_options.Offset) CheckSizes(context, beginUnknown: false);
            context.ResizeOutput(0, _outShape.AsSpan(0, outRank));
        }
        else if (_beginAtEval)
        {
            ReadIntsInto(context, context.Input(1), _begin, "begin");
            Resolve(context);
            CheckSizes(context, beginUnknown: false);
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
        ReadOnlySpan<int> shape = _shape.AsSpan(0, _eff), start = _start.AsSpan(0, _eff), stride = _stride.AsSpan(0, _eff), count = _count.AsSpan(0, _eff);
        if (_reference)
            Ref.StridedSlice.Run(shape, input, start, stride, count, output);
        else
            Opt.StridedSlice.Run(shape, input, start, stride, count, output);
    }
}
