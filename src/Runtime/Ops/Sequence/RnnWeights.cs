using System.Runtime.InteropServices;
using ManagedLite.Kernels.Params;
using ManagedLite.Schema;
using static ManagedLite.Ops.Recurrent.RecurrentOpHelpers;

namespace ManagedLite.Ops.Sequence;

/// <summary>
/// The weights of one basic-RNN cell (input, optional auxiliary input, recurrent, bias), validated at Prepare and
/// read at Eval: float32, or hybrid with int8 (or uint8, whose bytes TFLite reads as int8) weights and float bias.
/// Row sums for asymmetric hybrid quantization are computed once from the constant weights.
/// </summary>
internal sealed class RnnWeights
{
    public int Input, Aux = -1, Recurrent, Bias;
    public bool Hybrid;
    public int Units, InputSize, AuxInputSize;
    private int[]? _inputRowSums, _auxRowSums, _recurrentRowSums;

    /// <summary>Checks shapes and types (input size, units) and prepares the hybrid row sums.</summary>
    public void Prepare(OpContext ctx, int inputIndex, int auxIndex, int recurrentIndex, int biasIndex, int inputSize, int auxInputSize,
                        bool asymmetric, string cell)
    {
        (Input, Aux, Recurrent, Bias) = (inputIndex, auxIndex, recurrentIndex, biasIndex);
        var w = ctx.Input(inputIndex);
        var rec = ctx.Input(recurrentIndex);
        var bias = ctx.Input(biasIndex);
        OpHelpers.ExpectRank(ctx, w, 2, $"{cell}input_weights");
        OpHelpers.ExpectRank(ctx, rec, 2, $"{cell}recurrent_weights");
        OpHelpers.ExpectRank(ctx, bias, 1, $"{cell}bias");
        Units = w.Dim(0);
        InputSize = inputSize;
        AuxInputSize = auxIndex >= 0 ? auxInputSize : 0;
        if (w.Dim(1) != inputSize)
            throw ctx.Fail($"{cell}input_weights {ModelText.Quote(w.Name)} must have {inputSize} columns (the input size), got shape [{string.Join(",", w.Shape.ToArray())}]");
        if (bias.Dim(0) != Units)
            throw ctx.Fail($"{cell}bias {ModelText.Quote(bias.Name)} must have {Units} elements (the units), got shape [{string.Join(",", bias.Shape.ToArray())}]");
        ExpectShape(ctx, rec, $"{cell}recurrent_weights", Units, Units);
        if (rec.DataType != w.DataType)
            throw ctx.Fail($"{cell}recurrent_weights {ModelText.Quote(rec.Name)} must be {TensorTypes.Name(w.DataType)} like the input weights, got {TensorTypes.Name(rec.DataType)}");
        LiteTensor? aux = auxIndex >= 0 ? ctx.Input(auxIndex) : null;
        if (aux is not null)
        {
            ExpectShape(ctx, aux, $"{cell}aux_input_weights", Units, auxInputSize);
            if (aux.DataType != w.DataType)
                throw ctx.Fail($"{cell}aux_input_weights {ModelText.Quote(aux.Name)} must be {TensorTypes.Name(w.DataType)} like the input weights, got {TensorTypes.Name(aux.DataType)}");
        }
        OpHelpers.ExpectType(ctx, bias, TensorType.Float32, $"{cell}bias");
        switch (w.DataType)
        {
            case TensorType.Float32:
                Hybrid = false;
                break;
            case TensorType.Int8 or TensorType.UInt8:
                Hybrid = true;
                Scale(ctx, w, $"{cell}input_weights");
                Scale(ctx, rec, $"{cell}recurrent_weights");
                if (aux is not null) Scale(ctx, aux, $"{cell}aux_input_weights");
                _inputRowSums = _auxRowSums = _recurrentRowSums = null;
                if (asymmetric)
                {
                    OpHelpers.ExpectConstant(ctx, w, $"{cell}input_weights");
                    OpHelpers.ExpectConstant(ctx, rec, $"{cell}recurrent_weights");
                    _inputRowSums = RowSums(Int8(w), Units, inputSize);
                    _recurrentRowSums = RowSums(Int8(rec), Units, Units);
                    if (aux is not null)
                    {
                        OpHelpers.ExpectConstant(ctx, aux, $"{cell}aux_input_weights");
                        _auxRowSums = RowSums(Int8(aux), Units, auxInputSize);
                    }
                }
                break;
            default:
                throw ctx.Fail($"{cell}input_weights {ModelText.Quote(w.Name)} is {TensorTypes.Name(w.DataType)}: expected float32 or int8/uint8 (hybrid)");
        }
    }

    private static ReadOnlySpan<sbyte> Int8(LiteTensor t) => MemoryMarshal.Cast<byte, sbyte>(t.RawBytes);

    public RnnFloatWeights FloatWeights(OpContext ctx) => new()
    {
        Input = ctx.Input(Input).GetData<float>(),
        Aux = Aux >= 0 ? ctx.Input(Aux).GetData<float>() : default,
        Recurrent = ctx.Input(Recurrent).GetData<float>(),
        Bias = ctx.Input(Bias).GetData<float>(),
    };

    public RnnHybridWeights HybridWeights(OpContext ctx) => new()
    {
        Input = Int8(ctx.Input(Input)), InputScale = ctx.Input(Input).Quantization!.Scale, InputRowSums = _inputRowSums,
        Aux = Aux >= 0 ? Int8(ctx.Input(Aux)) : default, AuxScale = Aux >= 0 ? ctx.Input(Aux).Quantization!.Scale : 0f,
        AuxRowSums = _auxRowSums,
        Recurrent = Int8(ctx.Input(Recurrent)), RecurrentScale = ctx.Input(Recurrent).Quantization!.Scale,
        RecurrentRowSums = _recurrentRowSums,
        Bias = ctx.Input(Bias).GetData<float>(),
    };

    /// <summary>Multiply-adds of one step of one batch row.</summary>
    public long StepWork => (long)Units * (InputSize + AuxInputSize + Units);

    /// <summary>Checks a hidden state: a variable float32 tensor of [batch, units].</summary>
    public void CheckHidden(OpContext ctx, int index, int batch, string cell)
    {
        var h = ctx.Input(index);
        ExpectVariable(ctx, h, $"{cell}hidden_state");
        OpHelpers.ExpectType(ctx, h, TensorType.Float32, $"{cell}hidden_state");
        ExpectShape(ctx, h, $"{cell}hidden_state", batch, Units);
    }
}
