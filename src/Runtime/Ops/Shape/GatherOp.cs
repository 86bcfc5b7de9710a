using System.Runtime.InteropServices;
using ManagedLite.Schema;
using static ManagedLite.Ops.Shape.ShapeOpHelpers;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Shape;

/// <summary>
/// GATHER with axis and batch_dims. Inputs: data (any fixed-size type, or a 1-D string tensor as in TFLite's
/// GatherStrings), indices (int32/int64/int16, may change per run).
/// Output shape: data[:axis] + indices[batch_dims:] + data[axis+1:]. An index outside [0, dim) is an
/// <see cref="OperatorException"/> at Eval, never an out-of-bounds read.
/// </summary>
internal sealed class GatherOp : IOpKernel
{
    private readonly bool _reference;

    public GatherOp(KernelFlavor flavor) => _reference = flavor == KernelFlavor.Reference;

    private int _batch, _outer, _axisSize, _inner, _elementSize;
    private bool _strings;

    public void Prepare(OpContext context)
    {
        var input = context.Input(0);
        var positions = context.Input(1);
        var output = context.Output(0);
        ExpectSameType(context, input, output, "output");
        _strings = input.DataType == TensorType.String;
        if (_strings && input.Rank != 1)
            throw context.Fail($"string input '{input.Name}' {Format(input.Shape)} must be 1-D (TFLite gathers strings from 1-D tensors only)");
        _elementSize = _strings ? 4 : ElementSize(context, input, "input");
        if (positions.DataType is not (TensorType.Int32 or TensorType.Int64 or TensorType.Int16))
            throw context.Fail($"indices '{positions.Name}' must be int32, int64 or int16, got {TensorTypes.Name(positions.DataType)}");
        var options = context.GetOptions<GatherOptions>();
        int rank = input.Rank;
        int axis = NormalizeAxis(context, options.Axis, rank, "axis");
        int batchDims = options.BatchDims < 0 ? options.BatchDims + positions.Rank : options.BatchDims;
        if (batchDims < 0 || batchDims > positions.Rank || batchDims >= rank || batchDims > axis)
            throw context.Fail($"batch_dims {options.BatchDims} is invalid for input '{input.Name}' {Format(input.Shape)}, indices '{positions.Name}' {Format(positions.Shape)} and axis {axis}");
        for (int i = 0; i < batchDims; i++)
            if (input.Dim(i) != positions.Dim(i))
                throw context.Fail($"batch dimension {i} differs: input '{input.Name}' {Format(input.Shape)} vs indices '{positions.Name}' {Format(positions.Shape)}");

        var outShape = new List<int>(rank + positions.Rank);
        for (int i = 0; i < axis; i++) outShape.Add(input.Dim(i));
        for (int i = batchDims; i < positions.Rank; i++) outShape.Add(positions.Dim(i));
        for (int i = axis + 1; i < rank; i++) outShape.Add(input.Dim(i));
        var shape = outShape.ToArray();
        if (ElementCount(shape) > int.MaxValue) throw context.Fail($"output shape {Format(shape)} is too large");

        _batch = Product(input.Shape, 0, batchDims);
        _outer = Product(input.Shape, batchDims, axis);
        _axisSize = input.Dim(axis);
        _inner = Product(input.Shape, axis + 1, rank);
        context.ResizeOutput(0, shape);
    }

    public void Eval(OpContext context)
    {
        switch (context.Input(1).DataType)
        {
            case TensorType.Int64: RunIndex<long>(context); break;
            case TensorType.Int16: RunIndex<short>(context); break;
            default: RunIndex<int>(context); break;
        }
    }

    private void RunIndex<TIndex>(OpContext context) where TIndex : unmanaged, System.Numerics.IBinaryInteger<TIndex>
    {
        if (_strings)
        {
            // The strings' indices go through the int32 kernel; the output takes the strings they name.
            var strings = Strings.StringTensors.View(context, context.Input(0), "input");
            Strings.StringTensors.CheckCount(context, context.Output(0).ElementCount, 0);
            var picked = new uint[context.Output(0).ElementCount];
            Gather(context, MemoryMarshal.Cast<int, uint>(Strings.StringTensors.Iota(strings.Count)), context.Input(1).GetData<TIndex>(), picked);
            Strings.StringTensors.WriteGathered(context, 0, context.Output(0).Shape, strings, MemoryMarshal.Cast<uint, int>(picked));
            return;
        }
        switch (_elementSize)
        {
            case 1: Run<byte, TIndex>(context); break;
            case 2: Run<ushort, TIndex>(context); break;
            case 4: Run<uint, TIndex>(context); break;
            default: Run<ulong, TIndex>(context); break;
        }
    }

    private void Run<T, TIndex>(OpContext context) where T : unmanaged where TIndex : unmanaged, System.Numerics.IBinaryInteger<TIndex>
    {
        Gather(context, Read<T>(context.Input(0)), context.Input(1).GetData<TIndex>(), Write<T>(context.Output(0)));
    }

    private void Gather<T, TIndex>(OpContext context, ReadOnlySpan<T> input, ReadOnlySpan<TIndex> indices, Span<T> output)
        where T : unmanaged where TIndex : unmanaged, System.Numerics.IBinaryInteger<TIndex>
    {
        var positions = context.Input(1);
        bool ok = _reference
            ? Ref.Gather.TryRun(input, indices, _batch, _outer, _axisSize, _inner, output, out long bad, out int at)
            : Opt.Gather.TryRun(input, indices, _batch, _outer, _axisSize, _inner, output, out bad, out at);
        if (!ok)
            throw context.Fail($"index {bad} at position {at} of indices '{positions.Name}' is out of range [0, {_axisSize})");
    }
}
