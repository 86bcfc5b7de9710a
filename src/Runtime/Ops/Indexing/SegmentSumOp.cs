using ManagedLite.Schema;
using static ManagedLite.Ops.IndexReduceChecks;
using Ref = ManagedLite.Kernels.Reference;
using RG = ManagedLite.Kernels.Reference.ReduceGeneric;

namespace ManagedLite.Ops.Indexing;

/// <summary>
/// SEGMENT_SUM (TFLite's segment_sum.cc): int32 or float32 data [n, ...] and sorted int32 segment ids [n] that start at
/// 0 and grow by 0 or 1; output [last id + 1, ...] holds the sum of each segment's rows (int32 sums wrap). The output
/// is dynamic unless the ids are known at preparation. Ids that break the rule are an <see cref="OperatorException"/>.
/// </summary>
internal sealed class SegmentSumOp : IOpKernel
{
    private bool _dynamic;
    private int _segmentSize;

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 2, 1);
        var data = context.Input(0);
        var ids = context.Input(1);
        ExpectType(context, data, "data", TensorType.Int32, TensorType.Float32);
        ExpectType(context, ids, "segment ids", TensorType.Int32);
        ExpectSameType(context, data, context.Output(0), "output");
        ExpectRank(context, data, "data", 1);
        ExpectRank(context, ids, "segment ids", 1, 1);
        if (ids.Dim(0) != data.Dim(0))
            throw context.Fail($"segment ids {Describe(ids)} must have one id per row of data {Describe(data)}");
        _segmentSize = CheckedProduct(context, data.Shape, 1, data.Rank, "the segment size");
        _dynamic = !ids.IsKnownAtPrepare;
        if (_dynamic) context.MarkOutputDynamic(0);
        else Resize(context);
    }

    private static void Resize(OpContext context)
    {
        var data = context.Input(0);
        var ids = context.Input(1);
        int segments = Ref.SegmentSum.ValidateIds(ids.GetData<int>(), out int at);
        if (segments < 0)
            throw context.Fail($"segment id {ids.GetData<int>()[at]} at position {at} of {Describe(ids)}: ids must start at 0 and grow by 0 or 1");
        var shape = data.Shape.ToArray();
        shape[0] = segments;
        context.ResizeOutput(0, shape);
    }

    public void Eval(OpContext context)
    {
        if (_dynamic) Resize(context);
        var data = context.Input(0);
        var ids = context.Input(1).GetData<int>();
        var output = context.Output(0);
        if (data.DataType == TensorType.Int32)
            Ref.SegmentSum.Run<int, RG.SumOf<int>>(data.GetData<int>(), ids, _segmentSize, output.GetWritableData<int>());
        else
            Ref.SegmentSum.Run<float, RG.SumOf<float>>(data.GetData<float>(), ids, _segmentSize, output.GetWritableData<float>());
    }
}
