using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Recurrent;
using ManagedLite.Kernels.Reference;
using ManagedLite.Schema;
using static ManagedLite.Ops.Recurrent.RecurrentOpHelpers;

namespace ManagedLite.Ops.Recurrent;

/// <summary>
/// UNIDIRECTIONAL_SEQUENCE_LSTM (24 inputs as TFLite: 0 input; 1-4 input weights i,f,c,o; 5-8 recurrent
/// weights; 9-11 peephole; 12-15 gate biases; 16-17 projection weights/bias; 18 output state and 19 cell
/// state (variables); 20-23 layer norm coefficients). Paths: float, hybrid (int8 weights, float
/// activations) and integer 8x8_16 (int8 activations, int16 cell state).
/// </summary>
internal sealed class UnidirectionalSequenceLstmOp : IOpKernel
{
    private const int Input = 0;
    private const int InputToInput = 1, InputToForget = 2, InputToCell = 3, InputToOutput = 4;
    private const int RecurrentToInput = 5, RecurrentToForget = 6, RecurrentToCell = 7, RecurrentToOutput = 8;
    private const int CellToInput = 9, CellToForget = 10, CellToOutput = 11;
    private const int InputGateBias = 12, ForgetGateBias = 13, CellGateBias = 14, OutputGateBias = 15;
    private const int ProjectionWeights = 16, ProjectionBias = 17, OutputState = 18, CellState = 19;
    private const int InputLayerNorm = 20, ForgetLayerNorm = 21, CellLayerNorm = 22, OutputLayerNorm = 23;

    private enum Mode { Float, Hybrid, Integer }

    private Mode _mode;
    private LstmParams _p;
    private bool _asymmetric;
    private int _scratch = -1, _scratch2 = -1;
    // Hybrid: row sums per weight matrix (asymmetric only).
    private int[][] _rowSums = new int[13][];
    // Integer: effective biases [i, f, c, o] for input and recurrent, and projection; fixed-point parameters.
    private int[]?[] _inputBias = new int[]?[4];
    private int[]?[] _recurrentBias = new int[]?[4];
    private int[]? _projectionBias;
    private LstmIntegerParams? _q;

    /// <summary>Time steps x batches x the elements of the eight gate weight matrices (inputs 1 to 8).</summary>
    public static long EstimateWork(OpContext ctx)
    {
        var input = ctx.Input(0);
        long steps = input.Rank > 0 && input.Dim(input.Rank - 1) > 0 ? input.ElementCount / input.Dim(input.Rank - 1) : 0;
        long weights = 0;
        for (int i = 1; i <= 8; i++)
            if (ctx.OptionalInput(i) is { } w) weights = OpWork.Add(weights, w.ElementCount);
        return OpWork.Add(OpWork.Mul(steps, weights), OpWork.Linear(ctx));
    }

    public void Prepare(OpContext context)
    {
        var options = context.GetOptions<UnidirectionalSequenceLSTMOptions>();
        if (context.InputCount != 20 && context.InputCount != 24)
            throw context.Fail($"expected 20 or 24 inputs, got {context.InputCount}");
        if (context.OutputCount != 1) throw context.Fail($"expected 1 output, got {context.OutputCount}");
        var input = context.Input(Input);
        OpHelpers.ExpectRank(context, input, 3, "input");
        bool timeMajor = options.TimeMajor;
        int maxTime = timeMajor ? input.Dim(0) : input.Dim(1);
        int batch = timeMajor ? input.Dim(1) : input.Dim(0);
        int nInput = input.Dim(2);
        var inputToOutput = context.Input(InputToOutput);
        var recurrentToOutput = context.Input(RecurrentToOutput);
        OpHelpers.ExpectRank(context, inputToOutput, 2, "input_to_output_weights");
        OpHelpers.ExpectRank(context, recurrentToOutput, 2, "recurrent_to_output_weights");
        int nCell = inputToOutput.Dim(0);
        int nOutput = recurrentToOutput.Dim(1);
        if (inputToOutput.Dim(1) != nInput)
            throw context.Fail($"input_to_output_weights '{inputToOutput.Name}' must have {nInput} columns (input size), got {inputToOutput.Dim(1)}");

        bool cifg = context.OptionalInput(InputToInput) is null;
        bool peephole = context.OptionalInput(CellToOutput) is not null;
        bool layerNorm = context.OptionalInput(ForgetLayerNorm) is not null;
        bool projection = context.OptionalInput(ProjectionWeights) is not null;
        if (!projection && nOutput != nCell)
            throw context.Fail($"without projection the output size ({nOutput}) must equal the cell count ({nCell})");

        CheckShape(context, InputToInput, "input_to_input_weights", !cifg, nCell, nInput);
        CheckShape(context, InputToForget, "input_to_forget_weights", true, nCell, nInput);
        CheckShape(context, InputToCell, "input_to_cell_weights", true, nCell, nInput);
        CheckShape(context, RecurrentToInput, "recurrent_to_input_weights", !cifg, nCell, nOutput);
        CheckShape(context, RecurrentToForget, "recurrent_to_forget_weights", true, nCell, nOutput);
        CheckShape(context, RecurrentToCell, "recurrent_to_cell_weights", true, nCell, nOutput);
        CheckShape(context, RecurrentToOutput, "recurrent_to_output_weights", true, nCell, nOutput);
        CheckShape(context, CellToInput, "cell_to_input_weights", peephole && !cifg, nCell);
        CheckShape(context, CellToForget, "cell_to_forget_weights", peephole, nCell);
        CheckShape(context, CellToOutput, "cell_to_output_weights", peephole, nCell);
        CheckShape(context, InputGateBias, "input_gate_bias", !cifg, nCell);
        CheckShape(context, ForgetGateBias, "forget_gate_bias", true, nCell);
        CheckShape(context, CellGateBias, "cell_gate_bias", true, nCell);
        CheckShape(context, OutputGateBias, "output_gate_bias", true, nCell);
        CheckShape(context, ProjectionWeights, "projection_weights", projection, nOutput, nCell);
        if (context.OptionalInput(ProjectionBias) is not null) CheckShape(context, ProjectionBias, "projection_bias", true, nOutput);
        if (context.InputCount == 24)
        {
            CheckShape(context, InputLayerNorm, "input_layer_norm_coefficients", layerNorm && !cifg, nCell);
            CheckShape(context, ForgetLayerNorm, "forget_layer_norm_coefficients", layerNorm, nCell);
            CheckShape(context, CellLayerNorm, "cell_layer_norm_coefficients", layerNorm, nCell);
            CheckShape(context, OutputLayerNorm, "output_layer_norm_coefficients", layerNorm, nCell);
        }

        var outputState = context.Input(OutputState);
        var cellState = context.Input(CellState);
        ExpectVariable(context, outputState, "output_state");
        ExpectVariable(context, cellState, "cell_state");
        if (outputState.ElementCount != (long)batch * nOutput)
            throw context.Fail($"output_state '{outputState.Name}' must hold {batch}x{nOutput} elements, got shape [{string.Join(",", outputState.Shape.ToArray())}]");
        if (cellState.ElementCount != (long)batch * nCell)
            throw context.Fail($"cell_state '{cellState.Name}' must hold {batch}x{nCell} elements, got shape [{string.Join(",", cellState.Shape.ToArray())}]");
        if (options.CellClip < 0 || options.ProjClip < 0)
            throw context.Fail($"cell_clip ({options.CellClip}) and proj_clip ({options.ProjClip}) must not be negative");

        context.ResizeOutput(0, [input.Dim(0), input.Dim(1), nOutput]);
        var output = context.Output(0);
        _p = new LstmParams(maxTime, batch, nInput, nCell, nOutput, timeMajor, ToKernel(options.FusedActivation),
                            options.CellClip, options.ProjClip);
        _asymmetric = options.AsymmetricQuantizeInputs;

        var weightType = context.Input(InputToForget).DataType;
        if (input.DataType == TensorType.Float32 && weightType == TensorType.Float32)
        {
            _mode = Mode.Float;
            ExpectAll(context, TensorType.Float32, InputToInput, InputToForget, InputToCell, InputToOutput,
                      RecurrentToInput, RecurrentToForget, RecurrentToCell, RecurrentToOutput, CellToInput,
                      CellToForget, CellToOutput, InputGateBias, ForgetGateBias, CellGateBias, OutputGateBias,
                      ProjectionWeights, ProjectionBias, OutputState, CellState, InputLayerNorm, ForgetLayerNorm,
                      CellLayerNorm, OutputLayerNorm);
            OpHelpers.ExpectType(context, output, TensorType.Float32, "output");
            _scratch = RequestScratch<float>(context, UnidirectionalSequenceLstm.FloatScratchLength(_p));
        }
        else if (input.DataType == TensorType.Float32 && weightType == TensorType.Int8)
        {
            _mode = Mode.Hybrid;
            ExpectAll(context, TensorType.Int8, InputToInput, InputToForget, InputToCell, InputToOutput,
                      RecurrentToInput, RecurrentToForget, RecurrentToCell, RecurrentToOutput, CellToInput,
                      CellToForget, CellToOutput, ProjectionWeights);
            ExpectAll(context, TensorType.Float32, InputGateBias, ForgetGateBias, CellGateBias, OutputGateBias,
                      ProjectionBias, OutputState, CellState, InputLayerNorm, ForgetLayerNorm, CellLayerNorm,
                      OutputLayerNorm);
            OpHelpers.ExpectType(context, output, TensorType.Float32, "output");
            for (int i = InputToInput; i <= CellToOutput; i++)
                if (context.OptionalInput(i) is { } w) Scale(context, w, $"weights (input {i})");
            if (projection) Scale(context, context.Input(ProjectionWeights), "projection_weights");
            if (_asymmetric)
            {
                for (int i = InputToInput; i <= RecurrentToOutput; i++)
                    if (context.OptionalInput(i) is { } w)
                    {
                        OpHelpers.ExpectConstant(context, w, $"weights (input {i})");
                        _rowSums[i] = RowSums(w.GetData<sbyte>(), w.Dim(0), w.Dim(1));
                    }
                if (projection)
                {
                    var pw = context.Input(ProjectionWeights);
                    OpHelpers.ExpectConstant(context, pw, "projection_weights");
                    _rowSums[0] = RowSums(pw.GetData<sbyte>(), nOutput, nCell);
                }
            }
            _scratch = RequestScratch<float>(context, UnidirectionalSequenceLstm.FloatScratchLength(_p));
            _scratch2 = RequestScratch<sbyte>(context, UnidirectionalSequenceLstm.HybridQuantizedScratchLength(_p));
        }
        else if (input.DataType == TensorType.Int8)
        {
            _mode = Mode.Integer;
            PrepareInteger(context, cifg, peephole, layerNorm, projection, options);
            _scratch = RequestScratch<short>(context, UnidirectionalSequenceLstm.IntegerScratchLength(_p));
            _scratch2 = RequestScratch<sbyte>(context, UnidirectionalSequenceLstm.IntegerHiddenScratchLength(_p));
        }
        else
        {
            throw context.Fail($"input '{input.Name}' of {TensorTypes.Name(input.DataType)} with {TensorTypes.Name(weightType)} weights is not supported; expected float32 (float or hybrid with int8 weights) or int8");
        }
    }

    private void PrepareInteger(OpContext context, bool cifg, bool peephole, bool layerNorm, bool projection,
                                UnidirectionalSequenceLSTMOptions options)
    {
        if (layerNorm)
            throw context.Fail("integer LSTM with layer normalization is not supported yet (it needs the intermediate tensors' scales)");
        ExpectAll(context, TensorType.Int8, InputToInput, InputToForget, InputToCell, InputToOutput, RecurrentToInput,
                  RecurrentToForget, RecurrentToCell, RecurrentToOutput, ProjectionWeights, OutputState);
        ExpectAll(context, TensorType.Int16, CellToInput, CellToForget, CellToOutput, CellState);
        ExpectAll(context, TensorType.Int32, InputGateBias, ForgetGateBias, CellGateBias, OutputGateBias, ProjectionBias);
        OpHelpers.ExpectType(context, context.Output(0), TensorType.Int8, "output");
        if (_p.Activation != RecurrentActivation.Tanh)
            throw context.Fail($"integer LSTM supports only a TANH cell activation, got {_p.Activation}");

        var input = context.Input(Input);
        var outputState = context.Input(OutputState);
        var cellState = context.Input(CellState);
        var (hiddenScale, hiddenZeroPoint) = LstmIntermediates.Hidden(context, outputState);
        float W(int i) => context.OptionalInput(i) is { } t ? Scale(context, t, $"weights (input {i})") : 1f;
        var scales = new LstmIntegerScales
        {
            Input = Scale(context, input, "input"),
            OutputState = Scale(context, outputState, "output_state"),
            OutputStateZeroPoint = ZeroPoint(outputState),
            CellState = Scale(context, cellState, "cell_state"),
            InputToInput = W(InputToInput), InputToForget = W(InputToForget),
            InputToCell = W(InputToCell), InputToOutput = W(InputToOutput),
            RecurrentToInput = W(RecurrentToInput), RecurrentToForget = W(RecurrentToForget),
            RecurrentToCell = W(RecurrentToCell), RecurrentToOutput = W(RecurrentToOutput),
            CellToInput = W(CellToInput), CellToForget = W(CellToForget), CellToOutput = W(CellToOutput),
            Projection = W(ProjectionWeights),
            HiddenScale = hiddenScale, HiddenZeroPoint = hiddenZeroPoint,
            CellClip = options.CellClip, ProjClip = options.ProjClip,
            UseCifg = cifg, UsePeephole = peephole, UseLayerNorm = false, UseProjection = projection,
        };
        _q = LstmIntegerParams.Create(scales, out string? error) ?? throw context.Fail(error ?? "invalid quantization");

        int inputZp = ZeroPoint(input), outputStateZp = ZeroPoint(outputState);
        for (int g = 0; g < 4; g++)
        {
            var wIn = context.OptionalInput(InputToInput + g);
            var wRec = context.OptionalInput(RecurrentToInput + g);
            if (wIn is null || wRec is null) continue;
            OpHelpers.ExpectConstant(context, wIn, "input weights");
            OpHelpers.ExpectConstant(context, wRec, "recurrent weights");
            var bias = context.OptionalInput(InputGateBias + g);
            if (bias is not null) OpHelpers.ExpectConstant(context, bias, "gate bias");
            _inputBias[g] = EffectiveBias(wIn.GetData<sbyte>(), _p.CellSize, _p.InputSize, -inputZp,
                                          bias is null ? default : bias.GetData<int>());
            _recurrentBias[g] = EffectiveBias(wRec.GetData<sbyte>(), _p.CellSize, _p.OutputSize, -outputStateZp, default);
        }
        if (projection)
        {
            var pw = context.Input(ProjectionWeights);
            var pb = context.OptionalInput(ProjectionBias);
            OpHelpers.ExpectConstant(context, pw, "projection_weights");
            if (pb is not null) OpHelpers.ExpectConstant(context, pb, "projection_bias");
            _projectionBias = EffectiveBias(pw.GetData<sbyte>(), _p.OutputSize, _p.CellSize, -hiddenZeroPoint,
                                            pb is null ? default : pb.GetData<int>());
        }
    }

    /// <summary>TFLite's PrecomputeZeroPointTimesWeightWithBias: bias + zeroPoint * row sum.</summary>
    private static int[] EffectiveBias(ReadOnlySpan<sbyte> weights, int rows, int cols, int zeroPoint, ReadOnlySpan<int> bias)
    {
        var result = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            int sum = 0;
            for (int c = 0; c < cols; c++) sum += weights[r * cols + c];
            result[r] = (bias.IsEmpty ? 0 : bias[r]) + zeroPoint * sum;
        }
        return result;
    }

    private static void CheckShape(OpContext context, int index, string role, bool required, params int[] dims)
    {
        var t = context.OptionalInput(index);
        if (t is null)
        {
            if (required) throw context.Fail($"{role} (input {index}) is required for this LSTM variant but omitted");
            return;
        }
        ExpectShape(context, t, role, dims);
    }

    private static void ExpectAll(OpContext context, TensorType type, params int[] indices)
    {
        foreach (int i in indices)
            if (context.OptionalInput(i) is { } t && t.DataType != type)
                throw context.Fail($"input {i} '{t.Name}' must be {TensorTypes.Name(type)}, got {TensorTypes.Name(t.DataType)}");
    }

    private static ReadOnlySpan<T> Opt<T>(OpContext context, int index) where T : unmanaged =>
        context.OptionalInput(index) is { } t ? t.GetData<T>() : default;

    public void Eval(OpContext context)
    {
        var input = context.Input(Input);
        var outputState = context.Input(OutputState);
        var cellState = context.Input(CellState);
        var output = context.Output(0);
        switch (_mode)
        {
            case Mode.Float:
            {
                var w = new LstmFloatWeights
                {
                    InputToInput = Opt<float>(context, InputToInput), InputToForget = Opt<float>(context, InputToForget),
                    InputToCell = Opt<float>(context, InputToCell), InputToOutput = Opt<float>(context, InputToOutput),
                    RecurrentToInput = Opt<float>(context, RecurrentToInput), RecurrentToForget = Opt<float>(context, RecurrentToForget),
                    RecurrentToCell = Opt<float>(context, RecurrentToCell), RecurrentToOutput = Opt<float>(context, RecurrentToOutput),
                    CellToInput = Opt<float>(context, CellToInput), CellToForget = Opt<float>(context, CellToForget),
                    CellToOutput = Opt<float>(context, CellToOutput),
                    InputGateBias = Opt<float>(context, InputGateBias), ForgetGateBias = Opt<float>(context, ForgetGateBias),
                    CellGateBias = Opt<float>(context, CellGateBias), OutputGateBias = Opt<float>(context, OutputGateBias),
                    ProjectionWeights = Opt<float>(context, ProjectionWeights), ProjectionBias = Opt<float>(context, ProjectionBias),
                    InputLayerNorm = Opt<float>(context, InputLayerNorm), ForgetLayerNorm = Opt<float>(context, ForgetLayerNorm),
                    CellLayerNorm = Opt<float>(context, CellLayerNorm), OutputLayerNorm = Opt<float>(context, OutputLayerNorm),
                };
                UnidirectionalSequenceLstm.EvalFloat(_p, w, input.GetData<float>(), outputState.GetWritableData<float>(),
                                                     cellState.GetWritableData<float>(), output.GetWritableData<float>(),
                                                     Scratch<float>(context, _scratch));
                break;
            }
            case Mode.Hybrid:
            {
                var w = new LstmHybridWeights
                {
                    InputToInput = Opt<sbyte>(context, InputToInput), InputToInputScale = ScaleOf(context, InputToInput),
                    InputToForget = Opt<sbyte>(context, InputToForget), InputToForgetScale = ScaleOf(context, InputToForget),
                    InputToCell = Opt<sbyte>(context, InputToCell), InputToCellScale = ScaleOf(context, InputToCell),
                    InputToOutput = Opt<sbyte>(context, InputToOutput), InputToOutputScale = ScaleOf(context, InputToOutput),
                    RecurrentToInput = Opt<sbyte>(context, RecurrentToInput), RecurrentToInputScale = ScaleOf(context, RecurrentToInput),
                    RecurrentToForget = Opt<sbyte>(context, RecurrentToForget), RecurrentToForgetScale = ScaleOf(context, RecurrentToForget),
                    RecurrentToCell = Opt<sbyte>(context, RecurrentToCell), RecurrentToCellScale = ScaleOf(context, RecurrentToCell),
                    RecurrentToOutput = Opt<sbyte>(context, RecurrentToOutput), RecurrentToOutputScale = ScaleOf(context, RecurrentToOutput),
                    CellToInput = Opt<sbyte>(context, CellToInput), CellToInputScale = ScaleOf(context, CellToInput),
                    CellToForget = Opt<sbyte>(context, CellToForget), CellToForgetScale = ScaleOf(context, CellToForget),
                    CellToOutput = Opt<sbyte>(context, CellToOutput), CellToOutputScale = ScaleOf(context, CellToOutput),
                    InputGateBias = Opt<float>(context, InputGateBias), ForgetGateBias = Opt<float>(context, ForgetGateBias),
                    CellGateBias = Opt<float>(context, CellGateBias), OutputGateBias = Opt<float>(context, OutputGateBias),
                    ProjectionWeights = Opt<sbyte>(context, ProjectionWeights), ProjectionScale = ScaleOf(context, ProjectionWeights),
                    ProjectionBias = Opt<float>(context, ProjectionBias),
                    InputLayerNorm = Opt<float>(context, InputLayerNorm), ForgetLayerNorm = Opt<float>(context, ForgetLayerNorm),
                    CellLayerNorm = Opt<float>(context, CellLayerNorm), OutputLayerNorm = Opt<float>(context, OutputLayerNorm),
                    InputToInputRowSums = _rowSums[InputToInput], InputToForgetRowSums = _rowSums[InputToForget],
                    InputToCellRowSums = _rowSums[InputToCell], InputToOutputRowSums = _rowSums[InputToOutput],
                    RecurrentToInputRowSums = _rowSums[RecurrentToInput], RecurrentToForgetRowSums = _rowSums[RecurrentToForget],
                    RecurrentToCellRowSums = _rowSums[RecurrentToCell], RecurrentToOutputRowSums = _rowSums[RecurrentToOutput],
                    ProjectionRowSums = _rowSums[0],
                };
                UnidirectionalSequenceLstm.EvalHybrid(_p, w, _asymmetric, input.GetData<float>(),
                                                      outputState.GetWritableData<float>(), cellState.GetWritableData<float>(),
                                                      output.GetWritableData<float>(), Scratch<float>(context, _scratch),
                                                      Scratch<sbyte>(context, _scratch2));
                break;
            }
            case Mode.Integer:
            {
                var w = new LstmIntegerWeights
                {
                    InputToInput = Opt<sbyte>(context, InputToInput), InputToForget = Opt<sbyte>(context, InputToForget),
                    InputToCell = Opt<sbyte>(context, InputToCell), InputToOutput = Opt<sbyte>(context, InputToOutput),
                    RecurrentToInput = Opt<sbyte>(context, RecurrentToInput), RecurrentToForget = Opt<sbyte>(context, RecurrentToForget),
                    RecurrentToCell = Opt<sbyte>(context, RecurrentToCell), RecurrentToOutput = Opt<sbyte>(context, RecurrentToOutput),
                    CellToInput = Opt<short>(context, CellToInput), CellToForget = Opt<short>(context, CellToForget),
                    CellToOutput = Opt<short>(context, CellToOutput),
                    InputToInputBias = _inputBias[0], InputToForgetBias = _inputBias[1],
                    InputToCellBias = _inputBias[2], InputToOutputBias = _inputBias[3],
                    RecurrentToInputBias = _recurrentBias[0], RecurrentToForgetBias = _recurrentBias[1],
                    RecurrentToCellBias = _recurrentBias[2], RecurrentToOutputBias = _recurrentBias[3],
                    ProjectionWeights = Opt<sbyte>(context, ProjectionWeights), ProjectionBias = _projectionBias,
                };
                UnidirectionalSequenceLstm.EvalInteger(_p, w, _q!, input.GetData<sbyte>(), outputState.GetWritableData<sbyte>(),
                                                       cellState.GetWritableData<short>(), output.GetWritableData<sbyte>(),
                                                       Scratch<short>(context, _scratch), Scratch<sbyte>(context, _scratch2));
                break;
            }
        }
    }

    private static float ScaleOf(OpContext context, int index) =>
        context.OptionalInput(index)?.Quantization?.Scale ?? 1f;
}
