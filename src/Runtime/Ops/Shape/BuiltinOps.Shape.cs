using ManagedLite.Ops.Shape;
using ManagedLite.Schema;

namespace ManagedLite.Ops;

internal static partial class BuiltinOps
{
    /// <summary>Every fixed-size element type, and string: the types of data-movement operators with string variants.</summary>
    internal static readonly TensorType[] DataMovementTypesWithStrings =
    [
        TensorType.Float32, TensorType.Float16, TensorType.BFloat16, TensorType.Float64, TensorType.Int8, TensorType.UInt8,
        TensorType.Int16, TensorType.UInt16, TensorType.Int32, TensorType.UInt32, TensorType.Int64, TensorType.UInt64,
        TensorType.Bool, TensorType.Complex64, TensorType.String,
    ];

    /// <summary>Data-movement operators. Version ranges cover TFLite's register.cc and a little beyond.</summary>
    static partial void RegisterShape(OpResolver r, KernelFlavor f)
    {
        // Operators that move elements of any fixed-size type, and strings as TFLite's kernels do (string variants:
        // RESHAPE, SQUEEZE v2, EXPAND_DIMS, SLICE v3, STRIDED_SLICE v5, GATHER (1-D), TILE v2, FILL v2).
        var withStrings = new OpTraits { Types = DataMovementTypesWithStrings };
        r.AddBuiltin(BuiltinOperator.PAD, () => new PadOp(f), 1, 6, new OpTraits { PadsWithConstant = true });
        r.AddBuiltin(BuiltinOperator.PADV2, () => new PadOp(f), 1, 6, new OpTraits { PadsWithConstant = true });
        r.AddBuiltin(BuiltinOperator.MIRROR_PAD, () => new MirrorPadOp(), 1, 3);
        r.AddBuiltin(BuiltinOperator.RESIZE_BILINEAR, () => new ResizeBilinearOp(f), 1, 5);
        r.AddBuiltin(BuiltinOperator.RESIZE_NEAREST_NEIGHBOR, () => new ResizeNearestNeighborOp(f), 1, 5);
        r.AddBuiltin(BuiltinOperator.RESHAPE, () => new ReshapeOp(), 1, 3, withStrings);
        r.AddBuiltin(BuiltinOperator.SQUEEZE, () => new SqueezeOp(), 1, 3, withStrings);
        r.AddBuiltin(BuiltinOperator.EXPAND_DIMS, () => new ExpandDimsOp(), 1, 3, withStrings);
        r.AddBuiltin(BuiltinOperator.CONCATENATION, () => new ConcatenationOp(f), 1, 7);
        r.AddBuiltin(BuiltinOperator.SPLIT, () => new SplitOp(f), 1, 5);
        r.AddBuiltin(BuiltinOperator.SPLIT_V, () => new SplitVOp(f), 1, 3);
        r.AddBuiltin(BuiltinOperator.SLICE, () => new SliceOp(f), 1, 8, withStrings);
        r.AddBuiltin(BuiltinOperator.STRIDED_SLICE, () => new StridedSliceOp(f), 1, 8, withStrings);
        r.AddBuiltin(BuiltinOperator.TRANSPOSE, () => new TransposeOp(f), 1, 9);
        r.AddBuiltin(BuiltinOperator.DEPTH_TO_SPACE, () => new DepthToSpaceOp(f), 1, 3);
        r.AddBuiltin(BuiltinOperator.SPACE_TO_DEPTH, () => new SpaceToDepthOp(f), 1, 3);
        r.AddBuiltin(BuiltinOperator.GATHER, () => new GatherOp(f), 1, 8, withStrings);
        r.AddBuiltin(BuiltinOperator.DENSIFY, () => new DensifyOp(), 1, 2, new OpTraits { ReadsSparseTensors = true });
    }
}
