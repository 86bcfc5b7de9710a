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
        // Subgraph callers: stateful like WHILE / IF (never folded); their types are those of the called subgraphs.
        var calls = new OpTraits { IsStateful = true };
        r.AddBuiltin(BuiltinOperator.STABLEHLO_COMPOSITE, () => new StableHloCompositeOp(), 1, 1, calls);
        r.AddBuiltin(BuiltinOperator.STABLEHLO_CASE, () => new StableHloCaseOp(), 1, 1, calls);
        r.AddBuiltin(BuiltinOperator.STABLEHLO_SHIFT_LEFT, () => new StableHloShiftLeftOp(), 1, 1, new OpTraits { Types = StableHloShiftLeftOp.Types });
    }
}
