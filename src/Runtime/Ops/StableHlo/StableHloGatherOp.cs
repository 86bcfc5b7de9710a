using System.Runtime.InteropServices;
using ManagedLite.Schema;
using static ManagedLite.Ops.IndexReduceChecks;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.StableHlo;

/// <summary>
/// STABLEHLO_GATHER (TFLite's stablehlo_gather.cc): operand of any 8/16/32/64-bit type, int32 or int64 start indices.
/// Options as StableHLO's gather: offset_dims (sorted result dimensions), collapsed_slice_dims (operand dimensions of
/// slice size &lt;= 1), start_index_map (operand dimension of each index vector element), index_vector_dim (a dimension
/// of the start indices: TFLite reads past the shape when it equals their rank, so ManagedLite requires it below), and
/// slice_sizes (one per operand dimension, within it). Start indices are clamped so that every slice is in bounds.
/// Result shape: the batch dimensions of the indices with the non-collapsed slice sizes at offset_dims.
/// </summary>
internal sealed class StableHloGatherOp : IOpKernel
{
    public static readonly TensorType[] Types =
        [TensorType.Float32, TensorType.Float16, TensorType.BFloat16, TensorType.Float64, TensorType.Int8, TensorType.UInt8,
         TensorType.Int16, TensorType.UInt16, TensorType.Int32, TensorType.UInt32, TensorType.Int64, TensorType.UInt64, TensorType.Bool];

    private StablehloGatherOptions _o = new();
    private int _elementSize;

    public void Prepare(OpContext ctx)
    {
        ExpectCounts(ctx, 2, 1);
        var operand = ctx.Input(0);
        var indices = ctx.Input(1);
        ExpectSameType(ctx, operand, ctx.Output(0), "output");
        ExpectType(ctx, indices, "start indices", TensorType.Int32, TensorType.Int64);
        _elementSize = StableHloPadOp.PadElementSize(ctx, operand);
        var o = _o = ctx.GetOptions<StablehloGatherOptions>();
        int rank = operand.Rank;
        if (o.SliceSizes.Length != rank)
            throw ctx.Fail($"slice_sizes has {o.SliceSizes.Length} values, expected one per dimension of operand {Describe(operand)}");
        for (int d = 0; d < rank; d++)
            if (o.SliceSizes[d] < 0 || o.SliceSizes[d] > operand.Dim(d))
                throw ctx.Fail($"slice_sizes [{string.Join(",", o.SliceSizes)}]: {o.SliceSizes[d]} is outside [0, {operand.Dim(d)}] for dimension {d} of operand {Describe(operand)}");
        Distinct(ctx, o.CollapsedSliceDims, rank, "collapsed_slice_dims");
        foreach (long d in o.CollapsedSliceDims)
            if (o.SliceSizes[d] > 1) throw ctx.Fail($"collapsed_slice_dims names dimension {d}, whose slice size {o.SliceSizes[d]} is over 1");
        if (o.IndexVectorDim < 0 || o.IndexVectorDim >= indices.Rank)
            throw ctx.Fail($"index_vector_dim {o.IndexVectorDim} is not a dimension of start indices {Describe(indices)}");
        int ivd = (int)o.IndexVectorDim;
        Distinct(ctx, o.StartIndexMap, rank, "start_index_map");
        if (o.StartIndexMap.Length != indices.Dim(ivd))
            throw ctx.Fail($"start_index_map has {o.StartIndexMap.Length} values, the index vectors of {Describe(indices)} {indices.Dim(ivd)}");
        int offsetCount = rank - o.CollapsedSliceDims.Length;
        if (o.OffsetDims.Length != offsetCount)
            throw ctx.Fail($"offset_dims has {o.OffsetDims.Length} values, expected {offsetCount} (operand rank minus collapsed dimensions)");
        int resultRank = indices.Rank - 1 + offsetCount;
        Distinct(ctx, o.OffsetDims, resultRank, "offset_dims");
        for (int i = 1; i < o.OffsetDims.Length; i++)
            if (o.OffsetDims[i] <= o.OffsetDims[i - 1]) throw ctx.Fail($"offset_dims [{string.Join(",", o.OffsetDims)}] must be sorted");
        var shape = new int[resultRank];
        int s = 0, b = 0;
        for (int d = 0; d < resultRank; d++)
        {
            if (o.OffsetDims.Contains(d))
            {
                while (o.CollapsedSliceDims.Contains(s)) s++;
                shape[d] = (int)o.SliceSizes[s++];
            }
            else
            {
                if (b == ivd) b++;
                shape[d] = indices.Dim(b++);
            }
        }
        CheckedProduct(ctx, shape, 0, shape.Length, "the output size");
        ctx.ResizeOutput(0, shape);
    }

    private static void Distinct(OpContext ctx, long[] dims, int limit, string name)
    {
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] < 0 || dims[i] >= limit) throw ctx.Fail($"{name} [{string.Join(",", dims)}] has {dims[i]}, outside [0, {limit})");
            for (int j = 0; j < i; j++)
                if (dims[j] == dims[i]) throw ctx.Fail($"{name} [{string.Join(",", dims)}] repeats {dims[i]}");
        }
    }

    public void Eval(OpContext ctx)
    {
        var indices = ctx.Input(1);
        if (indices.DataType == TensorType.Int32) Run<int>(ctx, indices.GetData<int>());
        else Run<long>(ctx, indices.GetData<long>());
    }

    private void Run<TIndex>(OpContext ctx, ReadOnlySpan<TIndex> indices) where TIndex : unmanaged, System.Numerics.IBinaryInteger<TIndex>
    {
        var operand = ctx.Input(0);
        var output = ctx.Output(0);
        var ishape = ctx.Input(1).Shape;
        var src = operand.RawBytes;
        var dst = output.WritableBytes;
        var o = _o;
        int ivd = (int)o.IndexVectorDim;
        switch (_elementSize)
        {
            case 1: Ref.StableHloGather.Run(operand.Shape, src, ishape, indices, o.OffsetDims, o.CollapsedSliceDims, o.StartIndexMap, ivd, o.SliceSizes, output.Shape, dst); break;
            case 2: Ref.StableHloGather.Run(operand.Shape, MemoryMarshal.Cast<byte, ushort>(src), ishape, indices, o.OffsetDims, o.CollapsedSliceDims, o.StartIndexMap, ivd, o.SliceSizes, output.Shape, MemoryMarshal.Cast<byte, ushort>(dst)); break;
            case 4: Ref.StableHloGather.Run(operand.Shape, MemoryMarshal.Cast<byte, uint>(src), ishape, indices, o.OffsetDims, o.CollapsedSliceDims, o.StartIndexMap, ivd, o.SliceSizes, output.Shape, MemoryMarshal.Cast<byte, uint>(dst)); break;
            default: Ref.StableHloGather.Run(operand.Shape, MemoryMarshal.Cast<byte, ulong>(src), ishape, indices, o.OffsetDims, o.CollapsedSliceDims, o.StartIndexMap, ivd, o.SliceSizes, output.Shape, MemoryMarshal.Cast<byte, ulong>(dst)); break;
        }
    }
}
