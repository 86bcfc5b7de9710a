using ManagedLite.Ops.Sequence;
using ManagedLite.Schema;

namespace ManagedLite.Ops;

internal static partial class BuiltinOps
{
    /// <summary>Sequence models: RNN, UNIDIRECTIONAL_SEQUENCE_RNN, BIDIRECTIONAL_SEQUENCE_RNN, LSTM, BIDIRECTIONAL_SEQUENCE_LSTM.</summary>
    static partial void RegisterSequence(OpResolver r, KernelFlavor f)
    {
        TensorType[] rnnTypes = [TensorType.Float32, TensorType.Int8, TensorType.UInt8];
        r.AddBuiltin(BuiltinOperator.RNN, () => new RnnOp(), 1, 3,
            new OpTraits { EstimateWork = RnnOp.EstimateWork, Types = rnnTypes });
        r.AddBuiltin(BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_RNN, () => new UnidirectionalSequenceRnnOp(), 1, 3,
            new OpTraits { EstimateWork = UnidirectionalSequenceRnnOp.EstimateWork, Types = rnnTypes });
        r.AddBuiltin(BuiltinOperator.BIDIRECTIONAL_SEQUENCE_RNN, () => new BidirectionalSequenceRnnOp(), 1, 3,
            new OpTraits { EstimateWork = BidirectionalSequenceRnnOp.EstimateWork, Types = rnnTypes });
        r.AddBuiltin(BuiltinOperator.LSTM, () => new LstmOp(), 1, 4,
            new OpTraits { EstimateWork = LstmOp.EstimateWork, Types = [TensorType.Float32, TensorType.Int8, TensorType.UInt8, TensorType.Int16] });
        r.AddBuiltin(BuiltinOperator.BIDIRECTIONAL_SEQUENCE_LSTM, () => new BidirectionalSequenceLstmOp(), 1, 3,
            new OpTraits { EstimateWork = BidirectionalSequenceLstmOp.EstimateWork, Types = rnnTypes });
    }
}
