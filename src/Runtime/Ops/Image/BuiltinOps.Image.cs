using ManagedLite.Ops.Image;
using ManagedLite.Schema;

namespace ManagedLite.Ops;

internal static partial class BuiltinOps
{
    /// <summary>Image operators: NON_MAX_SUPPRESSION_V4 and V5 (float32 boxes and scores; version 1 in TFLite's register.cc).</summary>
    static partial void RegisterImage(OpResolver r, KernelFlavor f)
    {
        var traits = new OpTraits { Types = [TensorType.Float32], EstimateWork = NonMaxSuppressionOp.EstimateWork };
        r.AddBuiltin(BuiltinOperator.NON_MAX_SUPPRESSION_V4, () => new NonMaxSuppressionV4Op(), 1, 1, traits);
        r.AddBuiltin(BuiltinOperator.NON_MAX_SUPPRESSION_V5, () => new NonMaxSuppressionV5Op(), 1, 1, traits);
    }
}
