using ManagedLite.Schema;
using static ManagedLite.Ops.IndexReduceChecks;
using Ref = ManagedLite.Kernels.Reference;
using RG = ManagedLite.Kernels.Reference.ReduceGeneric;

namespace ManagedLite.Ops.Indexing;

/// <summary>Which reduction an <see cref="UnsortedSegmentOp"/> computes.</summary>
internal enum SegmentKind { Sum, Prod, Max, Min }

/// <summary>
/// UNSORTED_SEGMENT_SUM / PROD / MAX / MIN (TFLite's unsorted_segment.cc): int32 or float32 data, int32 segment ids
/// whose shape is a prefix of data's, int32 num_segments (a scalar or [1]); output [num_segments, data.shape[rank(ids):]]
/// with every segment the reduction of its rows (empty segments hold 0, 1, the lowest or the largest value). Negative
/// ids are skipped; an id &gt;= num_segments is an <see cref="OperatorException"/>. The output is dynamic unless
/// num_segments is known at preparation.
/// </summary>
internal sealed class UnsortedSegmentOp(SegmentKind kind) : IOpKernel
{
    private bool _dynamic;
    private int _segmentSize;

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 3, 1);
        var data = context.Input(0);
        var ids = context.Input(1);
        var numSegments = context.Input(2);
        ExpectType(context, data, "data", TensorType.Int32, TensorType.Float32);
        ExpectType(context, ids, "segment ids", TensorType.Int32);
        ExpectType(context, numSegments, "num_segments", TensorType.Int32);
        ExpectSameType(context, data, context.Output(0), "output");
        if (ids.Rank > data.Rank)
            throw context.Fail($"segment ids {Describe(ids)} must have a prefix of the shape of data {Describe(data)}");
        for (int i = 0; i < ids.Rank; i++)
            if (ids.Dim(i) != data.Dim(i))
                throw context.Fail($"segment ids {Describe(ids)} must have a prefix of the shape of data {Describe(data)}");
        if (!(numSegments.Rank == 0 || (numSegments.Rank == 1 && numSegments.Dim(0) == 1)))
            throw context.Fail($"num_segments {Describe(numSegments)} must be a scalar or hold one value");
        _segmentSize = CheckedProduct(context, data.Shape, ids.Rank, data.Rank, "the segment size");
        _dynamic = !numSegments.IsKnownAtPrepare;
        if (_dynamic) context.MarkOutputDynamic(0);
        else Resize(context);
    }

    private static void Resize(OpContext context)
    {
        var data = context.Input(0);
        var ids = context.Input(1);
        var numSegments = context.Input(2);
        int segments = numSegments.GetData<int>()[0];
        if (segments < 0) throw context.Fail($"num_segments {Describe(numSegments)} is negative: {segments}");
        var shape = new int[data.Rank - ids.Rank + 1];
        shape[0] = segments;
        for (int i = ids.Rank; i < data.Rank; i++) shape[i - ids.Rank + 1] = data.Dim(i);
        CheckedProduct(context, shape, 0, shape.Length, "the output size");
        context.ResizeOutput(0, shape);
    }

    public void Eval(OpContext context)
    {
        if (_dynamic) Resize(context);
        var data = context.Input(0);
        var idsTensor = context.Input(1);
        var ids = idsTensor.GetData<int>();
        var output = context.Output(0);
        int segments = output.Dim(0);
        int bad = Ref.UnsortedSegment.FindOutOfRange(ids, segments);
        if (bad >= 0)
            throw context.Fail($"segment id {ids[bad]} at position {bad} of {Describe(idsTensor)} is not below num_segments {segments}");
        if (data.DataType == TensorType.Int32) Run(data.GetData<int>(), ids, output.GetWritableData<int>());
        else Run(data.GetData<float>(), ids, output.GetWritableData<float>());
    }

    private void Run<T>(ReadOnlySpan<T> data, ReadOnlySpan<int> ids, Span<T> output)
        where T : unmanaged, System.Numerics.INumber<T>, System.Numerics.IMinMaxValue<T>
    {
        switch (kind)
        {
            case SegmentKind.Sum: Ref.UnsortedSegment.Run<T, RG.SumOf<T>>(data, ids, _segmentSize, output); break;
            case SegmentKind.Prod: Ref.UnsortedSegment.Run<T, RG.ProdOf<T>>(data, ids, _segmentSize, output); break;
            case SegmentKind.Max: Ref.UnsortedSegment.Run<T, RG.MaxOf<T>>(data, ids, _segmentSize, output); break;
            default: Ref.UnsortedSegment.Run<T, RG.MinOf<T>>(data, ids, _segmentSize, output); break;
        }
    }
}
