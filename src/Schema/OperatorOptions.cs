using ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>
/// The options table each builtin operator takes, as TFLite's converter writes them and its ParseOpData reads them:
/// one type in <c>builtin_options</c> (mostly the operator's own <c>XOptions</c>; the pooling, reduction, random and
/// min/max families share one) or, for the StableHLO operators, in <c>builtin_options_2</c>. An operator may omit its
/// table (defaults apply); a table of another type is a format error at load. Operators without options (RELU,
/// LOGISTIC, CUSTOM, ...) take none.
/// </summary>
internal static class OperatorOptions
{
    /// <summary>The options types <paramref name="op"/> takes in each union (NONE: no table), or null for a code this schema does not know.</summary>
    public static (BuiltinOptions Options, BuiltinOptions2 Options2)? Expected(BuiltinOperator op) => op switch
    {
        BuiltinOperator.ADD
            => (BuiltinOptions.AddOptions, BuiltinOptions2.NONE),
        BuiltinOperator.AVERAGE_POOL_2D or BuiltinOperator.L2_POOL_2D or BuiltinOperator.MAX_POOL_2D
            => (BuiltinOptions.Pool2DOptions, BuiltinOptions2.NONE),
        BuiltinOperator.CONCATENATION
            => (BuiltinOptions.ConcatenationOptions, BuiltinOptions2.NONE),
        BuiltinOperator.CONV_2D
            => (BuiltinOptions.Conv2DOptions, BuiltinOptions2.NONE),
        BuiltinOperator.DEPTHWISE_CONV_2D
            => (BuiltinOptions.DepthwiseConv2DOptions, BuiltinOptions2.NONE),
        BuiltinOperator.DEPTH_TO_SPACE
            => (BuiltinOptions.DepthToSpaceOptions, BuiltinOptions2.NONE),
        BuiltinOperator.DEQUANTIZE
            => (BuiltinOptions.DequantizeOptions, BuiltinOptions2.NONE),
        BuiltinOperator.EMBEDDING_LOOKUP or BuiltinOperator.FLOOR or BuiltinOperator.HASHTABLE_LOOKUP or
        BuiltinOperator.LOGISTIC or BuiltinOperator.RELU or BuiltinOperator.RELU_N1_TO_1 or BuiltinOperator.RELU6 or
        BuiltinOperator.TANH or BuiltinOperator.CUSTOM or BuiltinOperator.DELEGATE or BuiltinOperator.PRELU or
        BuiltinOperator.SIN or BuiltinOperator.LOG or BuiltinOperator.SQRT or BuiltinOperator.RSQRT or
        BuiltinOperator.CEIL or BuiltinOperator.ELU or BuiltinOperator.ROUND or
        BuiltinOperator.PLACEHOLDER_FOR_GREATER_OP_CODES or BuiltinOperator.IMAG or BuiltinOperator.REAL or
        BuiltinOperator.COMPLEX_ABS or BuiltinOperator.BROADCAST_ARGS or BuiltinOperator.RELU_0_TO_1 or
        BuiltinOperator.STABLEHLO_LOGISTIC or BuiltinOperator.STABLEHLO_ADD or BuiltinOperator.STABLEHLO_DIVIDE or
        BuiltinOperator.STABLEHLO_MULTIPLY or BuiltinOperator.STABLEHLO_MAXIMUM or BuiltinOperator.STABLEHLO_RESHAPE or
        BuiltinOperator.STABLEHLO_CLAMP or BuiltinOperator.STABLEHLO_ABS or BuiltinOperator.STABLEHLO_AND or
        BuiltinOperator.STABLEHLO_COSINE or BuiltinOperator.STABLEHLO_EXPONENTIAL or BuiltinOperator.STABLEHLO_FLOOR or
        BuiltinOperator.STABLEHLO_LOG or BuiltinOperator.STABLEHLO_MINIMUM or BuiltinOperator.STABLEHLO_NEGATE or
        BuiltinOperator.STABLEHLO_OR or BuiltinOperator.STABLEHLO_POWER or BuiltinOperator.STABLEHLO_REMAINDER or
        BuiltinOperator.STABLEHLO_RSQRT or BuiltinOperator.STABLEHLO_SELECT or BuiltinOperator.STABLEHLO_SUBTRACT or
        BuiltinOperator.STABLEHLO_TANH or BuiltinOperator.STABLEHLO_CONVERT or
        BuiltinOperator.STABLEHLO_DYNAMIC_UPDATE_SLICE or BuiltinOperator.STABLEHLO_CBRT
            => (BuiltinOptions.NONE, BuiltinOptions2.NONE),
        BuiltinOperator.FULLY_CONNECTED
            => (BuiltinOptions.FullyConnectedOptions, BuiltinOptions2.NONE),
        BuiltinOperator.L2_NORMALIZATION
            => (BuiltinOptions.L2NormOptions, BuiltinOptions2.NONE),
        BuiltinOperator.LOCAL_RESPONSE_NORMALIZATION
            => (BuiltinOptions.LocalResponseNormalizationOptions, BuiltinOptions2.NONE),
        BuiltinOperator.LSH_PROJECTION
            => (BuiltinOptions.LSHProjectionOptions, BuiltinOptions2.NONE),
        BuiltinOperator.LSTM
            => (BuiltinOptions.LSTMOptions, BuiltinOptions2.NONE),
        BuiltinOperator.MUL
            => (BuiltinOptions.MulOptions, BuiltinOptions2.NONE),
        BuiltinOperator.RESHAPE
            => (BuiltinOptions.ReshapeOptions, BuiltinOptions2.NONE),
        BuiltinOperator.RESIZE_BILINEAR
            => (BuiltinOptions.ResizeBilinearOptions, BuiltinOptions2.NONE),
        BuiltinOperator.RNN
            => (BuiltinOptions.RNNOptions, BuiltinOptions2.NONE),
        BuiltinOperator.SOFTMAX
            => (BuiltinOptions.SoftmaxOptions, BuiltinOptions2.NONE),
        BuiltinOperator.SPACE_TO_DEPTH
            => (BuiltinOptions.SpaceToDepthOptions, BuiltinOptions2.NONE),
        BuiltinOperator.SVDF
            => (BuiltinOptions.SVDFOptions, BuiltinOptions2.NONE),
        BuiltinOperator.CONCAT_EMBEDDINGS
            => (BuiltinOptions.ConcatEmbeddingsOptions, BuiltinOptions2.NONE),
        BuiltinOperator.SKIP_GRAM
            => (BuiltinOptions.SkipGramOptions, BuiltinOptions2.NONE),
        BuiltinOperator.CALL
            => (BuiltinOptions.CallOptions, BuiltinOptions2.NONE),
        BuiltinOperator.EMBEDDING_LOOKUP_SPARSE
            => (BuiltinOptions.EmbeddingLookupSparseOptions, BuiltinOptions2.NONE),
        BuiltinOperator.PAD
            => (BuiltinOptions.PadOptions, BuiltinOptions2.NONE),
        BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_RNN
            => (BuiltinOptions.SequenceRNNOptions, BuiltinOptions2.NONE),
        BuiltinOperator.GATHER
            => (BuiltinOptions.GatherOptions, BuiltinOptions2.NONE),
        BuiltinOperator.BATCH_TO_SPACE_ND
            => (BuiltinOptions.BatchToSpaceNDOptions, BuiltinOptions2.NONE),
        BuiltinOperator.SPACE_TO_BATCH_ND
            => (BuiltinOptions.SpaceToBatchNDOptions, BuiltinOptions2.NONE),
        BuiltinOperator.TRANSPOSE
            => (BuiltinOptions.TransposeOptions, BuiltinOptions2.NONE),
        BuiltinOperator.MEAN or BuiltinOperator.SUM or BuiltinOperator.REDUCE_PROD or BuiltinOperator.REDUCE_MAX or
        BuiltinOperator.REDUCE_MIN or BuiltinOperator.REDUCE_ANY or BuiltinOperator.REDUCE_ALL
            => (BuiltinOptions.ReducerOptions, BuiltinOptions2.NONE),
        BuiltinOperator.SUB
            => (BuiltinOptions.SubOptions, BuiltinOptions2.NONE),
        BuiltinOperator.DIV
            => (BuiltinOptions.DivOptions, BuiltinOptions2.NONE),
        BuiltinOperator.SQUEEZE
            => (BuiltinOptions.SqueezeOptions, BuiltinOptions2.NONE),
        BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_LSTM
            => (BuiltinOptions.UnidirectionalSequenceLSTMOptions, BuiltinOptions2.NONE),
        BuiltinOperator.STRIDED_SLICE
            => (BuiltinOptions.StridedSliceOptions, BuiltinOptions2.NONE),
        BuiltinOperator.BIDIRECTIONAL_SEQUENCE_RNN
            => (BuiltinOptions.BidirectionalSequenceRNNOptions, BuiltinOptions2.NONE),
        BuiltinOperator.EXP
            => (BuiltinOptions.ExpOptions, BuiltinOptions2.NONE),
        BuiltinOperator.TOPK_V2
            => (BuiltinOptions.TopKV2Options, BuiltinOptions2.NONE),
        BuiltinOperator.SPLIT
            => (BuiltinOptions.SplitOptions, BuiltinOptions2.NONE),
        BuiltinOperator.LOG_SOFTMAX
            => (BuiltinOptions.LogSoftmaxOptions, BuiltinOptions2.NONE),
        BuiltinOperator.BIDIRECTIONAL_SEQUENCE_LSTM
            => (BuiltinOptions.BidirectionalSequenceLSTMOptions, BuiltinOptions2.NONE),
        BuiltinOperator.CAST
            => (BuiltinOptions.CastOptions, BuiltinOptions2.NONE),
        BuiltinOperator.MAXIMUM or BuiltinOperator.MINIMUM
            => (BuiltinOptions.MaximumMinimumOptions, BuiltinOptions2.NONE),
        BuiltinOperator.ARG_MAX
            => (BuiltinOptions.ArgMaxOptions, BuiltinOptions2.NONE),
        BuiltinOperator.LESS
            => (BuiltinOptions.LessOptions, BuiltinOptions2.NONE),
        BuiltinOperator.NEG
            => (BuiltinOptions.NegOptions, BuiltinOptions2.NONE),
        BuiltinOperator.PADV2
            => (BuiltinOptions.PadV2Options, BuiltinOptions2.NONE),
        BuiltinOperator.GREATER
            => (BuiltinOptions.GreaterOptions, BuiltinOptions2.NONE),
        BuiltinOperator.GREATER_EQUAL
            => (BuiltinOptions.GreaterEqualOptions, BuiltinOptions2.NONE),
        BuiltinOperator.LESS_EQUAL
            => (BuiltinOptions.LessEqualOptions, BuiltinOptions2.NONE),
        BuiltinOperator.SELECT
            => (BuiltinOptions.SelectOptions, BuiltinOptions2.NONE),
        BuiltinOperator.SLICE
            => (BuiltinOptions.SliceOptions, BuiltinOptions2.NONE),
        BuiltinOperator.TRANSPOSE_CONV
            => (BuiltinOptions.TransposeConvOptions, BuiltinOptions2.NONE),
        BuiltinOperator.SPARSE_TO_DENSE
            => (BuiltinOptions.SparseToDenseOptions, BuiltinOptions2.NONE),
        BuiltinOperator.TILE
            => (BuiltinOptions.TileOptions, BuiltinOptions2.NONE),
        BuiltinOperator.EXPAND_DIMS
            => (BuiltinOptions.ExpandDimsOptions, BuiltinOptions2.NONE),
        BuiltinOperator.EQUAL
            => (BuiltinOptions.EqualOptions, BuiltinOptions2.NONE),
        BuiltinOperator.NOT_EQUAL
            => (BuiltinOptions.NotEqualOptions, BuiltinOptions2.NONE),
        BuiltinOperator.SHAPE
            => (BuiltinOptions.ShapeOptions, BuiltinOptions2.NONE),
        BuiltinOperator.POW
            => (BuiltinOptions.PowOptions, BuiltinOptions2.NONE),
        BuiltinOperator.ARG_MIN
            => (BuiltinOptions.ArgMinOptions, BuiltinOptions2.NONE),
        BuiltinOperator.FAKE_QUANT
            => (BuiltinOptions.FakeQuantOptions, BuiltinOptions2.NONE),
        BuiltinOperator.PACK
            => (BuiltinOptions.PackOptions, BuiltinOptions2.NONE),
        BuiltinOperator.LOGICAL_OR
            => (BuiltinOptions.LogicalOrOptions, BuiltinOptions2.NONE),
        BuiltinOperator.ONE_HOT
            => (BuiltinOptions.OneHotOptions, BuiltinOptions2.NONE),
        BuiltinOperator.LOGICAL_AND
            => (BuiltinOptions.LogicalAndOptions, BuiltinOptions2.NONE),
        BuiltinOperator.LOGICAL_NOT
            => (BuiltinOptions.LogicalNotOptions, BuiltinOptions2.NONE),
        BuiltinOperator.UNPACK
            => (BuiltinOptions.UnpackOptions, BuiltinOptions2.NONE),
        BuiltinOperator.FLOOR_DIV
            => (BuiltinOptions.FloorDivOptions, BuiltinOptions2.NONE),
        BuiltinOperator.SQUARE
            => (BuiltinOptions.SquareOptions, BuiltinOptions2.NONE),
        BuiltinOperator.ZEROS_LIKE
            => (BuiltinOptions.ZerosLikeOptions, BuiltinOptions2.NONE),
        BuiltinOperator.FILL
            => (BuiltinOptions.FillOptions, BuiltinOptions2.NONE),
        BuiltinOperator.FLOOR_MOD
            => (BuiltinOptions.FloorModOptions, BuiltinOptions2.NONE),
        BuiltinOperator.RANGE
            => (BuiltinOptions.RangeOptions, BuiltinOptions2.NONE),
        BuiltinOperator.RESIZE_NEAREST_NEIGHBOR
            => (BuiltinOptions.ResizeNearestNeighborOptions, BuiltinOptions2.NONE),
        BuiltinOperator.LEAKY_RELU
            => (BuiltinOptions.LeakyReluOptions, BuiltinOptions2.NONE),
        BuiltinOperator.SQUARED_DIFFERENCE
            => (BuiltinOptions.SquaredDifferenceOptions, BuiltinOptions2.NONE),
        BuiltinOperator.MIRROR_PAD
            => (BuiltinOptions.MirrorPadOptions, BuiltinOptions2.NONE),
        BuiltinOperator.ABS
            => (BuiltinOptions.AbsOptions, BuiltinOptions2.NONE),
        BuiltinOperator.SPLIT_V
            => (BuiltinOptions.SplitVOptions, BuiltinOptions2.NONE),
        BuiltinOperator.UNIQUE
            => (BuiltinOptions.UniqueOptions, BuiltinOptions2.NONE),
        BuiltinOperator.REVERSE_V2
            => (BuiltinOptions.ReverseV2Options, BuiltinOptions2.NONE),
        BuiltinOperator.ADD_N
            => (BuiltinOptions.AddNOptions, BuiltinOptions2.NONE),
        BuiltinOperator.GATHER_ND
            => (BuiltinOptions.GatherNdOptions, BuiltinOptions2.NONE),
        BuiltinOperator.COS
            => (BuiltinOptions.CosOptions, BuiltinOptions2.NONE),
        BuiltinOperator.WHERE
            => (BuiltinOptions.WhereOptions, BuiltinOptions2.NONE),
        BuiltinOperator.RANK
            => (BuiltinOptions.RankOptions, BuiltinOptions2.NONE),
        BuiltinOperator.REVERSE_SEQUENCE
            => (BuiltinOptions.ReverseSequenceOptions, BuiltinOptions2.NONE),
        BuiltinOperator.MATRIX_DIAG
            => (BuiltinOptions.MatrixDiagOptions, BuiltinOptions2.NONE),
        BuiltinOperator.QUANTIZE
            => (BuiltinOptions.QuantizeOptions, BuiltinOptions2.NONE),
        BuiltinOperator.MATRIX_SET_DIAG
            => (BuiltinOptions.MatrixSetDiagOptions, BuiltinOptions2.NONE),
        BuiltinOperator.HARD_SWISH
            => (BuiltinOptions.HardSwishOptions, BuiltinOptions2.NONE),
        BuiltinOperator.IF
            => (BuiltinOptions.IfOptions, BuiltinOptions2.NONE),
        BuiltinOperator.WHILE
            => (BuiltinOptions.WhileOptions, BuiltinOptions2.NONE),
        BuiltinOperator.NON_MAX_SUPPRESSION_V4
            => (BuiltinOptions.NonMaxSuppressionV4Options, BuiltinOptions2.NONE),
        BuiltinOperator.NON_MAX_SUPPRESSION_V5
            => (BuiltinOptions.NonMaxSuppressionV5Options, BuiltinOptions2.NONE),
        BuiltinOperator.SCATTER_ND
            => (BuiltinOptions.ScatterNdOptions, BuiltinOptions2.NONE),
        BuiltinOperator.SELECT_V2
            => (BuiltinOptions.SelectV2Options, BuiltinOptions2.NONE),
        BuiltinOperator.DENSIFY
            => (BuiltinOptions.DensifyOptions, BuiltinOptions2.NONE),
        BuiltinOperator.SEGMENT_SUM
            => (BuiltinOptions.SegmentSumOptions, BuiltinOptions2.NONE),
        BuiltinOperator.BATCH_MATMUL
            => (BuiltinOptions.BatchMatMulOptions, BuiltinOptions2.NONE),
        BuiltinOperator.CUMSUM
            => (BuiltinOptions.CumsumOptions, BuiltinOptions2.NONE),
        BuiltinOperator.CALL_ONCE
            => (BuiltinOptions.CallOnceOptions, BuiltinOptions2.NONE),
        BuiltinOperator.BROADCAST_TO
            => (BuiltinOptions.BroadcastToOptions, BuiltinOptions2.NONE),
        BuiltinOperator.RFFT2D
            => (BuiltinOptions.Rfft2dOptions, BuiltinOptions2.NONE),
        BuiltinOperator.CONV_3D or BuiltinOperator.CONV_3D_TRANSPOSE
            => (BuiltinOptions.Conv3DOptions, BuiltinOptions2.NONE),
        BuiltinOperator.HASHTABLE
            => (BuiltinOptions.HashtableOptions, BuiltinOptions2.NONE),
        BuiltinOperator.HASHTABLE_FIND
            => (BuiltinOptions.HashtableFindOptions, BuiltinOptions2.NONE),
        BuiltinOperator.HASHTABLE_IMPORT
            => (BuiltinOptions.HashtableImportOptions, BuiltinOptions2.NONE),
        BuiltinOperator.HASHTABLE_SIZE
            => (BuiltinOptions.HashtableSizeOptions, BuiltinOptions2.NONE),
        BuiltinOperator.VAR_HANDLE
            => (BuiltinOptions.VarHandleOptions, BuiltinOptions2.NONE),
        BuiltinOperator.READ_VARIABLE
            => (BuiltinOptions.ReadVariableOptions, BuiltinOptions2.NONE),
        BuiltinOperator.ASSIGN_VARIABLE
            => (BuiltinOptions.AssignVariableOptions, BuiltinOptions2.NONE),
        BuiltinOperator.RANDOM_STANDARD_NORMAL or BuiltinOperator.RANDOM_UNIFORM or BuiltinOperator.MULTINOMIAL
            => (BuiltinOptions.RandomOptions, BuiltinOptions2.NONE),
        BuiltinOperator.BUCKETIZE
            => (BuiltinOptions.BucketizeOptions, BuiltinOptions2.NONE),
        BuiltinOperator.GELU
            => (BuiltinOptions.GeluOptions, BuiltinOptions2.NONE),
        BuiltinOperator.DYNAMIC_UPDATE_SLICE
            => (BuiltinOptions.DynamicUpdateSliceOptions, BuiltinOptions2.NONE),
        BuiltinOperator.UNSORTED_SEGMENT_PROD
            => (BuiltinOptions.UnsortedSegmentProdOptions, BuiltinOptions2.NONE),
        BuiltinOperator.UNSORTED_SEGMENT_MAX
            => (BuiltinOptions.UnsortedSegmentMaxOptions, BuiltinOptions2.NONE),
        BuiltinOperator.UNSORTED_SEGMENT_SUM
            => (BuiltinOptions.UnsortedSegmentSumOptions, BuiltinOptions2.NONE),
        BuiltinOperator.ATAN2
            => (BuiltinOptions.ATan2Options, BuiltinOptions2.NONE),
        BuiltinOperator.UNSORTED_SEGMENT_MIN
            => (BuiltinOptions.UnsortedSegmentMinOptions, BuiltinOptions2.NONE),
        BuiltinOperator.SIGN
            => (BuiltinOptions.SignOptions, BuiltinOptions2.NONE),
        BuiltinOperator.BITCAST
            => (BuiltinOptions.BitcastOptions, BuiltinOptions2.NONE),
        BuiltinOperator.BITWISE_XOR
            => (BuiltinOptions.BitwiseXorOptions, BuiltinOptions2.NONE),
        BuiltinOperator.RIGHT_SHIFT
            => (BuiltinOptions.RightShiftOptions, BuiltinOptions2.NONE),
        BuiltinOperator.STABLEHLO_CONCATENATE
            => (BuiltinOptions.NONE, BuiltinOptions2.StablehloConcatenateOptions),
        BuiltinOperator.STABLEHLO_BROADCAST_IN_DIM
            => (BuiltinOptions.NONE, BuiltinOptions2.StablehloBroadcastInDimOptions),
        BuiltinOperator.STABLEHLO_CONVOLUTION
            => (BuiltinOptions.NONE, BuiltinOptions2.StablehloConvolutionOptions),
        BuiltinOperator.STABLEHLO_SLICE
            => (BuiltinOptions.NONE, BuiltinOptions2.StablehloSliceOptions),
        BuiltinOperator.STABLEHLO_CUSTOM_CALL
            => (BuiltinOptions.NONE, BuiltinOptions2.StablehloCustomCallOptions),
        BuiltinOperator.STABLEHLO_REDUCE
            => (BuiltinOptions.NONE, BuiltinOptions2.StablehloReduceOptions),
        BuiltinOperator.STABLEHLO_SCATTER
            => (BuiltinOptions.NONE, BuiltinOptions2.StablehloScatterOptions),
        BuiltinOperator.STABLEHLO_COMPARE
            => (BuiltinOptions.NONE, BuiltinOptions2.StablehloCompareOptions),
        BuiltinOperator.STABLEHLO_DYNAMIC_SLICE
            => (BuiltinOptions.NONE, BuiltinOptions2.StablehloDynamicSliceOptions),
        BuiltinOperator.STABLEHLO_PAD
            => (BuiltinOptions.NONE, BuiltinOptions2.StablehloPadOptions),
        BuiltinOperator.STABLEHLO_IOTA
            => (BuiltinOptions.NONE, BuiltinOptions2.StablehloIotaOptions),
        BuiltinOperator.STABLEHLO_DOT_GENERAL
            => (BuiltinOptions.NONE, BuiltinOptions2.StablehloDotGeneralOptions),
        BuiltinOperator.STABLEHLO_REDUCE_WINDOW
            => (BuiltinOptions.NONE, BuiltinOptions2.StablehloReduceWindowOptions),
        BuiltinOperator.STABLEHLO_SORT
            => (BuiltinOptions.NONE, BuiltinOptions2.StablehloSortOptions),
        BuiltinOperator.STABLEHLO_WHILE
            => (BuiltinOptions.NONE, BuiltinOptions2.StablehloWhileOptions),
        BuiltinOperator.STABLEHLO_GATHER
            => (BuiltinOptions.NONE, BuiltinOptions2.StablehloGatherOptions),
        BuiltinOperator.STABLEHLO_TRANSPOSE
            => (BuiltinOptions.NONE, BuiltinOptions2.StablehloTransposeOptions),
        BuiltinOperator.DILATE
            => (BuiltinOptions.NONE, BuiltinOptions2.DilateOptions),
        BuiltinOperator.STABLEHLO_RNG_BIT_GENERATOR
            => (BuiltinOptions.NONE, BuiltinOptions2.StablehloRngBitGeneratorOptions),
        BuiltinOperator.REDUCE_WINDOW
            => (BuiltinOptions.NONE, BuiltinOptions2.ReduceWindowOptions),
        BuiltinOperator.STABLEHLO_COMPOSITE
            => (BuiltinOptions.NONE, BuiltinOptions2.StableHLOCompositeOptions),
        BuiltinOperator.STABLEHLO_SHIFT_LEFT
            => (BuiltinOptions.NONE, BuiltinOptions2.StablehloShiftLeftOptions),
        BuiltinOperator.STABLEHLO_CASE
            => (BuiltinOptions.NONE, BuiltinOptions2.StablehloCaseOptions),
        _ => null,
    };
}
