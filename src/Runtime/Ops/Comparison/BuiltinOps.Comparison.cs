using ManagedLite.Kernels.Reference;
using ManagedLite.Schema;

namespace ManagedLite.Ops;

internal static partial class BuiltinOps
{
    /// <summary>
    /// Comparisons, logical operators, SELECT, and the remaining element-wise builtins. Versions as TFLite's
    /// register.cc; one kernel serves both flavors (these are data movement or cheap scalar work).
    /// </summary>
    static partial void RegisterComparison(OpResolver r, KernelFlavor f)
    {
        // Version 3 is string inputs (TFLite's op_version.cc).
        TensorType[] equalityTypes =
        [
            TensorType.Bool, TensorType.Float32, TensorType.Float16, TensorType.Int8, TensorType.UInt8, TensorType.Int16,
            TensorType.Int32, TensorType.Int64, TensorType.String,
        ];
        r.AddBuiltin(BuiltinOperator.EQUAL, () => new ComparisonOp(ComparisonKind.Equal), 1, 5, new OpTraits { Types = equalityTypes });
        r.AddBuiltin(BuiltinOperator.NOT_EQUAL, () => new ComparisonOp(ComparisonKind.NotEqual), 1, 4, new OpTraits { Types = equalityTypes });
        r.AddBuiltin(BuiltinOperator.LESS, () => new ComparisonOp(ComparisonKind.Less), 1, 3);
        r.AddBuiltin(BuiltinOperator.LESS_EQUAL, () => new ComparisonOp(ComparisonKind.LessEqual), 1, 2);
        r.AddBuiltin(BuiltinOperator.GREATER, () => new ComparisonOp(ComparisonKind.Greater), 1, 2);
        r.AddBuiltin(BuiltinOperator.GREATER_EQUAL, () => new ComparisonOp(ComparisonKind.GreaterEqual), 1, 3);

        r.AddBuiltin(BuiltinOperator.LOGICAL_AND, () => new LogicalOp(and: true), 1, 1);
        r.AddBuiltin(BuiltinOperator.LOGICAL_OR, () => new LogicalOp(and: false), 1, 1);
        r.AddBuiltin(BuiltinOperator.LOGICAL_NOT, () => new LogicalNotOp(), 1, 1);
        r.AddBuiltin(BuiltinOperator.SELECT, () => new SelectOp(v2: false), 1, 4);
        r.AddBuiltin(BuiltinOperator.SELECT_V2, () => new SelectOp(v2: true), 1, 2);

        r.AddBuiltin(BuiltinOperator.FLOOR_DIV, () => new FloorDivOp(), 1, 3);
        r.AddBuiltin(BuiltinOperator.FLOOR_MOD, () => new FloorModOp(), 1, 2);
        r.AddBuiltin(BuiltinOperator.ROUND, () => new RoundOp(), 1, 1);
        r.AddBuiltin(BuiltinOperator.SIGN, () => new SignOp(), 1, 2);
        r.AddBuiltin(BuiltinOperator.ATAN2, () => new Atan2Op(), 1, 1);
        r.AddBuiltin(BuiltinOperator.BITWISE_XOR, () => new BitwiseXorOp(), 1, 1);
        r.AddBuiltin(BuiltinOperator.RIGHT_SHIFT, () => new RightShiftOp(), 1, 1);
        r.AddBuiltin(BuiltinOperator.RELU_0_TO_1, () => new ActivationOp(ActivationKind.Relu0To1, f), 1, 1);
        r.AddBuiltin(BuiltinOperator.ZEROS_LIKE, () => new ZerosLikeOp(), 1, 1);
        r.AddBuiltin(BuiltinOperator.FAKE_QUANT, () => new FakeQuantOp(), 1, 2);
        r.AddBuiltin(BuiltinOperator.BITCAST, () => new BitcastOp(), 1, 1);
    }
}
