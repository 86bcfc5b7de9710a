using ManagedLite.Kernels.Params;
using ManagedLite.Ops.Recurrent;
using ManagedLite.Schema;
using static ManagedLite.Ops.Recurrent.RecurrentOpHelpers;

namespace ManagedLite.Ops.Sequence;

/// <summary>
/// BIDIRECTIONAL_SEQUENCE_LSTM (48 inputs as TFLite): 0 input [time, batch, input] (time_major, the default) or
/// [batch, time, input]; 1-17 the forward cell (weights, peepholes, biases, projection, laid out as LSTM's 1-17);
/// 18-34 the backward cell; 35-36 forward and 37-38 backward output and cell states (variables); 39 optional
/// auxiliary input; 40-43 and 44-47 optional forward and backward auxiliary weights. Both cells run the shared LSTM
/// cell, the backward one from the last step to the first. With auxiliary weights both cells add W_aux * aux (stacking
/// with cross links); with an auxiliary input but no auxiliary weights the backward cell reads it instead of the
/// input. Outputs: forward and backward, or one with both concatenated (merge_outputs). Float32 or hybrid.
/// </summary>
/// <remarks>
/// TFLite's batch-major loops read the output state with the merged output's row size, which corrupts the states of
/// batch rows after the first when merge_outputs is set; ManagedLite keeps each state row at its own size.
/// </remarks>
internal sealed class BidirectionalSequenceLstmOp : IOpKernel
{
    private const int AuxInput = 39;
    private static readonly LstmCellLayout Fw = new(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 35, 36,
                                                    AuxToInput: 40, AuxToForget: 41, AuxToCell: 42, AuxToOutput: 43);
    private static readonly LstmCellLayout Bw = new(18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 37, 38,
                                                    AuxToInput: 44, AuxToForget: 45, AuxToCell: 46, AuxToOutput: 47);
    private readonly LstmCellTensors _fw = new(Fw, "fw_"), _bw = new(Bw, "bw_");
    private bool _merge, _crossLinks, _backwardReadsAux;

    public void Prepare(OpContext ctx)
    {
        var o = ctx.GetOptions<BidirectionalSequenceLSTMOptions>();
        if (ctx.InputCount != 48) throw ctx.Fail($"expected 48 inputs, got {ctx.InputCount}");
        _merge = o.MergeOutputs;
        int outputs = _merge ? 1 : 2;
        if (ctx.OutputCount != outputs) throw ctx.Fail($"expected {outputs} output(s) with merge_outputs={_merge}, got {ctx.OutputCount}");
        var input = ctx.Input(0);
        OpHelpers.ExpectRank(ctx, input, 3, "input");
        OpHelpers.ExpectType(ctx, input, TensorType.Float32, "input");
        bool timeMajor = o.TimeMajor;
        int maxTime = timeMajor ? input.Dim(0) : input.Dim(1);
        int batch = timeMajor ? input.Dim(1) : input.Dim(0);
        int nInput = input.Dim(2);

        int auxWeights = 0;
        foreach (int i in new[] { 41, 42, 43, 45, 46, 47 })
            if (ctx.OptionalInput(i) is not null) auxWeights++;
        if (auxWeights is not (0 or 6))
            throw ctx.Fail("the auxiliary forget, cell and output weights of both cells (inputs 41-43 and 45-47) must all be given or all be omitted");
        if ((ctx.OptionalInput(40) is null) != (ctx.OptionalInput(44) is null))
            throw ctx.Fail("the auxiliary input-gate weights (inputs 40 and 44) must be given for both cells or for neither");
        _crossLinks = auxWeights == 6;
        var aux = ctx.OptionalInput(AuxInput);
        if (_crossLinks && aux is null) throw ctx.Fail("auxiliary weights are given but the auxiliary input (input 39) is omitted");
        _backwardReadsAux = aux is not null && !_crossLinks;
        int nAux = 0;
        if (aux is not null)
        {
            OpHelpers.ExpectRank(ctx, aux, 3, "aux_input");
            OpHelpers.ExpectType(ctx, aux, TensorType.Float32, "aux_input");
            if (aux.Dim(0) != input.Dim(0) || aux.Dim(1) != input.Dim(1))
                throw ctx.Fail($"aux_input {ModelText.Quote(aux.Name)} must match the input's first two dimensions [{input.Dim(0)},{input.Dim(1)}], got [{string.Join(",", aux.Shape.ToArray())}]");
            if (_backwardReadsAux && aux.Dim(2) != nInput)
                throw ctx.Fail($"aux_input {ModelText.Quote(aux.Name)} feeds the backward cell (no auxiliary weights), so it must have the input's size {nInput}, got {aux.Dim(2)}");
            if (_crossLinks) nAux = aux.Dim(2);
        }

        var (_, fwOut) = _fw.Sizes(ctx, nInput);
        var (_, bwOut) = _bw.Sizes(ctx, nInput);
        int stride = _merge ? fwOut + bwOut : 0;
        ctx.ResizeOutput(0, [input.Dim(0), input.Dim(1), _merge ? stride : fwOut]);
        if (!_merge) ctx.ResizeOutput(1, [input.Dim(0), input.Dim(1), bwOut]);
        var act = ToKernel(o.FusedActivation);
        var p = new LstmParams(maxTime, batch, nInput, 0, 0, timeMajor, act, o.CellClip, o.ProjClip) { AuxInputSize = nAux };
        _fw.Prepare(ctx, input, p with { OutputStride = _merge ? stride : 0 }, o.AsymmetricQuantizeInputs, ctx.Output(0), integerAllowed: false);
        _bw.Prepare(ctx, input, p with { OutputStride = _merge ? stride : 0, OutputOffset = _merge ? fwOut : 0, Forward = false },
                    o.AsymmetricQuantizeInputs, ctx.Output(_merge ? 0 : 1), integerAllowed: false);
        if (_fw.Mode != _bw.Mode) throw ctx.Fail("forward and backward weights must both be float32 or both be quantized (hybrid)");
        OpHelpers.ExpectType(ctx, ctx.Output(0), TensorType.Float32, "fw_output");
        if (!_merge) OpHelpers.ExpectType(ctx, ctx.Output(1), TensorType.Float32, "bw_output");
    }

    public void Eval(OpContext ctx)
    {
        var input = ctx.Input(0).GetData<float>();
        ReadOnlySpan<float> aux = ctx.OptionalInput(AuxInput) is { } a ? a.GetData<float>() : default;
        var crossAux = _crossLinks ? aux : default;
        var fwOut = ctx.Output(0).GetWritableData<float>();
        var bwOut = _merge ? fwOut : ctx.Output(1).GetWritableData<float>();
        _fw.RunFloatOrHybrid(ctx, input, crossAux, fwOut);
        _bw.RunFloatOrHybrid(ctx, _backwardReadsAux ? aux : input, crossAux, bwOut);
    }

    /// <summary>Steps x batch rows x the elements of both cells' weight matrices.</summary>
    public static long EstimateWork(OpContext ctx)
    {
        var input = ctx.Input(0);
        long rows = input.Rank > 0 && input.Dim(input.Rank - 1) > 0 ? input.ElementCount / input.Dim(input.Rank - 1) : 0;
        long weights = OpWork.Add(LstmCellTensors.StepWork(ctx, Fw), LstmCellTensors.StepWork(ctx, Bw));
        return OpWork.Add(OpWork.Mul(rows, weights), OpWork.Linear(ctx));
    }
}
