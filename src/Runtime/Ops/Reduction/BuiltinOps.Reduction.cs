using ManagedLite.Ops.Reduction;
using ManagedLite.Schema;

namespace ManagedLite.Ops;

internal static partial class BuiltinOps
{
    /// <summary>Reductions, scans and sorting. Version ranges are TFLite's register.cc.</summary>
    static partial void RegisterReduction(OpResolver r, KernelFlavor f)
    {
        TensorType[] numeric = [TensorType.Float32, TensorType.Int32, TensorType.Int64, TensorType.UInt8, TensorType.Int8, TensorType.Int16, TensorType.Bool];
        r.AddBuiltin(BuiltinOperator.MEAN, () => new ReduceOp(ReduceKind.Mean, f), 1, 3,
            new OpTraits { Types = [TensorType.Float32, TensorType.Int32, TensorType.Int64, TensorType.UInt8, TensorType.Int8, TensorType.Int16] });
        r.AddBuiltin(BuiltinOperator.SUM, () => new ReduceOp(ReduceKind.Sum, f), 1, 2, new OpTraits { Types = numeric });
        r.AddBuiltin(BuiltinOperator.REDUCE_MAX, () => new ReduceOp(ReduceKind.Max, f), 1, 3, new OpTraits { Types = numeric });
        r.AddBuiltin(BuiltinOperator.REDUCE_MIN, () => new ReduceOp(ReduceKind.Min, f), 1, 3, new OpTraits { Types = numeric });
        r.AddBuiltin(BuiltinOperator.REDUCE_PROD, () => new ReduceOp(ReduceKind.Prod, f), 1, 2, new OpTraits { Types = numeric });
        r.AddBuiltin(BuiltinOperator.REDUCE_ANY, () => new ReduceOp(ReduceKind.Any, f), 1, 1, new OpTraits { Types = [TensorType.Bool] });
        r.AddBuiltin(BuiltinOperator.REDUCE_ALL, () => new ReduceOp(ReduceKind.All, f), 1, 1, new OpTraits { Types = [TensorType.Bool] });
        // Version 3 is bool input.
        TensorType[] argTypes = [TensorType.Float32, TensorType.UInt8, TensorType.Int8, TensorType.Int32, TensorType.Bool];
        r.AddBuiltin(BuiltinOperator.ARG_MAX, () => new ArgMinMaxOp(isMax: true, f), 1, 3, new OpTraits { Types = argTypes });
        r.AddBuiltin(BuiltinOperator.ARG_MIN, () => new ArgMinMaxOp(isMax: false, f), 1, 3, new OpTraits { Types = argTypes });
        r.AddBuiltin(BuiltinOperator.CUMSUM, () => new CumsumOp(), 1, 1, new OpTraits { Types = [TensorType.Float32, TensorType.Int32, TensorType.Int64] });
        r.AddBuiltin(BuiltinOperator.TOPK_V2, () => new TopKV2Op(), 1, 3, new OpTraits
        {
            Types = [TensorType.Float32, TensorType.UInt8, TensorType.Int8, TensorType.Int16, TensorType.Int32, TensorType.Int64],
            EstimateWork = TopKV2Op.EstimateWork,
        });
    }
}
