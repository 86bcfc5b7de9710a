using System.Runtime.InteropServices;
using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Recurrent;
using ManagedLite.Kernels.Reference;
using ManagedLite.Schema;
using static ManagedLite.Ops.Recurrent.RecurrentOpHelpers;

namespace ManagedLite.Ops.Recurrent;

/// <summary>Where one LSTM cell's tensors sit among a node's inputs (-1: the operator has no such input).</summary>
internal sealed record LstmCellLayout(
    int InputToInput, int InputToForget, int InputToCell, int InputToOutput,
    int RecurrentToInput, int RecurrentToForget, int RecurrentToCell, int RecurrentToOutput,
    int CellToInput, int CellToForget, int CellToOutput,
    int InputGateBias, int ForgetGateBias, int CellGateBias, int OutputGateBias,
    int ProjectionWeights, int ProjectionBias, int OutputState, int CellState,
    int InputLayerNorm = -1, int ForgetLayerNorm = -1, int CellLayerNorm = -1, int OutputLayerNorm = -1,
    int AuxToInput = -1, int AuxToForget = -1, int AuxToCell = -1, int AuxToOutput = -1)
{
    /// <summary>TFLite's 24-input LSTM layout (LSTM and UNIDIRECTIONAL_SEQUENCE_LSTM): 0 is the input.</summary>
    public static LstmCellLayout Standard { get; } = new(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23);
}

/// <summary>
/// The tensors of one LSTM cell, validated at Prepare and read at Eval: shapes, the float / hybrid / integer mode,
/// states (variable tensors), the precomputed row sums (hybrid, asymmetric) and effective biases and fixed-point
/// parameters (integer), and the scratch the shared <see cref="LstmCell"/> needs. Shared by UNIDIRECTIONAL_SEQUENCE_LSTM,
/// LSTM and both directions of BIDIRECTIONAL_SEQUENCE_LSTM.
/// </summary>
/// <remarks>
/// TFLite's integer kernel applies the peephole weights to the first output-size cells only (and, with several
/// batch rows, across row boundaries) when a projection makes the output size differ from the cell count; ManagedLite
/// applies them to every cell of each row. Every other integer path is bit-exact with TFLite's.
/// </remarks>
internal sealed class LstmCellTensors(LstmCellLayout layout, string role = "")
{
    public enum Kind { Float, Hybrid, Integer }

    private readonly LstmCellLayout _l = layout;
    private readonly string _role = role;
    public Kind Mode { get; private set; }
    public LstmParams Params { get; private set; }
    public bool Asymmetric { get; private set; }
    public int CellSize { get; private set; }
    public int OutputSize { get; private set; }
    private int _scratch = -1, _scratch2 = -1;
    private readonly Dictionary<int, int[]> _rowSums = new();
    private readonly int[]?[] _inputBias = new int[]?[4];
    private readonly int[]?[] _recurrentBias = new int[]?[4];
    private int[]? _projectionBias;
    private LstmIntegerParams? _q;

    /// <summary>Reads the cell sizes (cells, outputs) from the output-gate weights, for callers that size outputs first.</summary>
    public (int Cells, int Outputs) Sizes(OpContext ctx, int inputSize)
    {
        var inputToOutput = ctx.Input(_l.InputToOutput);
        var recurrentToOutput = ctx.Input(_l.RecurrentToOutput);
        OpHelpers.ExpectRank(ctx, inputToOutput, 2, $"{_role}input_to_output_weights");
        OpHelpers.ExpectRank(ctx, recurrentToOutput, 2, $"{_role}recurrent_to_output_weights");
        if (inputToOutput.Dim(1) != inputSize)
            throw ctx.Fail($"{_role}input_to_output_weights {ModelText.Quote(inputToOutput.Name)} must have {inputSize} columns (input size), got {inputToOutput.Dim(1)}");
        return (inputToOutput.Dim(0), recurrentToOutput.Dim(1));
    }

    /// <summary>
    /// Validates the cell for an input of <paramref name="input"/>'s type and the given sizes, and requests scratch.
    /// <paramref name="p"/> carries the sequence sizes (its cell and output sizes are filled in here).
    /// <paramref name="output"/> is the tensor whose scale quantizes proj_clip for the integer LSTM.
    /// </summary>
    public void Prepare(OpContext ctx, LiteTensor input, LstmParams p, bool asymmetric, LiteTensor output, bool integerAllowed)
    {
        var (nCell, nOutput) = Sizes(ctx, p.InputSize);
        CellSize = nCell;
        OutputSize = nOutput;
        int nInput = p.InputSize, nAux = p.AuxInputSize;
        bool cifg = Opt(ctx, _l.InputToInput) is null;
        bool peephole = Opt(ctx, _l.CellToOutput) is not null;
        bool layerNorm = Opt(ctx, _l.ForgetLayerNorm) is not null;
        bool projection = Opt(ctx, _l.ProjectionWeights) is not null;
        if (!projection && nOutput != nCell)
            throw ctx.Fail($"{_role}without projection the output size ({nOutput}) must equal the cell count ({nCell})");
        CheckShape(ctx, _l.InputToInput, "input_to_input_weights", !cifg, nCell, nInput);
        CheckShape(ctx, _l.InputToForget, "input_to_forget_weights", true, nCell, nInput);
        CheckShape(ctx, _l.InputToCell, "input_to_cell_weights", true, nCell, nInput);
        CheckShape(ctx, _l.RecurrentToInput, "recurrent_to_input_weights", !cifg, nCell, nOutput);
        CheckShape(ctx, _l.RecurrentToForget, "recurrent_to_forget_weights", true, nCell, nOutput);
        CheckShape(ctx, _l.RecurrentToCell, "recurrent_to_cell_weights", true, nCell, nOutput);
        CheckShape(ctx, _l.RecurrentToOutput, "recurrent_to_output_weights", true, nCell, nOutput);
        CheckShape(ctx, _l.CellToInput, "cell_to_input_weights", peephole && !cifg, nCell);
        CheckShape(ctx, _l.CellToForget, "cell_to_forget_weights", peephole, nCell);
        CheckShape(ctx, _l.CellToOutput, "cell_to_output_weights", peephole, nCell);
        CheckShape(ctx, _l.InputGateBias, "input_gate_bias", !cifg, nCell);
        CheckShape(ctx, _l.ForgetGateBias, "forget_gate_bias", true, nCell);
        CheckShape(ctx, _l.CellGateBias, "cell_gate_bias", true, nCell);
        CheckShape(ctx, _l.OutputGateBias, "output_gate_bias", true, nCell);
        CheckShape(ctx, _l.ProjectionWeights, "projection_weights", projection, nOutput, nCell);
        if (Opt(ctx, _l.ProjectionBias) is not null) CheckShape(ctx, _l.ProjectionBias, "projection_bias", true, nOutput);
        if (_l.ForgetLayerNorm >= 0)
        {
            CheckShape(ctx, _l.InputLayerNorm, "input_layer_norm_coefficients", layerNorm && !cifg, nCell);
            CheckShape(ctx, _l.ForgetLayerNorm, "forget_layer_norm_coefficients", layerNorm, nCell);
            CheckShape(ctx, _l.CellLayerNorm, "cell_layer_norm_coefficients", layerNorm, nCell);
            CheckShape(ctx, _l.OutputLayerNorm, "output_layer_norm_coefficients", layerNorm, nCell);
        }
        if (nAux > 0)
        {
            CheckShape(ctx, _l.AuxToInput, "aux_input_to_input_weights", !cifg, nCell, nAux);
            CheckShape(ctx, _l.AuxToForget, "aux_input_to_forget_weights", true, nCell, nAux);
            CheckShape(ctx, _l.AuxToCell, "aux_input_to_cell_weights", true, nCell, nAux);
            CheckShape(ctx, _l.AuxToOutput, "aux_input_to_output_weights", true, nCell, nAux);
        }

        var outputState = ctx.Input(_l.OutputState);
        var cellState = ctx.Input(_l.CellState);
        ExpectVariable(ctx, outputState, $"{_role}output_state");
        ExpectVariable(ctx, cellState, $"{_role}cell_state");
        if (outputState.ElementCount != (long)p.Batch * nOutput)
            throw ctx.Fail($"{_role}output_state {ModelText.Quote(outputState.Name)} must hold {p.Batch}x{nOutput} elements, got shape [{string.Join(",", outputState.Shape.ToArray())}]");
        if (cellState.ElementCount != (long)p.Batch * nCell)
            throw ctx.Fail($"{_role}cell_state {ModelText.Quote(cellState.Name)} must hold {p.Batch}x{nCell} elements, got shape [{string.Join(",", cellState.Shape.ToArray())}]");
        if (p.CellClip < 0 || p.ProjClip < 0)
            throw ctx.Fail($"cell_clip ({p.CellClip}) and proj_clip ({p.ProjClip}) must not be negative");

        Params = p with { CellSize = nCell, OutputSize = nOutput, OutputStride = p.OutputStride == 0 ? nOutput : p.OutputStride };
        Asymmetric = asymmetric;
        _rowSums.Clear();
        var weightType = ctx.Input(_l.InputToForget).DataType;
        int[] matrices = [_l.InputToInput, _l.InputToForget, _l.InputToCell, _l.InputToOutput, _l.RecurrentToInput, _l.RecurrentToForget,
                          _l.RecurrentToCell, _l.RecurrentToOutput, _l.AuxToInput, _l.AuxToForget, _l.AuxToCell, _l.AuxToOutput, _l.ProjectionWeights];
        int[] others = [_l.InputGateBias, _l.ForgetGateBias, _l.CellGateBias, _l.OutputGateBias, _l.ProjectionBias, _l.OutputState, _l.CellState,
                        _l.InputLayerNorm, _l.ForgetLayerNorm, _l.CellLayerNorm, _l.OutputLayerNorm];
        int[] peepholes = [_l.CellToInput, _l.CellToForget, _l.CellToOutput];
        if (input.DataType == TensorType.Float32 && weightType == TensorType.Float32)
        {
            Mode = Kind.Float;
            ExpectAll(ctx, TensorType.Float32, matrices);
            ExpectAll(ctx, TensorType.Float32, others);
            ExpectAll(ctx, TensorType.Float32, peepholes);
            _scratch = RequestScratch<float>(ctx, LstmCell.FloatScratchLength(Params));
            _scratch2 = -1;
        }
        else if (input.DataType == TensorType.Float32 && weightType is TensorType.Int8 or TensorType.UInt8)
        {
            Mode = Kind.Hybrid;
            ExpectAll(ctx, weightType, matrices);
            ExpectAll(ctx, weightType, peepholes);
            ExpectAll(ctx, TensorType.Float32, others);
            foreach (int i in matrices)
                if (Opt(ctx, i) is { } w) Scale(ctx, w, $"{_role}weights (input {i})");
            foreach (int i in peepholes)
                if (Opt(ctx, i) is { } w) Scale(ctx, w, $"{_role}weights (input {i})");
            if (asymmetric)
                foreach (int i in matrices)
                    if (Opt(ctx, i) is { } w)
                    {
                        OpHelpers.ExpectConstant(ctx, w, $"{_role}weights (input {i})");
                        _rowSums[i] = RowSums(Int8(w), w.Dim(0), w.Dim(1));
                    }
            _scratch = RequestScratch<float>(ctx, LstmCell.FloatScratchLength(Params));
            _scratch2 = RequestScratch<sbyte>(ctx, LstmCell.HybridQuantizedScratchLength(Params));
        }
        else if (input.DataType == TensorType.Int8 && integerAllowed)
        {
            Mode = Kind.Integer;
            if (nAux > 0) throw ctx.Fail("the integer LSTM has no auxiliary input");
            PrepareInteger(ctx, input, output, cifg, peephole, layerNorm, projection);
            _scratch = RequestScratch<short>(ctx, LstmCell.IntegerScratchLength(Params));
            _scratch2 = RequestScratch<sbyte>(ctx, LstmCell.IntegerHiddenScratchLength(Params));
        }
        else
        {
            throw ctx.Fail($"input {ModelText.Quote(input.Name)} of {TensorTypes.Name(input.DataType)} with {TensorTypes.Name(weightType)} weights is not supported; expected float32 (float, or hybrid with int8 weights){(integerAllowed ? " or int8" : "")}");
        }
    }

    private void PrepareInteger(OpContext ctx, LiteTensor input, LiteTensor output, bool cifg, bool peephole, bool layerNorm, bool projection)
    {
        if (ctx.IntermediateTensors.Length == 12)
            throw ctx.Fail("the integer LSTM with 12 intermediate tensors (8-bit gate matmuls, TFLite's experimental 8x8_8 kernel) is not supported; only 8x8_16 (5 intermediates)");
        ExpectAll(ctx, TensorType.Int8, _l.InputToInput, _l.InputToForget, _l.InputToCell, _l.InputToOutput, _l.RecurrentToInput,
                  _l.RecurrentToForget, _l.RecurrentToCell, _l.RecurrentToOutput, _l.ProjectionWeights, _l.OutputState);
        ExpectAll(ctx, TensorType.Int16, _l.CellToInput, _l.CellToForget, _l.CellToOutput, _l.CellState,
                  _l.InputLayerNorm, _l.ForgetLayerNorm, _l.CellLayerNorm, _l.OutputLayerNorm);
        ExpectAll(ctx, TensorType.Int32, _l.InputGateBias, _l.ForgetGateBias, _l.CellGateBias, _l.OutputGateBias, _l.ProjectionBias);
        OpHelpers.ExpectType(ctx, output, TensorType.Int8, "output");
        if (Params.Activation != RecurrentActivation.Tanh)
            throw ctx.Fail($"integer LSTM supports only a TANH cell activation, got {Params.Activation}");

        var outputState = ctx.Input(_l.OutputState);
        var cellState = ctx.Input(_l.CellState);
        var (hiddenScale, hiddenZeroPoint) = LstmIntermediates.Hidden(ctx, outputState);
        float W(int i) => Opt(ctx, i) is { } t ? Scale(ctx, t, $"{_role}weights (input {i})") : 1f;
        float[] gateScales = [1f, 1f, 1f, 1f];
        if (layerNorm)
            for (int g = 0; g < 4; g++)
            {
                var inter = ctx.Intermediate(g);
                if (inter?.Quantization is not { Scales.Count: > 0 } iq)
                    throw ctx.Fail($"integer LSTM with layer normalization needs quantized intermediate tensors 0..3 (the gates' scales); intermediate {g} is {(inter is null ? "absent" : "unquantized")}");
                gateScales[g] = iq.Scale;
            }
        var scales = new LstmIntegerScales
        {
            Input = Scale(ctx, input, "input"),
            OutputState = Scale(ctx, outputState, $"{_role}output_state"),
            OutputStateZeroPoint = ZeroPoint(outputState),
            CellState = Scale(ctx, cellState, $"{_role}cell_state"),
            InputToInput = W(_l.InputToInput), InputToForget = W(_l.InputToForget),
            InputToCell = W(_l.InputToCell), InputToOutput = W(_l.InputToOutput),
            RecurrentToInput = W(_l.RecurrentToInput), RecurrentToForget = W(_l.RecurrentToForget),
            RecurrentToCell = W(_l.RecurrentToCell), RecurrentToOutput = W(_l.RecurrentToOutput),
            CellToInput = W(_l.CellToInput), CellToForget = W(_l.CellToForget), CellToOutput = W(_l.CellToOutput),
            Projection = W(_l.ProjectionWeights),
            LayerNormInput = W(_l.InputLayerNorm), LayerNormForget = W(_l.ForgetLayerNorm),
            LayerNormCell = W(_l.CellLayerNorm), LayerNormOutput = W(_l.OutputLayerNorm),
            IntermediateScales = gateScales,
            HiddenScale = hiddenScale, HiddenZeroPoint = hiddenZeroPoint,
            Output = output.Quantization is { Scales.Count: > 0 } oq ? oq.Scale : null,
            CellClip = Params.CellClip, ProjClip = Params.ProjClip,
            UseCifg = cifg, UsePeephole = peephole, UseLayerNorm = layerNorm, UseProjection = projection,
        };
        _q = LstmIntegerParams.Create(scales, out string? error) ?? throw ctx.Fail(error ?? "invalid quantization");

        int inputZp = ZeroPoint(input), outputStateZp = ZeroPoint(outputState);
        int[] inputs = [_l.InputToInput, _l.InputToForget, _l.InputToCell, _l.InputToOutput];
        int[] recurrents = [_l.RecurrentToInput, _l.RecurrentToForget, _l.RecurrentToCell, _l.RecurrentToOutput];
        int[] biases = [_l.InputGateBias, _l.ForgetGateBias, _l.CellGateBias, _l.OutputGateBias];
        for (int g = 0; g < 4; g++)
        {
            _inputBias[g] = _recurrentBias[g] = null;
            var wIn = Opt(ctx, inputs[g]);
            var wRec = Opt(ctx, recurrents[g]);
            if (wIn is null || wRec is null) continue;
            OpHelpers.ExpectConstant(ctx, wIn, $"{_role}input weights");
            OpHelpers.ExpectConstant(ctx, wRec, $"{_role}recurrent weights");
            // With layer norm the gate bias is added inside the normalization, not to the matmul.
            var bias = layerNorm ? null : Opt(ctx, biases[g]);
            if (bias is not null) OpHelpers.ExpectConstant(ctx, bias, $"{_role}gate bias");
            _inputBias[g] = EffectiveBias(wIn.GetData<sbyte>(), CellSize, Params.InputSize, -inputZp,
                                          bias is null ? default : bias.GetData<int>());
            _recurrentBias[g] = EffectiveBias(wRec.GetData<sbyte>(), CellSize, OutputSize, -outputStateZp, default);
        }
        _projectionBias = null;
        if (projection)
        {
            var pw = ctx.Input(_l.ProjectionWeights);
            var pb = Opt(ctx, _l.ProjectionBias);
            OpHelpers.ExpectConstant(ctx, pw, $"{_role}projection_weights");
            if (pb is not null) OpHelpers.ExpectConstant(ctx, pb, $"{_role}projection_bias");
            // TFLite's projection takes (hidden - zero point) and adds zero point x row sum back here.
            _projectionBias = EffectiveBias(pw.GetData<sbyte>(), OutputSize, CellSize, hiddenZeroPoint,
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
            result[r] = unchecked((bias.IsEmpty ? 0 : bias[r]) + zeroPoint * sum);
        }
        return result;
    }

    private void CheckShape(OpContext ctx, int index, string name, bool required, params int[] dims)
    {
        var t = Opt(ctx, index);
        if (t is null)
        {
            if (required) throw ctx.Fail($"{_role}{name} (input {index}) is required for this LSTM variant but omitted");
            return;
        }
        ExpectShape(ctx, t, _role + name, dims);
    }

    private static void ExpectAll(OpContext ctx, TensorType type, params int[] indices)
    {
        foreach (int i in indices)
            if (Opt(ctx, i) is { } t && t.DataType != type)
                throw ctx.Fail($"input {i} {ModelText.Quote(t.Name)} must be {TensorTypes.Name(type)}, got {TensorTypes.Name(t.DataType)}");
    }

    private static LiteTensor? Opt(OpContext ctx, int index) => index < 0 ? null : ctx.OptionalInput(index);

    private static ReadOnlySpan<T> Data<T>(OpContext ctx, int index) where T : unmanaged =>
        Opt(ctx, index) is { } t ? t.GetData<T>() : default;

    /// <summary>int8 view of int8 weights, or of uint8 ones (whose bytes TFLite's hybrid kernels read as int8).</summary>
    private static ReadOnlySpan<sbyte> Int8(LiteTensor t) => MemoryMarshal.Cast<byte, sbyte>(t.RawBytes);

    private static ReadOnlySpan<sbyte> Q(OpContext ctx, int index) => Opt(ctx, index) is { } t ? Int8(t) : default;

    private static float ScaleOf(OpContext ctx, int index) => Opt(ctx, index)?.Quantization?.Scale ?? 1f;

    private ReadOnlySpan<int> RowSumsOf(int index) => index >= 0 && _rowSums.TryGetValue(index, out var s) ? s : default;

    public Span<float> FloatScratch(OpContext ctx) => Scratch<float>(ctx, _scratch);
    public Span<sbyte> QuantizedScratch(OpContext ctx) => Scratch<sbyte>(ctx, _scratch2);
    public Span<short> IntegerScratch(OpContext ctx) => Scratch<short>(ctx, _scratch);

    public Span<float> OutputStateFloat(OpContext ctx) => ctx.Input(_l.OutputState).GetWritableData<float>();
    public Span<float> CellStateFloat(OpContext ctx) => ctx.Input(_l.CellState).GetWritableData<float>();

    public LstmFloatWeights FloatWeights(OpContext ctx) => new()
    {
        InputToInput = Data<float>(ctx, _l.InputToInput), InputToForget = Data<float>(ctx, _l.InputToForget),
        InputToCell = Data<float>(ctx, _l.InputToCell), InputToOutput = Data<float>(ctx, _l.InputToOutput),
        RecurrentToInput = Data<float>(ctx, _l.RecurrentToInput), RecurrentToForget = Data<float>(ctx, _l.RecurrentToForget),
        RecurrentToCell = Data<float>(ctx, _l.RecurrentToCell), RecurrentToOutput = Data<float>(ctx, _l.RecurrentToOutput),
        CellToInput = Data<float>(ctx, _l.CellToInput), CellToForget = Data<float>(ctx, _l.CellToForget),
        CellToOutput = Data<float>(ctx, _l.CellToOutput),
        InputGateBias = Data<float>(ctx, _l.InputGateBias), ForgetGateBias = Data<float>(ctx, _l.ForgetGateBias),
        CellGateBias = Data<float>(ctx, _l.CellGateBias), OutputGateBias = Data<float>(ctx, _l.OutputGateBias),
        ProjectionWeights = Data<float>(ctx, _l.ProjectionWeights), ProjectionBias = Data<float>(ctx, _l.ProjectionBias),
        InputLayerNorm = Data<float>(ctx, _l.InputLayerNorm), ForgetLayerNorm = Data<float>(ctx, _l.ForgetLayerNorm),
        CellLayerNorm = Data<float>(ctx, _l.CellLayerNorm), OutputLayerNorm = Data<float>(ctx, _l.OutputLayerNorm),
        AuxToInput = Params.AuxInputSize > 0 ? Data<float>(ctx, _l.AuxToInput) : default,
        AuxToForget = Params.AuxInputSize > 0 ? Data<float>(ctx, _l.AuxToForget) : default,
        AuxToCell = Params.AuxInputSize > 0 ? Data<float>(ctx, _l.AuxToCell) : default,
        AuxToOutput = Params.AuxInputSize > 0 ? Data<float>(ctx, _l.AuxToOutput) : default,
    };

    public LstmHybridWeights HybridWeights(OpContext ctx)
    {
        bool aux = Params.AuxInputSize > 0;
        return new LstmHybridWeights
        {
            InputToInput = Q(ctx, _l.InputToInput), InputToInputScale = ScaleOf(ctx, _l.InputToInput),
            InputToForget = Q(ctx, _l.InputToForget), InputToForgetScale = ScaleOf(ctx, _l.InputToForget),
            InputToCell = Q(ctx, _l.InputToCell), InputToCellScale = ScaleOf(ctx, _l.InputToCell),
            InputToOutput = Q(ctx, _l.InputToOutput), InputToOutputScale = ScaleOf(ctx, _l.InputToOutput),
            RecurrentToInput = Q(ctx, _l.RecurrentToInput), RecurrentToInputScale = ScaleOf(ctx, _l.RecurrentToInput),
            RecurrentToForget = Q(ctx, _l.RecurrentToForget), RecurrentToForgetScale = ScaleOf(ctx, _l.RecurrentToForget),
            RecurrentToCell = Q(ctx, _l.RecurrentToCell), RecurrentToCellScale = ScaleOf(ctx, _l.RecurrentToCell),
            RecurrentToOutput = Q(ctx, _l.RecurrentToOutput), RecurrentToOutputScale = ScaleOf(ctx, _l.RecurrentToOutput),
            CellToInput = Q(ctx, _l.CellToInput), CellToInputScale = ScaleOf(ctx, _l.CellToInput),
            CellToForget = Q(ctx, _l.CellToForget), CellToForgetScale = ScaleOf(ctx, _l.CellToForget),
            CellToOutput = Q(ctx, _l.CellToOutput), CellToOutputScale = ScaleOf(ctx, _l.CellToOutput),
            InputGateBias = Data<float>(ctx, _l.InputGateBias), ForgetGateBias = Data<float>(ctx, _l.ForgetGateBias),
            CellGateBias = Data<float>(ctx, _l.CellGateBias), OutputGateBias = Data<float>(ctx, _l.OutputGateBias),
            ProjectionWeights = Q(ctx, _l.ProjectionWeights), ProjectionScale = ScaleOf(ctx, _l.ProjectionWeights),
            ProjectionBias = Data<float>(ctx, _l.ProjectionBias),
            InputLayerNorm = Data<float>(ctx, _l.InputLayerNorm), ForgetLayerNorm = Data<float>(ctx, _l.ForgetLayerNorm),
            CellLayerNorm = Data<float>(ctx, _l.CellLayerNorm), OutputLayerNorm = Data<float>(ctx, _l.OutputLayerNorm),
            InputToInputRowSums = RowSumsOf(_l.InputToInput), InputToForgetRowSums = RowSumsOf(_l.InputToForget),
            InputToCellRowSums = RowSumsOf(_l.InputToCell), InputToOutputRowSums = RowSumsOf(_l.InputToOutput),
            RecurrentToInputRowSums = RowSumsOf(_l.RecurrentToInput), RecurrentToForgetRowSums = RowSumsOf(_l.RecurrentToForget),
            RecurrentToCellRowSums = RowSumsOf(_l.RecurrentToCell), RecurrentToOutputRowSums = RowSumsOf(_l.RecurrentToOutput),
            ProjectionRowSums = RowSumsOf(_l.ProjectionWeights),
            AuxToInput = aux ? Q(ctx, _l.AuxToInput) : default, AuxToInputScale = ScaleOf(ctx, _l.AuxToInput),
            AuxToForget = aux ? Q(ctx, _l.AuxToForget) : default, AuxToForgetScale = ScaleOf(ctx, _l.AuxToForget),
            AuxToCell = aux ? Q(ctx, _l.AuxToCell) : default, AuxToCellScale = ScaleOf(ctx, _l.AuxToCell),
            AuxToOutput = aux ? Q(ctx, _l.AuxToOutput) : default, AuxToOutputScale = ScaleOf(ctx, _l.AuxToOutput),
            AuxToInputRowSums = RowSumsOf(_l.AuxToInput), AuxToForgetRowSums = RowSumsOf(_l.AuxToForget),
            AuxToCellRowSums = RowSumsOf(_l.AuxToCell), AuxToOutputRowSums = RowSumsOf(_l.AuxToOutput),
        };
    }

    public LstmIntegerWeights IntegerWeights(OpContext ctx) => new()
    {
        InputToInput = Data<sbyte>(ctx, _l.InputToInput), InputToForget = Data<sbyte>(ctx, _l.InputToForget),
        InputToCell = Data<sbyte>(ctx, _l.InputToCell), InputToOutput = Data<sbyte>(ctx, _l.InputToOutput),
        RecurrentToInput = Data<sbyte>(ctx, _l.RecurrentToInput), RecurrentToForget = Data<sbyte>(ctx, _l.RecurrentToForget),
        RecurrentToCell = Data<sbyte>(ctx, _l.RecurrentToCell), RecurrentToOutput = Data<sbyte>(ctx, _l.RecurrentToOutput),
        CellToInput = Data<short>(ctx, _l.CellToInput), CellToForget = Data<short>(ctx, _l.CellToForget),
        CellToOutput = Data<short>(ctx, _l.CellToOutput),
        InputToInputBias = _inputBias[0], InputToForgetBias = _inputBias[1],
        InputToCellBias = _inputBias[2], InputToOutputBias = _inputBias[3],
        RecurrentToInputBias = _recurrentBias[0], RecurrentToForgetBias = _recurrentBias[1],
        RecurrentToCellBias = _recurrentBias[2], RecurrentToOutputBias = _recurrentBias[3],
        ProjectionWeights = Data<sbyte>(ctx, _l.ProjectionWeights), ProjectionBias = _projectionBias,
        InputLayerNorm = Data<short>(ctx, _l.InputLayerNorm), ForgetLayerNorm = Data<short>(ctx, _l.ForgetLayerNorm),
        CellLayerNorm = Data<short>(ctx, _l.CellLayerNorm), OutputLayerNorm = Data<short>(ctx, _l.OutputLayerNorm),
        InputGateBias = Data<int>(ctx, _l.InputGateBias), ForgetGateBias = Data<int>(ctx, _l.ForgetGateBias),
        CellGateBias = Data<int>(ctx, _l.CellGateBias), OutputGateBias = Data<int>(ctx, _l.OutputGateBias),
    };

    /// <summary>Runs one pass of this cell (aux empty when there is none) on the float or hybrid input.</summary>
    public void RunFloatOrHybrid(OpContext ctx, ReadOnlySpan<float> input, ReadOnlySpan<float> aux, Span<float> output)
    {
        if (Mode == Kind.Float)
            LstmCell.Float<Kernels.Optimized.SimdFloatDot>(Params, FloatWeights(ctx), input, aux, OutputStateFloat(ctx), CellStateFloat(ctx), output, FloatScratch(ctx));
        else
            LstmCell.Hybrid<Kernels.Optimized.SimdInt8Dot>(Params, HybridWeights(ctx), Asymmetric, input, aux, OutputStateFloat(ctx), CellStateFloat(ctx), output,
                            FloatScratch(ctx), QuantizedScratch(ctx));
    }

    /// <summary>Runs one pass of the integer cell.</summary>
    public void RunInteger(OpContext ctx, ReadOnlySpan<sbyte> input, Span<sbyte> output) =>
        LstmCell.Integer<Kernels.Optimized.SimdInt8Dot>(Params, IntegerWeights(ctx), _q!, input, ctx.Input(_l.OutputState).GetWritableData<sbyte>(),
                         ctx.Input(_l.CellState).GetWritableData<short>(), output, IntegerScratch(ctx), QuantizedScratch(ctx));

    /// <summary>Multiply-adds of one step of one batch row: the gate matrices (with the aux ones) and the projection.</summary>
    public static long StepWork(OpContext ctx, LstmCellLayout l)
    {
        long total = 0;
        foreach (int i in new[] { l.InputToInput, l.InputToForget, l.InputToCell, l.InputToOutput, l.RecurrentToInput, l.RecurrentToForget,
                                  l.RecurrentToCell, l.RecurrentToOutput, l.AuxToInput, l.AuxToForget, l.AuxToCell, l.AuxToOutput, l.ProjectionWeights })
            if (Opt(ctx, i) is { } w) total = OpWork.Add(total, w.ElementCount);
        return total;
    }
}
