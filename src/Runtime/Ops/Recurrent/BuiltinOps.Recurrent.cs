using ManagedLite.Ops.Recurrent;
using ManagedLite.Schema;

namespace ManagedLite.Ops;

internal static partial class BuiltinOps
{
    static partial void RegisterRecurrent(OpResolver r)
    {
        r.AddBuiltin(BuiltinOperator.SVDF, () => new SvdfOp(), 1, 4);
        r.AddBuiltin(BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_LSTM, () => new UnidirectionalSequenceLstmOp(), 1, 4);
    }
}
