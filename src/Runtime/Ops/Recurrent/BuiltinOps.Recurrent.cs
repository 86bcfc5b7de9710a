using ManagedLite.Ops.Recurrent;
using ManagedLite.Schema;

namespace ManagedLite.Ops;

internal static partial class BuiltinOps
{
    static partial void RegisterRecurrent(OpResolver r, KernelFlavor f)
    {
        r.AddBuiltin(BuiltinOperator.SVDF, () => new SvdfOp(), 1, 4, new OpTraits { EstimateWork = SvdfOp.EstimateWork });
        r.AddBuiltin(BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_LSTM, () => new UnidirectionalSequenceLstmOp(), 1, 4, new OpTraits { EstimateWork = UnidirectionalSequenceLstmOp.EstimateWork });
    }
}
