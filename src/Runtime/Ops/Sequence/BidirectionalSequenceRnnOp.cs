using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Reference;
using ManagedLite.Schema;
using static ManagedLite.Ops.Recurrent.RecurrentOpHelpers;

namespace ManagedLite.Ops.Sequence;

/// <summary>
/// BIDIRECTIONAL_SEQUENCE_RNN: a forward and a backward basic RNN cell over one sequence. Inputs (12, as TFLite):
/// 0 input [batch, time, input] (time-major: [time, batch, input]); 1-4 forward input weights, recurrent weights,
/// bias and hidden state (variable); 5-8 the same for the backward cell; 9 optional auxiliary input; 10-11 optional
/// forward and backward auxiliary weights. With auxiliary weights both cells add W_aux * aux (stacking with cross
/// links); with an auxiliary input but no auxiliary weights the backward cell reads the auxiliary input instead of
/// the input. Outputs: forward [.., fw_units] and backward [.., bw_units], or one [.., fw_units + bw_units] with
/// merge_outputs. Float32 or hybrid (int8/uint8 weights).
/// </summary>
/// <remarks>
/// TFLite's kernel departs from these semantics in places that ManagedLite does not copy: its hybrid time-major loop
/// runs the whole sequence max_time times (carrying the hidden states over), its time-major and hybrid batch-major
/// loops step through the auxiliary input with the input's row size, and its batch-major loops feed the backward
/// cell the input even when the auxiliary input should replace it.
/// </remarks>
internal sealed class BidirectionalSequenceRnnOp : IOpKernel
{
    private const int InputIndex = 0, FwWeights = 1, FwRecurrent = 2, FwBias = 3, FwHidden = 4;
    private const int BwWeights = 5, BwRecurrent = 6, BwBias = 7, BwHidden = 8, AuxInput = 9, FwAuxWeights = 10, BwAuxWeights = 11;
    private readonly RnnWeights _fw = new(), _bw = new();
    private RnnParams _fp, _bp;
    private bool _asymmetric, _merge, _crossLinks, _backwardReadsAux;
    private int _scratch = -1;

    public void Prepare(OpContext ctx)
    {
        var o = ctx.GetOptions<BidirectionalSequenceRNNOptions>();
        if (ctx.InputCount != 12) throw ctx.Fail($"expected 12 inputs, got {ctx.InputCount}");
        _merge = o.MergeOutputs;
        int outputs = _merge ? 1 : 2;
        if (ctx.OutputCount != outputs) throw ctx.Fail($"expected {outputs} output(s) with merge_outputs={_merge}, got {ctx.OutputCount}");
        var input = ctx.Input(InputIndex);
        OpHelpers.ExpectRank(ctx, input, 3, "input");
        OpHelpers.ExpectType(ctx, input, TensorType.Float32, "input");
        int batch = o.TimeMajor ? input.Dim(1) : input.Dim(0);
        int maxTime = o.TimeMajor ? input.Dim(0) : input.Dim(1);
        int inputSize = input.Dim(2);

        var aux = ctx.OptionalInput(AuxInput);
        var fwAux = ctx.OptionalInput(FwAuxWeights);
        var bwAux = ctx.OptionalInput(BwAuxWeights);
        if ((fwAux is null) != (bwAux is null))
            throw ctx.Fail("forward and backward auxiliary weights (inputs 10 and 11) must be given together or both omitted");
        _crossLinks = fwAux is not null;
        if (_crossLinks && aux is null) throw ctx.Fail("auxiliary weights are given but the auxiliary input (input 9) is omitted");
        _backwardReadsAux = aux is not null && !_crossLinks;
        int auxSize = 0;
        if (aux is not null)
        {
            OpHelpers.ExpectRank(ctx, aux, 3, "aux_input");
            OpHelpers.ExpectType(ctx, aux, TensorType.Float32, "aux_input");
            if (aux.Dim(0) != input.Dim(0) || aux.Dim(1) != input.Dim(1))
                throw ctx.Fail($"aux_input {ModelText.Quote(aux.Name)} must match the input's first two dimensions [{input.Dim(0)},{input.Dim(1)}], got [{string.Join(",", aux.Shape.ToArray())}]");
            auxSize = aux.Dim(2);
            if (_backwardReadsAux && auxSize != inputSize)
                throw ctx.Fail($"aux_input {ModelText.Quote(aux.Name)} feeds the backward cell (no auxiliary weights), so it must have the input's size {inputSize}, got {auxSize}");
        }
        _asymmetric = o.AsymmetricQuantizeInputs;
        _fw.Prepare(ctx, FwWeights, _crossLinks ? FwAuxWeights : -1, FwRecurrent, FwBias, inputSize, auxSize, _asymmetric, "fw_");
        _bw.Prepare(ctx, BwWeights, _crossLinks ? BwAuxWeights : -1, BwRecurrent, BwBias, inputSize, auxSize, _asymmetric, "bw_");
        if (_fw.Hybrid != _bw.Hybrid) throw ctx.Fail("forward and backward weights must both be float32 or both be quantized (hybrid)");
        _fw.CheckHidden(ctx, FwHidden, batch, "fw_");
        _bw.CheckHidden(ctx, BwHidden, batch, "bw_");
        var act = ToKernel(o.FusedActivation);
        int stride = _merge ? _fw.Units + _bw.Units : 0;
        OpHelpers.ExpectType(ctx, ctx.Output(0), TensorType.Float32, "fw_output");
        ctx.ResizeOutput(0, [input.Dim(0), input.Dim(1), _merge ? stride : _fw.Units]);
        if (!_merge)
        {
            OpHelpers.ExpectType(ctx, ctx.Output(1), TensorType.Float32, "bw_output");
            ctx.ResizeOutput(1, [input.Dim(0), input.Dim(1), _bw.Units]);
        }
        int crossAux = _crossLinks ? auxSize : 0;
        _fp = new RnnParams(maxTime, batch, inputSize, _fw.Units, o.TimeMajor, act)
        {
            AuxInputSize = crossAux, OutputStride = _merge ? stride : _fw.Units,
        };
        _bp = new RnnParams(maxTime, batch, inputSize, _bw.Units, o.TimeMajor, act)
        {
            AuxInputSize = crossAux, OutputStride = _merge ? stride : _bw.Units, OutputOffset = _merge ? _fw.Units : 0, Forward = false,
        };
        _scratch = _fw.Hybrid
            ? RequestScratch<sbyte>(ctx, Math.Max(RnnCell.HybridScratchLength(inputSize, crossAux, _fw.Units),
                                                  RnnCell.HybridScratchLength(inputSize, crossAux, _bw.Units)))
            : -1;
    }

    public void Eval(OpContext ctx)
    {
        var input = ctx.Input(InputIndex).GetData<float>();
        ReadOnlySpan<float> aux = ctx.OptionalInput(AuxInput) is { } a ? a.GetData<float>() : default;
        var crossAux = _crossLinks ? aux : default;
        var bwInput = _backwardReadsAux ? aux : input;
        var fwOut = ctx.Output(0).GetWritableData<float>();
        var bwOut = _merge ? fwOut : ctx.Output(1).GetWritableData<float>();
        var fwHidden = ctx.Input(FwHidden).GetWritableData<float>();
        var bwHidden = ctx.Input(BwHidden).GetWritableData<float>();
        if (_fw.Hybrid)
        {
            var q = Scratch<sbyte>(ctx, _scratch);
            RnnSequence.Hybrid(_fp, _fw.HybridWeights(ctx), _asymmetric, input, crossAux, fwHidden, fwOut, q);
            RnnSequence.Hybrid(_bp, _bw.HybridWeights(ctx), _asymmetric, bwInput, crossAux, bwHidden, bwOut, q);
        }
        else
        {
            RnnSequence.Float(_fp, _fw.FloatWeights(ctx), input, crossAux, fwHidden, fwOut);
            RnnSequence.Float(_bp, _bw.FloatWeights(ctx), bwInput, crossAux, bwHidden, bwOut);
        }
    }

    /// <summary>Steps x batch rows x the elements of both cells' weight matrices.</summary>
    public static long EstimateWork(OpContext ctx) => RnnOp.RnnWork(ctx, 0, 1, 2, 5, 6, 10, 11);
}
