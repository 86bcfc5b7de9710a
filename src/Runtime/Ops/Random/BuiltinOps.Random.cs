using ManagedLite.Ops.Random;
using ManagedLite.Schema;

namespace ManagedLite.Ops;

internal static partial class BuiltinOps
{
    /// <summary>Random operators (Philox 4x32-10 as TFLite): stateful, never folded; the generator advances across invokes.</summary>
    static partial void RegisterRandom(OpResolver r, KernelFlavor f)
    {
        r.AddBuiltin(BuiltinOperator.RANDOM_UNIFORM, () => new RandomOp(normal: false), 1, 1, new OpTraits { IsStateful = true, Types = [TensorType.Float32] });
        r.AddBuiltin(BuiltinOperator.RANDOM_STANDARD_NORMAL, () => new RandomOp(normal: true), 1, 1, new OpTraits { IsStateful = true, Types = [TensorType.Float32] });
        r.AddBuiltin(BuiltinOperator.MULTINOMIAL, () => new MultinomialOp(), 1, 1,
            new OpTraits { IsStateful = true, Types = [TensorType.Float32, TensorType.Int32, TensorType.Int64], EstimateWork = MultinomialOp.Work });
    }
}
