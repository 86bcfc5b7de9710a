using ManagedLite.Schema;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.Robustness;

/// <summary>Seeds for the shape operators: shape arithmetic resolved while preparing, dynamic outputs, index inputs.</summary>
internal static partial class TinyModels
{
    public const byte ShapeOptions = 55, PackOptions = 59, OneHotOptions = 61, UnpackOptions = 64, ReverseSequenceOptions = 87;

    /// <summary>
    /// SHAPE -> STRIDED_SLICE -> PACK -> RESHAPE (resolved while preparing), TILE by fed multiples (at least 1; dynamic), BROADCAST_TO,
    /// FILL by a shape from BROADCAST_ARGS, RANGE, and RANK.
    /// </summary>
    public static byte[] ShapeArithmetic()
    {
        var m = new TinyModel();
        int x = m.Tensor("x", TensorType.Float32, [2, 3, 4], signature: [-1, 3, 4]);
        int multIn = m.Tensor("multiples", TensorType.Int32, [3], signature: [3]);
        int ones = m.ConstInt("ones", [3], 1, 1, 1);
        int mult = m.Input("at_least_one", TensorType.Int32, 3);
        int shape = m.Input("shape", TensorType.Int32, 3);
        int b = m.ConstInt("begin", [1], 0), e = m.ConstInt("end", [1], 1), s = m.ConstInt("strides", [1], 1);
        int d0 = m.Input("d0", TensorType.Int32);
        int twelve = m.ConstInt("twelve", [], 12);
        int packed = m.Input("packed", TensorType.Int32, 2);
        int y = m.Input("y", TensorType.Float32, 2, 12);
        int tiled = m.Input("tiled", TensorType.Float32, 2, 12);
        int target = m.ConstInt("target", [3], 2, 2, 12);
        int broad = m.Input("broadcast", TensorType.Float32, 2, 2, 12);
        int other = m.ConstInt("other", [3], 3, 1, 1);
        int dims = m.Input("dims", TensorType.Int32, 3);
        int value = m.ConstFloat("value", [], 0.5f);
        int filled = m.Input("filled", TensorType.Float32, 3, 2, 12);
        int start = m.ConstInt("start", [], 1), limit = m.ConstInt("limit", [], 9), delta = m.ConstInt("delta", [], 3);
        int range = m.Input("range", TensorType.Int32, 3);
        int rank = m.Input("rank", TensorType.Int32);
        return m.Op(BuiltinOperator.SHAPE, [x], [shape], 1, ShapeOptions, new OptionField(0, OptionKind.Byte, (int)TensorType.Int32))
                .Op(BuiltinOperator.STRIDED_SLICE, [shape, b, e, s], [d0], 1, StridedSliceOptions, I(0, 0), I(1, 0), I(2, 0), I(3, 0), I(4, 1))
                .Op(BuiltinOperator.PACK, [d0, twelve], [packed], 1, PackOptions, I(0, 2), I(1, 0))
                .Op(BuiltinOperator.RESHAPE, [x, packed], [y])
                .Op(BuiltinOperator.MAXIMUM, [multIn, ones], [mult])
                .Op(BuiltinOperator.TILE, [x, mult], [tiled])
                .Op(BuiltinOperator.BROADCAST_TO, [y, target], [broad], 2)
                .Op(BuiltinOperator.BROADCAST_ARGS, [packed, other], [dims])
                .Op(BuiltinOperator.FILL, [dims, value], [filled])
                .Op(BuiltinOperator.RANGE, [start, limit, delta], [range])
                .Op(BuiltinOperator.RANK, [x], [rank])
                .Inputs(x, multIn).Outputs(broad, tiled, filled, range, rank).Build();
    }

    /// <summary>
    /// UNPACK, ONE_HOT, REVERSE_V2, REVERSE_SEQUENCE, SPACE_TO_BATCH_ND, BATCH_TO_SPACE_ND, MATRIX_DIAG, MATRIX_SET_DIAG
    /// and DYNAMIC_UPDATE_SLICE, with index inputs from constants and from the graph inputs.
    /// </summary>
    public static byte[] IndexMovement()
    {
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Float32, 1, 4, 4, 2);
        int idx = m.Input("indices", TensorType.Int32, 3);
        int start = m.Input("start", TensorType.Int32, 4);
        int block = m.ConstInt("block", [2], 2, 2), pads = m.ConstInt("paddings", [2, 2], 0, 0, 1, 1);
        int s2b = m.Input("s2b", TensorType.Float32, 4, 2, 3, 2);
        int crops = m.ConstInt("crops", [2, 2], 0, 0, 1, 1);
        int b2s = m.Input("b2s", TensorType.Float32, 1, 4, 4, 2);
        int axes = m.ConstInt("axes", [2], 1, 2);
        int rev = m.Input("reversed", TensorType.Float32, 1, 4, 4, 2);
        int lengths = m.ConstInt("lengths", [1], 3);
        int seq = m.Input("sequence", TensorType.Float32, 1, 4, 4, 2);
        int update = m.ConstFloat("update", [1, 1, 2, 2], 1f, 2f, 3f, 4f);
        int dus = m.Input("updated", TensorType.Float32, 1, 4, 4, 2);
        int u0 = m.Input("u0", TensorType.Float32, 4, 4, 2);
        int depth = m.ConstInt("depth", [], 4);
        int on = m.ConstFloat("on", [], 1f), off = m.ConstFloat("off", [], 0f);
        int hot = m.Input("one_hot", TensorType.Float32, 3, 4);
        int diag = m.Input("diag", TensorType.Float32, 3, 4, 4);
        int dg = m.ConstFloat("diagonal", [3, 4], 9f, 9f, 9f, 9f, 8f, 8f, 8f, 8f, 7f, 7f, 7f, 7f);
        int set = m.Input("set_diag", TensorType.Float32, 3, 4, 4);
        return m.Op(BuiltinOperator.SPACE_TO_BATCH_ND, [x, block, pads], [s2b])
                .Op(BuiltinOperator.BATCH_TO_SPACE_ND, [s2b, block, crops], [b2s])
                .Op(BuiltinOperator.REVERSE_V2, [b2s, axes], [rev])
                .Op(BuiltinOperator.REVERSE_SEQUENCE, [rev, lengths], [seq], 1, ReverseSequenceOptions, I(0, 1), I(1, 0))
                .Op(BuiltinOperator.DYNAMIC_UPDATE_SLICE, [seq, update, start], [dus])
                .Op(BuiltinOperator.UNPACK, [dus], [u0], 1, UnpackOptions, I(0, 1), I(1, 0))
                .Op(BuiltinOperator.ONE_HOT, [idx, depth, on, off], [hot], 1, OneHotOptions, I(0, -1))
                .Op(BuiltinOperator.MATRIX_DIAG, [hot], [diag])
                .Op(BuiltinOperator.MATRIX_SET_DIAG, [diag, dg], [set])
                .Inputs(x, idx, start).Outputs(u0, set).Build();
    }
}
