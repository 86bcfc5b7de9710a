using ManagedLite.Kernels.Params;
using ManagedLite.Schema;
using static ManagedLite.Ops.Recurrent.RecurrentOpHelpers;

namespace ManagedLite.Ops.Recurrent;

/// <summary>
/// UNIDIRECTIONAL_SEQUENCE_LSTM (24 inputs as TFLite: 0 input; 1-4 input weights i,f,c,o; 5-8 recurrent
/// weights; 9-11 peephole; 12-15 gate biases; 16-17 projection weights/bias; 18 output state and 19 cell
/// state (variables); 20-23 layer norm coefficients). Paths: float, hybrid (int8 weights, float
/// activations) and integer 8x8_16 (int8 activations, int16 cell state), all on the shared LSTM cell.
/// </summary>
internal sealed class UnidirectionalSequenceLstmOp : IOpKernel
{
    private readonly LstmCellTensors _cell = new(LstmCellLayout.Standard);

    /// <summary>Time steps x batches x the elements of the gate and projection weight matrices.</summary>
    public static long EstimateWork(OpContext ctx)
    {
        var input = ctx.Input(0);
        long steps = input.Rank > 0 && input.Dim(input.Rank - 1) > 0 ? input.ElementCount / input.Dim(input.Rank - 1) : 0;
        return OpWork.Add(OpWork.Mul(steps, LstmCellTensors.StepWork(ctx, LstmCellLayout.Standard)), OpWork.Linear(ctx));
    }

    public void Prepare(OpContext context)
    {
        var options = context.GetOptions<UnidirectionalSequenceLSTMOptions>();
        if (context.InputCount != 20 && context.InputCount != 24)
            throw context.Fail($"expected 20 or 24 inputs, got {context.InputCount}");
        if (context.OutputCount != 1) throw context.Fail($"expected 1 output, got {context.OutputCount}");
        var input = context.Input(0);
        OpHelpers.ExpectRank(context, input, 3, "input");
        bool timeMajor = options.TimeMajor;
        int maxTime = timeMajor ? input.Dim(0) : input.Dim(1);
        int batch = timeMajor ? input.Dim(1) : input.Dim(0);
        var (_, nOutput) = _cell.Sizes(context, input.Dim(2));
        context.ResizeOutput(0, [input.Dim(0), input.Dim(1), nOutput]);
        var output = context.Output(0);
        var p = new LstmParams(maxTime, batch, input.Dim(2), 0, 0, timeMajor, ToKernel(options.FusedActivation),
                               options.CellClip, options.ProjClip);
        _cell.Prepare(context, input, p, options.AsymmetricQuantizeInputs, output, integerAllowed: true);
        var expected = _cell.Mode == LstmCellTensors.Kind.Integer ? TensorType.Int8 : TensorType.Float32;
        OpHelpers.ExpectType(context, output, expected, "output");
    }

    public void Eval(OpContext context)
    {
        var input = context.Input(0);
        var output = context.Output(0);
        if (_cell.Mode == LstmCellTensors.Kind.Integer)
            _cell.RunInteger(context, input.GetData<sbyte>(), output.GetWritableData<sbyte>());
        else
            _cell.RunFloatOrHybrid(context, input.GetData<float>(), default, output.GetWritableData<float>());
    }
}
