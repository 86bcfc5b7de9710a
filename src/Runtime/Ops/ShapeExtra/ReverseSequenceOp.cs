using ManagedLite.Schema;
using static ManagedLite.Ops.Shape.ShapeOpHelpers;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.ShapeExtra;

/// <summary>
/// REVERSE_SEQUENCE: for each batch b along batch_dim, reverses the first seq_lengths[b] elements along seq_dim.
/// seq_lengths is 1-D int32/int64 with one value per batch, read at Eval; a length over the sequence dimension
/// is an error there. Types as TFLite's reverse_sequence.cc (float32, uint8, int16, int32, int64).
/// </summary>
internal sealed class ReverseSequenceOp : IOpKernel
{
    private int _elementSize, _seqDim, _batchDim;

    public void Prepare(OpContext context)
    {
        var input = context.Input(0);
        var lengths = context.Input(1);
        var output = context.Output(0);
        ExpectOneOf(context, input, "input", TensorType.Float32, TensorType.UInt8, TensorType.Int16, TensorType.Int32, TensorType.Int64);
        ExpectSameType(context, input, output, "output");
        _elementSize = ElementSize(context, input, "input");
        ExpectIndexType(context, lengths, "seq_lengths");
        if (lengths.Rank != 1) throw context.Fail($"seq_lengths '{lengths.Name}' must be 1-D, got shape {Format(lengths.Shape)}");
        var options = context.GetOptions<ReverseSequenceOptions>();
        int rank = input.Rank;
        if (options.SeqDim < 0 || options.BatchDim < 0 || options.SeqDim >= rank || options.BatchDim >= rank || options.SeqDim == options.BatchDim)
            throw context.Fail($"seq_dim {options.SeqDim} and batch_dim {options.BatchDim} must be two different dimensions in [0, {rank}) of input '{input.Name}' {Format(input.Shape)}");
        _seqDim = options.SeqDim;
        _batchDim = options.BatchDim;
        if (lengths.Dim(0) != input.Dim(_batchDim))
            throw context.Fail($"seq_lengths '{lengths.Name}' has {lengths.Dim(0)} values, expected {input.Dim(_batchDim)} (batch dimension {_batchDim} of '{input.Name}')");
        context.ResizeOutput(0, input.Shape);
    }

    public void Eval(OpContext context)
    {
        var lengths = context.Input(1);
        int seqSize = context.Input(0).Dim(_seqDim);
        for (int i = 0; i < lengths.Dim(0); i++)
        {
            long l = lengths.DataType == TensorType.Int32 ? lengths.GetData<int>()[i] : lengths.GetData<long>()[i];
            if (l > seqSize)
                throw context.Fail($"seq_lengths '{lengths.Name}' value {l} at {i} is larger than the sequence dimension ({seqSize})");
        }
        bool wide = lengths.DataType == TensorType.Int64;
        switch (_elementSize)
        {
            case 1: if (wide) Run<byte, long>(context); else Run<byte, int>(context); break;
            case 2: if (wide) Run<ushort, long>(context); else Run<ushort, int>(context); break;
            case 4: if (wide) Run<uint, long>(context); else Run<uint, int>(context); break;
            default: if (wide) Run<ulong, long>(context); else Run<ulong, int>(context); break;
        }
    }

    private void Run<T, TLength>(OpContext context) where T : unmanaged where TLength : unmanaged, System.Numerics.IBinaryInteger<TLength>
    {
        var input = context.Input(0);
        Ref.ReverseSequence.Run(input.Shape, Read<T>(input), context.Input(1).GetData<TLength>(), _seqDim, _batchDim,
                                Write<T>(context.Output(0)));
    }
}
