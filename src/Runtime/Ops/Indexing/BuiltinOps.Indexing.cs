using ManagedLite.Ops.Indexing;
using ManagedLite.Schema;

namespace ManagedLite.Ops;

internal static partial class BuiltinOps
{
    /// <summary>Indexing, scatter/gather and segment operators. Version ranges are TFLite's register.cc where ManagedLite runs every type of the range.</summary>
    static partial void RegisterIndexing(OpResolver r, KernelFlavor f)
    {
        TensorType[] intFloat = [TensorType.Int32, TensorType.Float32];
        // Version 2 is string params; 6 float8: not supported.
        r.AddBuiltin(BuiltinOperator.GATHER_ND, () => new GatherNdOp(), 1, 5, new OpTraits
        {
            Types = [TensorType.Float32, TensorType.Float16, TensorType.BFloat16, TensorType.UInt8, TensorType.Int8, TensorType.Int16, TensorType.Int32, TensorType.Int64, TensorType.Bool, TensorType.String],
        });
        r.AddBuiltin(BuiltinOperator.SCATTER_ND, () => new ScatterNdOp(), 1, 1, new OpTraits
        {
            Types = [TensorType.Float32, TensorType.UInt8, TensorType.Int8, TensorType.Int32, TensorType.Int64, TensorType.Bool],
        });
        r.AddBuiltin(BuiltinOperator.WHERE, () => new WhereOp(), 1, 2, new OpTraits
        {
            Types = [TensorType.Bool, TensorType.Float32, TensorType.Int8, TensorType.UInt8, TensorType.Int32, TensorType.UInt32, TensorType.Int64],
        });
        r.AddBuiltin(BuiltinOperator.UNIQUE, () => new UniqueOp(), 1, 1, new OpTraits
        {
            Types = [TensorType.Int8, TensorType.UInt8, TensorType.Int16, TensorType.Int32, TensorType.Int64, TensorType.Float32],
            EstimateWork = OpWork.SortLinearithmic,
        });
        // Version 5 is int2 values: not supported.
        r.AddBuiltin(BuiltinOperator.EMBEDDING_LOOKUP, () => new EmbeddingLookupOp(), 1, 4, new OpTraits
        {
            Types = [TensorType.Float32, TensorType.Float16, TensorType.Int8, TensorType.UInt8, TensorType.Int4, TensorType.Int16, TensorType.Int32, TensorType.Int64, TensorType.Bool],
        });
        r.AddBuiltin(BuiltinOperator.EMBEDDING_LOOKUP_SPARSE, () => new EmbeddingLookupSparseOp(), 1, 1, new OpTraits { Types = [TensorType.Float32] });
        r.AddBuiltin(BuiltinOperator.SPARSE_TO_DENSE, () => new SparseToDenseOp(), 1, 3, new OpTraits
        {
            Types = [TensorType.Float32, TensorType.Int32, TensorType.Int64, TensorType.Int8, TensorType.UInt8],
        });
        r.AddBuiltin(BuiltinOperator.SEGMENT_SUM, () => new SegmentSumOp(), 1, 1, new OpTraits { Types = intFloat });
        r.AddBuiltin(BuiltinOperator.UNSORTED_SEGMENT_SUM, () => new UnsortedSegmentOp(SegmentKind.Sum), 1, 1, new OpTraits { Types = intFloat });
        r.AddBuiltin(BuiltinOperator.UNSORTED_SEGMENT_PROD, () => new UnsortedSegmentOp(SegmentKind.Prod), 1, 1, new OpTraits { Types = intFloat });
        r.AddBuiltin(BuiltinOperator.UNSORTED_SEGMENT_MAX, () => new UnsortedSegmentOp(SegmentKind.Max), 1, 1, new OpTraits { Types = intFloat });
        r.AddBuiltin(BuiltinOperator.UNSORTED_SEGMENT_MIN, () => new UnsortedSegmentOp(SegmentKind.Min), 1, 1, new OpTraits { Types = intFloat });
        r.AddBuiltin(BuiltinOperator.BUCKETIZE, () => new BucketizeOp(), 1, 1, new OpTraits
        {
            Types = [TensorType.Int32, TensorType.Int64, TensorType.Float32, TensorType.Float64],
            EstimateWork = OpWork.Bucketize,
        });
        r.AddBuiltin(BuiltinOperator.HASHTABLE_LOOKUP, () => new HashtableLookupOp(), 1, 1, new OpTraits
        {
            Types = [.. HashtableLookupOp.ValueTypes, TensorType.String],
            EstimateWork = HashtableLookupOp.EstimateWork,
        });
        r.AddBuiltin(BuiltinOperator.LSH_PROJECTION, () => new LshProjectionOp(), 1, 1, new OpTraits
        {
            Types = [.. HashtableLookupOp.ValueTypes, TensorType.String],
            EstimateWork = LshProjectionOp.EstimateWork,
        });
    }
}
