using ManagedLite.Ops.Strings;
using ManagedLite.Schema;

namespace ManagedLite.Ops;

internal static partial class BuiltinOps
{
    /// <summary>String operators (the hash tables are under Variables; string variants of other operators in their families).</summary>
    static partial void RegisterStrings(OpResolver r, KernelFlavor f)
    {
        r.AddBuiltin(BuiltinOperator.SKIP_GRAM, () => new SkipGramOp(), 1, 1, new OpTraits
        {
            Types = [TensorType.String],
            EstimateWork = OpWork.Linear,
        });
    }
}
