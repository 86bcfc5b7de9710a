using ManagedLite.Ops.StableHlo;
using ManagedLite.Schema;

namespace ManagedLite.Ops;

internal static partial class BuiltinOps
{
    /// <summary>The StableHLO operators TFLite's builtin CPU resolver registers (register.cc), version 1 each.</summary>
    static partial void RegisterStableHlo(OpResolver r, KernelFlavor f)
    {
        foreach (var (op, kind) in new[]
        {
            (BuiltinOperator.STABLEHLO_ADD, StableHloBinaryKind.Add),
            (BuiltinOperator.STABLEHLO_MULTIPLY, StableHloBinaryKind.Multiply),
            (BuiltinOperator.STABLEHLO_MAXIMUM, StableHloBinaryKind.Maximum),
            (BuiltinOperator.STABLEHLO_MINIMUM, StableHloBinaryKind.Minimum),
            (BuiltinOperator.STABLEHLO_AND, StableHloBinaryKind.And),
        })
        {
            r.AddBuiltin(op, () => new StableHloElementwiseOp(kind), 1, 1, new OpTraits { Types = StableHloElementwiseOp.TypesOf(kind) });
        }
        TensorType[] anyFixed =
            [TensorType.Float32, TensorType.Float16, TensorType.BFloat16, TensorType.Float64, TensorType.Int8, TensorType.UInt8,
             TensorType.Int16, TensorType.UInt16, TensorType.Int32, TensorType.UInt32, TensorType.Int64, TensorType.UInt64, TensorType.Bool];
        r.AddBuiltin(BuiltinOperator.STABLEHLO_PAD, () => new StableHloPadOp(), 1, 1, new OpTraits { Types = anyFixed });
        r.AddBuiltin(BuiltinOperator.DILATE, () => new DilateOp(), 1, 1, new OpTraits { Types = anyFixed });
        r.AddBuiltin(BuiltinOperator.REDUCE_WINDOW, () => new ReduceWindowOp(), 1, 1,
            new OpTraits { Types = ReduceWindowRunner.Types, EstimateWork = ReduceWindowOp.Work });
        r.AddBuiltin(BuiltinOperator.STABLEHLO_REDUCE_WINDOW, () => new StableHloReduceWindowOp(), 1, 1,
            new OpTraits { Types = ReduceWindowRunner.Types, EstimateWork = StableHloReduceWindowOp.Work });
        r.AddBuiltin(BuiltinOperator.STABLEHLO_GATHER, () => new StableHloGatherOp(), 1, 1, new OpTraits { Types = StableHloGatherOp.Types });
        r.AddBuiltin(BuiltinOperator.STABLEHLO_SCATTER, () => new StableHloScatterOp(), 1, 1, new OpTraits { Types = StableHloScatterOp.Types });
        // Subgraph callers: stateful like WHILE / IF (never folded); their types are those of the called subgraphs.
        var calls = new OpTraits { IsStateful = true };
        r.AddBuiltin(BuiltinOperator.STABLEHLO_COMPOSITE, () => new StableHloCompositeOp(), 1, 1, calls);
        r.AddBuiltin(BuiltinOperator.STABLEHLO_CASE, () => new StableHloCaseOp(), 1, 1, calls);
        r.AddBuiltin(BuiltinOperator.STABLEHLO_RNG_BIT_GENERATOR, () => new StableHloRngBitGeneratorOp(), 1, 1,
            new OpTraits { Types = StableHloRngBitGeneratorOp.Types });
        r.AddBuiltin(BuiltinOperator.STABLEHLO_SHIFT_LEFT, () => new StableHloShiftLeftOp(), 1, 1, new OpTraits { Types = StableHloShiftLeftOp.Types });
    }
}
