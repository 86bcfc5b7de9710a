using ManagedLite.Schema;
using static ManagedLite.Ops.IndexReduceChecks;
using Ref = ManagedLite.Kernels.Reference;
using RG = ManagedLite.Kernels.Reference.ReduceGeneric;

namespace ManagedLite.Ops.Indexing;

/// <summary>
/// SCATTER_ND (TFLite's scatter_nd.cc): int32 indices [..., depth], updates (float32, int8, uint8, int32, int64,
/// bool) of shape indices.shape[:-1] + shape[depth:], int32 shape. The output (of that shape) is zero plus the updates
/// added at their indices (bool: OR). A shape that is not known at preparation makes the output dynamic. An index
/// outside its dimension is an <see cref="OperatorException"/> at Eval.
/// </summary>
internal sealed class ScatterNdOp : IOpKernel
{
    private bool _dynamic;
    private int _slices, _depth;

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 3, 1);
        var indices = context.Input(0);
        var updates = context.Input(1);
        var shape = context.Input(2);
        var output = context.Output(0);
        ExpectType(context, updates, "updates", TensorType.Float32, TensorType.UInt8, TensorType.Bool, TensorType.Int8, TensorType.Int64, TensorType.Int32);
        ExpectType(context, indices, "indices", TensorType.Int32);
        ExpectType(context, shape, "shape", TensorType.Int32);
        ExpectSameType(context, updates, output, "output");
        ExpectRank(context, indices, "indices", 1);
        ExpectRank(context, updates, "updates", 1);
        ExpectRank(context, shape, "shape", 1, 1);
        _depth = indices.Dim(indices.Rank - 1);
        _slices = CheckedProduct(context, indices.Shape, 0, indices.Rank - 1, "the number of index rows");
        _dynamic = !shape.IsKnownAtPrepare;
        if (_dynamic) context.MarkOutputDynamic(0);
        else ResizeToShape(context);
    }

    private void ResizeToShape(OpContext context)
    {
        var indices = context.Input(0);
        var updates = context.Input(1);
        var shapeTensor = context.Input(2);
        var dims = ReadDims(context, shapeTensor, "shape");
        int outer = indices.Rank - 1;
        bool ok = updates.Rank >= outer && updates.Rank - outer == dims.Length - _depth;
        for (int i = 0; ok && i < outer; i++) ok = indices.Dim(i) == updates.Dim(i);
        for (int i = 0; ok && i + outer < updates.Rank; i++) ok = updates.Dim(i + outer) == dims[_depth + i];
        if (!ok)
            throw context.Fail($"updates {Describe(updates)} must have shape indices.shape[:-1] + shape[{_depth}:] for indices {Describe(indices)} and shape {ShapeText(dims)}");
        CheckedProduct(context, dims, 0, dims.Length, "the output size");
        context.ResizeOutput(0, dims);
    }

    public void Eval(OpContext context)
    {
        if (_dynamic) ResizeToShape(context);
        var output = context.Output(0);
        switch (output.DataType)
        {
            case TensorType.Float32: Run<float, RG.SumOf<float>>(context, output.GetWritableData<float>()); break;
            case TensorType.Int8: Run<sbyte, RG.SumOf<sbyte>>(context, output.GetWritableData<sbyte>()); break;
            case TensorType.UInt8: Run<byte, RG.SumOf<byte>>(context, output.GetWritableData<byte>()); break;
            case TensorType.Int32: Run<int, RG.SumOf<int>>(context, output.GetWritableData<int>()); break;
            case TensorType.Int64: Run<long, RG.SumOf<long>>(context, output.GetWritableData<long>()); break;
            default: Run<byte, RG.AnyOf>(context, output.GetWritableData<byte>()); break;
        }
    }

    private void Run<T, TAdd>(OpContext context, Span<T> output) where T : unmanaged where TAdd : Ref.IReducer<T>
    {
        var indices = context.Input(0);
        var updates = context.Input(1);
        if (!Ref.ScatterNd.TryRun<T, TAdd>(context.Output(0).Shape, indices.GetData<int>(), _slices, _depth, updates.GetData<T>(), output, out long bad, out int at))
        {
            int dim = at % Math.Max(_depth, 1);
            throw context.Fail($"index {bad} at position {at} of indices {ModelText.Quote(indices.Name)} is out of range [0, {context.Output(0).Dim(dim)}) for dimension {dim} of the output {ShapeText(context.Output(0).Shape)}");
        }
    }
}
