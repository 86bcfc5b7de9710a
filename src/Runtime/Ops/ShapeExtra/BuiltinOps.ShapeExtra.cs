using ManagedLite.Ops.ShapeExtra;
using ManagedLite.Schema;

namespace ManagedLite.Ops;

internal static partial class BuiltinOps
{
    private static readonly OpTraits s_readsOnlyShapes = new() { ReadsOnlyInputShapes = true };

    /// <summary>Shape and data-movement operators added with the op-conformance suite. Versions as TFLite's register.cc.</summary>
    static partial void RegisterShapeExtra(OpResolver r, KernelFlavor f)
    {
        r.AddBuiltin(BuiltinOperator.PACK, () => new PackOp(f), 1, 5);
        r.AddBuiltin(BuiltinOperator.UNPACK, () => new UnpackOp(f), 1, 6);
        r.AddBuiltin(BuiltinOperator.SHAPE, () => new ShapeOp(), 1, 1, s_readsOnlyShapes);
        r.AddBuiltin(BuiltinOperator.RANK, () => new RankOp(), 1, 1, s_readsOnlyShapes);
        r.AddBuiltin(BuiltinOperator.TILE, () => new TileOp(f), 1, 3, new OpTraits { Types = DataMovementTypesWithStrings });
        r.AddBuiltin(BuiltinOperator.FILL, () => new FillOp(), 1, 5, new OpTraits { Types = DataMovementTypesWithStrings });
        r.AddBuiltin(BuiltinOperator.BROADCAST_TO, () => new BroadcastToOp(f), 2, 4);
        r.AddBuiltin(BuiltinOperator.BROADCAST_ARGS, () => new BroadcastArgsOp(), 1, 1);
        r.AddBuiltin(BuiltinOperator.REVERSE_V2, () => new ReverseV2Op(f), 1, 4);
        r.AddBuiltin(BuiltinOperator.REVERSE_SEQUENCE, () => new ReverseSequenceOp(), 1, 1);
        r.AddBuiltin(BuiltinOperator.SPACE_TO_BATCH_ND, () => new SpaceToBatchNdOp(), 1, 4);
        r.AddBuiltin(BuiltinOperator.BATCH_TO_SPACE_ND, () => new BatchToSpaceNdOp(), 1, 4);
        r.AddBuiltin(BuiltinOperator.ONE_HOT, () => new OneHotOp(), 1, 1);
        r.AddBuiltin(BuiltinOperator.RANGE, () => new RangeOp(), 1, 2);
        r.AddBuiltin(BuiltinOperator.MATRIX_DIAG, () => new MatrixDiagOp(), 1, 1);
        r.AddBuiltin(BuiltinOperator.MATRIX_SET_DIAG, () => new MatrixSetDiagOp(), 1, 1);
        r.AddBuiltin(BuiltinOperator.DYNAMIC_UPDATE_SLICE, () => new DynamicUpdateSliceOp(f), 1, 6);
    }
}
