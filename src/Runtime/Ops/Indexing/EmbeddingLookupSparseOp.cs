using ManagedLite.Schema;
using static ManagedLite.Ops.IndexReduceChecks;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Indexing;

/// <summary>
/// EMBEDDING_LOOKUP_SPARSE (TFLite's embedding_lookup_sparse.cc): int32 ids [n], int32 indices [n, r], int32 dense
/// shape [r], float32 weights [n], float32 value [rows, ...]; output float32 [dense_shape[:-1], value.shape[1:]], each
/// row the weighted combination (SUM, MEAN, SQRTN) of its embeddings. The output is dynamic unless the dense shape is
/// known at preparation. An id outside [0, rows) or an index outside the dense shape is an
/// <see cref="OperatorException"/> (TFLite skips such writes, or writes out of bounds when finalizing).
/// </summary>
internal sealed class EmbeddingLookupSparseOp : IOpKernel
{
    private bool _dynamic;
    private int _embeddingSize, _lookupRank;
    private Ref.EmbeddingLookupSparse.Combiner _combiner;

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 5, 1);
        var ids = context.Input(0);
        var indices = context.Input(1);
        var denseShape = context.Input(2);
        var weights = context.Input(3);
        var value = context.Input(4);
        var output = context.Output(0);
        ExpectType(context, ids, "ids", TensorType.Int32);
        ExpectRank(context, ids, "ids", 1, 1);
        ExpectType(context, indices, "indices", TensorType.Int32);
        ExpectRank(context, indices, "indices", 2, 2);
        ExpectType(context, denseShape, "dense shape", TensorType.Int32);
        ExpectRank(context, denseShape, "dense shape", 1, 1);
        ExpectType(context, weights, "weights", TensorType.Float32);
        ExpectRank(context, weights, "weights", 1, 1);
        ExpectType(context, value, "value", TensorType.Float32);
        ExpectRank(context, value, "value", 2);
        ExpectType(context, output, "output", TensorType.Float32);
        if (indices.Dim(0) != ids.Dim(0) || weights.Dim(0) != ids.Dim(0))
            throw context.Fail($"ids {Describe(ids)}, indices {Describe(indices)} and weights {Describe(weights)} must have as many entries");
        _lookupRank = indices.Dim(1);
        if (_lookupRank < 1)
            throw context.Fail($"indices {Describe(indices)} need at least one coordinate per entry");
        if (denseShape.Dim(0) != _lookupRank)
            throw context.Fail($"dense shape {Describe(denseShape)} must have {_lookupRank} values, one per coordinate of indices {Describe(indices)}");
        _embeddingSize = CheckedProduct(context, value.Shape, 1, value.Rank, "the embedding size");
        _combiner = context.GetOptions<EmbeddingLookupSparseOptions>().Combiner switch
        {
            CombinerType.Mean => Ref.EmbeddingLookupSparse.Combiner.Mean,
            CombinerType.Sqrtn => Ref.EmbeddingLookupSparse.Combiner.Sqrtn,
            _ => Ref.EmbeddingLookupSparse.Combiner.Sum,
        };
        _dynamic = !denseShape.IsKnownAtPrepare;
        if (_dynamic) context.MarkOutputDynamic(0);
        else Resize(context);
    }

    private void Resize(OpContext context)
    {
        var dense = ReadDims(context, context.Input(2), "dense shape");
        var value = context.Input(4);
        var shape = new int[_lookupRank - 1 + value.Rank - 1];
        int n = 0;
        for (int i = 0; i < _lookupRank - 1; i++) shape[n++] = dense[i];
        for (int i = 1; i < value.Rank; i++) shape[n++] = value.Dim(i);
        CheckedProduct(context, shape, 0, shape.Length, "the output size");
        context.ResizeOutput(0, shape);
    }

    public void Eval(OpContext context)
    {
        if (_dynamic) Resize(context);
        var ids = context.Input(0);
        var indices = context.Input(1);
        var value = context.Input(4);
        if (!Ref.EmbeddingLookupSparse.TryRun(ids.GetData<int>(), indices.GetData<int>(), context.Input(2).GetData<int>(), context.Input(3).GetData<float>(),
                value.GetData<float>(), value.Dim(0), _embeddingSize, _combiner, context.Output(0).GetWritableData<float>(),
                out long bad, out int at, out bool isId))
        {
            throw isId
                ? context.Fail($"id {bad} at position {at} of ids {ModelText.Quote(ids.Name)} is out of range [0, {value.Dim(0)}) for value {Describe(value)}")
                : context.Fail($"index {bad} at position {at} of indices {ModelText.Quote(indices.Name)} is out of range for dimension {at % _lookupRank} of the dense shape");
        }
    }
}
