using System.Runtime.InteropServices;
using ManagedLite.Schema;
using static ManagedLite.Ops.IndexReduceChecks;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Indexing;

/// <summary>
/// GATHER_ND (TFLite's gather_nd.cc): params of any fixed-size type TFLite takes (float32, float16, bfloat16, int8,
/// uint8, int16, int32, int64, bool) or string, indices int16, int32 or int64 of shape [..., depth] with
/// depth &lt;= rank(params). Output: indices.shape[:-1] + params.shape[depth:]. An index outside its dimension is an
/// <see cref="OperatorException"/> naming it, at Eval (TFLite returns an error there).
/// </summary>
internal sealed class GatherNdOp : IOpKernel
{
    private static readonly TensorType[] ParamsTypes =
        [TensorType.Float32, TensorType.Float16, TensorType.BFloat16, TensorType.UInt8, TensorType.Int8, TensorType.Int16,
         TensorType.Int32, TensorType.Int64, TensorType.Bool];

    private int _slices, _depth, _elementSize;
    private bool _strings;

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 2, 1);
        var data = context.Input(0);
        var indices = context.Input(1);
        var output = context.Output(0);
        _strings = data.DataType == TensorType.String;
        if (!_strings) ExpectType(context, data, "params", ParamsTypes);
        ExpectType(context, indices, "indices", TensorType.Int16, TensorType.Int32, TensorType.Int64);
        ExpectSameType(context, data, output, "output");
        ExpectRank(context, data, "params", 1);
        ExpectRank(context, indices, "indices", 1);
        _depth = indices.Dim(indices.Rank - 1);
        if (_depth > data.Rank)
            throw context.Fail($"indices {Describe(indices)} address {_depth} dimensions, more than the rank of params {Describe(data)}");
        var shape = new int[indices.Rank - 1 + data.Rank - _depth];
        int n = 0;
        for (int i = 0; i < indices.Rank - 1; i++) shape[n++] = indices.Dim(i);
        for (int i = _depth; i < data.Rank; i++) shape[n++] = data.Dim(i);
        context.ResizeOutput(0, shape);
        _slices = CheckedProduct(context, indices.Shape, 0, indices.Rank - 1, "the number of index rows");
        CheckedProduct(context, shape, 0, shape.Length, "the output size");
        _elementSize = _strings ? 4 : TensorTypes.ElementSize(data.DataType);
    }

    public void Eval(OpContext context)
    {
        var data = context.Input(0);
        var indices = context.Input(1);
        // TFLite: empty params can only be gathered by empty indices.
        if (data.ElementCount == 0 && indices.ElementCount != 0)
            throw context.Fail($"params {Describe(data)} is empty but indices {Describe(indices)} are not");
        switch (indices.DataType)
        {
            case TensorType.Int16: Run(context, indices.GetData<short>()); break;
            case TensorType.Int32: Run(context, indices.GetData<int>()); break;
            default: Run(context, indices.GetData<long>()); break;
        }
    }

    private void Run<TIndex>(OpContext context, ReadOnlySpan<TIndex> indices) where TIndex : unmanaged, System.Numerics.IBinaryInteger<TIndex>
    {
        var data = context.Input(0);
        var output = context.Output(0);
        // Strings: the kernel moves their int32 ids (GatherNdString's result), the output then takes the strings.
        var strings = _strings ? Strings.StringTensors.View(context, data, "params") : default;
        if (_strings) Strings.StringTensors.CheckCount(context, output.ElementCount, 0);
        int[]? picked = _strings ? new int[output.ElementCount] : null;
        ReadOnlySpan<byte> src = _strings ? MemoryMarshal.AsBytes(Strings.StringTensors.Iota(strings.Count).AsSpan()) : data.RawBytes;
        var dst = _strings ? MemoryMarshal.AsBytes(picked.AsSpan()) : output.WritableBytes;
        bool ok;
        long bad;
        int at;
        switch (_elementSize)
        {
            case 1: ok = Ref.GatherNd.TryRun(data.Shape, src, indices, _slices, _depth, dst, out bad, out at); break;
            case 2: ok = Ref.GatherNd.TryRun(data.Shape, MemoryMarshal.Cast<byte, ushort>(src), indices, _slices, _depth, MemoryMarshal.Cast<byte, ushort>(dst), out bad, out at); break;
            case 4: ok = Ref.GatherNd.TryRun(data.Shape, MemoryMarshal.Cast<byte, uint>(src), indices, _slices, _depth, MemoryMarshal.Cast<byte, uint>(dst), out bad, out at); break;
            default: ok = Ref.GatherNd.TryRun(data.Shape, MemoryMarshal.Cast<byte, ulong>(src), indices, _slices, _depth, MemoryMarshal.Cast<byte, ulong>(dst), out bad, out at); break;
        }
        if (!ok)
        {
            var t = context.Input(1);
            int dim = at % Math.Max(_depth, 1);
            throw context.Fail($"index {bad} at position {at} of indices {ModelText.Quote(t.Name)} is out of range [0, {data.Dim(dim)}) for dimension {dim} of params {Describe(data)}");
        }
        if (_strings) Strings.StringTensors.WriteGathered(context, 0, output.Shape, strings, picked);
    }
}
