using ManagedLite.IO;
using ManagedLite.Robustness;
using ManagedLite.Schema;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.OpConformance;

/// <summary>LSTM (FULL and BASIC kernels), BIDIRECTIONAL_SEQUENCE_LSTM and UNIDIRECTIONAL_SEQUENCE_LSTM cases.</summary>
internal static partial class SequenceFamilyCases
{
    private const byte LstmOptions = 14, BidiLstmOptions = 69, UniLstmOptions = 71;

    /// <summary>Kinds of LSTM cells: float, hybrid (int8 weights; symmetric or asymmetric), hybrid with uint8 weight bytes, integer 8x8_16.</summary>
    internal enum Cell { Float, Hybrid, HybridAsymmetric, HybridUInt8, Integer }

    internal sealed record LstmConfig(Cell Kind, bool Cifg = false, bool Peephole = false, bool Projection = false, bool ProjectionBias = true,
                                      bool LayerNorm = false, float CellClip = 0f, float ProjClip = 0f, int Activation = 4)
    {
        public string Tag => $"{Kind switch { Cell.Float => "float", Cell.Hybrid => "hybrid", Cell.HybridAsymmetric => "hybrid_asym", Cell.HybridUInt8 => "hybrid_uint8", _ => "int8" }}" +
                             (Cifg ? "_cifg" : "") + (Peephole ? "_peephole" : "") + (Projection ? (ProjectionBias ? "_proj" : "_proj_nobias") : "") +
                             (LayerNorm ? "_layernorm" : "") + (CellClip > 0 ? "_cellclip" : "") + (ProjClip > 0 ? "_projclip" : "") +
                             (Activation != 4 ? $"_a{Activation}" : "");
        public bool Hybrid => Kind is Cell.Hybrid or Cell.HybridAsymmetric or Cell.HybridUInt8;
    }

    // Integer quantization of the cases: input and output state at 1/128 (output state zero point -3), cell state
    // 2^-11, weights 0.5/127, the hidden value (intermediate 4) at 1/128 with zero point 5.
    private const float InScale = 1f / 128f, StateScale = 1f / 128f, CellScale = 1f / 2048f, WScale = 0.5f / 127f, HiddenScale = 1f / 128f;
    private const long StateZp = -3, HiddenZp = 5, InZp = 2;
    private const float GateScale = 4f / 32767f, LnScale = 1f / 32767f;

    /// <summary>
    /// Adds one cell's 17 tensors (input-gate to projection, in TFLite's order), returns their indices with -1 for omitted
    /// ones, and adds the layer-norm coefficients to <paramref name="layerNorm"/> (4 indices) when the config has them.
    /// </summary>
    internal static int[] AddLstmCell(TinyModel m, CaseData d, string p, LstmConfig c, int nInput, int nCell, int nOutput, out int[] layerNorm)
    {
        var cells = new int[17];
        int Matrix(string name, int rows, int cols) => c.Kind switch
        {
            Cell.Float => FloatConst(m, d, p + name, [rows, cols]),
            Cell.Integer => m.Tensor(p + name, TensorType.Int8, [rows, cols], d.Array(TensorType.Int8, [rows, cols], lo: -127, hi: 127).Data, scale: [WScale], zeroPoint: [0]),
            Cell.HybridUInt8 => m.Tensor(p + name, TensorType.UInt8, [rows, cols], d.Array(TensorType.UInt8, [rows, cols], lo: 0, hi: 255).Data, scale: [WScale], zeroPoint: [0]),
            _ => m.Tensor(p + name, TensorType.Int8, [rows, cols], d.Array(TensorType.Int8, [rows, cols], lo: -127, hi: 127).Data, scale: [WScale], zeroPoint: [0]),
        };
        int Peephole(string name) => c.Kind switch
        {
            Cell.Float => FloatConst(m, d, p + name, [nCell]),
            Cell.Integer => m.Tensor(p + name, TensorType.Int16, [nCell], d.Array(TensorType.Int16, [nCell], lo: -20000, hi: 20000).Data, scale: [0.5f / 20000f], zeroPoint: [0]),
            Cell.HybridUInt8 => m.Tensor(p + name, TensorType.UInt8, [nCell], d.Array(TensorType.UInt8, [nCell], lo: 0, hi: 255).Data, scale: [WScale], zeroPoint: [0]),
            _ => m.Tensor(p + name, TensorType.Int8, [nCell], d.Array(TensorType.Int8, [nCell], lo: -127, hi: 127).Data, scale: [WScale], zeroPoint: [0]),
        };
        int Bias(string name, int n, bool gate)
        {
            if (c.Kind != Cell.Integer) return FloatConst(m, d, p + name, [n]);
            if (c.LayerNorm && gate)  // added inside the layer norm at scale ln_scale / 1024: +-0.5
                return m.Tensor(p + name, TensorType.Int32, [n], d.Array(TensorType.Int32, [n], lo: -16_000_000, hi: 16_000_000).Data, scale: [LnScale / 1024f], zeroPoint: [0]);
            float s = gate ? InScale * WScale : HiddenScale * WScale;
            return m.Tensor(p + name, TensorType.Int32, [n], d.Array(TensorType.Int32, [n], lo: -30000, hi: 30000).Data, scale: [s], zeroPoint: [0]);
        }
        for (int g = 0; g < 4; g++) cells[g] = g == 0 && c.Cifg ? -1 : Matrix($"input_to_{Gates[g]}_weights", nCell, nInput);
        for (int g = 0; g < 4; g++) cells[4 + g] = g == 0 && c.Cifg ? -1 : Matrix($"recurrent_to_{Gates[g]}_weights", nCell, nOutput);
        cells[8] = c.Peephole && !c.Cifg ? Peephole("cell_to_input_weights") : -1;
        cells[9] = c.Peephole ? Peephole("cell_to_forget_weights") : -1;
        cells[10] = c.Peephole ? Peephole("cell_to_output_weights") : -1;
        for (int g = 0; g < 4; g++) cells[11 + g] = g == 0 && c.Cifg ? -1 : Bias($"{Gates[g]}_gate_bias", nCell, gate: true);
        cells[15] = c.Projection ? Matrix("projection_weights", nOutput, nCell) : -1;
        cells[16] = c.Projection && c.ProjectionBias ? Bias("projection_bias", nOutput, gate: false) : -1;
        layerNorm = [-1, -1, -1, -1];
        if (c.LayerNorm)
            for (int g = 0; g < 4; g++)
                layerNorm[g] = g == 0 && c.Cifg ? -1 : c.Kind == Cell.Integer
                    ? m.Tensor($"{p}{Gates[g]}_layer_norm_coefficients", TensorType.Int16, [nCell], d.Array(TensorType.Int16, [nCell], lo: 8000, hi: 32767).Data, scale: [LnScale], zeroPoint: [0])
                    : m.Tensor($"{p}{Gates[g]}_layer_norm_coefficients", TensorType.Float32, [nCell], d.Array(TensorType.Float32, [nCell], scale: 0.5f).Data);
        return cells;
    }

    private static readonly string[] Gates = ["input", "forget", "cell", "output"];

    /// <summary>The two state variables of a cell: output state [batch, output], cell state [batch, cell].</summary>
    internal static (int OutputState, int CellState) AddLstmStates(TinyModel m, string p, LstmConfig c, int batch, int nCell, int nOutput)
    {
        if (c.Kind == Cell.Integer)
            return (m.Tensor(p + "output_state", TensorType.Int8, [batch, nOutput], isVariable: true, scale: [StateScale], zeroPoint: [StateZp]),
                    m.Tensor(p + "cell_state", TensorType.Int16, [batch, nCell], isVariable: true, scale: [CellScale], zeroPoint: [0]));
        return (m.Tensor(p + "output_state", TensorType.Float32, [batch, nOutput], isVariable: true),
                m.Tensor(p + "cell_state", TensorType.Float32, [batch, nCell], isVariable: true));
    }

    /// <summary>The five intermediates of the integer LSTM: gate scales (used with layer norm) and the hidden value.</summary>
    internal static int[] AddLstmIntermediates(TinyModel m, string p)
    {
        var r = new int[5];
        for (int g = 0; g < 4; g++) r[g] = m.Tensor($"{p}intermediate_{g}", TensorType.Int16, [], scale: [GateScale], zeroPoint: [0]);
        r[4] = m.Tensor(p + "intermediate_hidden", TensorType.Int8, [], scale: [HiddenScale], zeroPoint: [HiddenZp]);
        return r;
    }

    private static OptionField[] LstmOptionFields(LstmConfig c) =>
    [
        new(0, OptionKind.Byte, c.Activation), new(1, OptionKind.Float, c.CellClip), new(2, OptionKind.Float, c.ProjClip),
        new(4, OptionKind.Bool, c.Kind == Cell.HybridAsymmetric ? 1 : 0),
    ];

    internal static NpyArray LstmInput(CaseData d, LstmConfig c, int[] shape) =>
        c.Kind == Cell.Integer ? d.Array(TensorType.Int8, shape) : d.Array(TensorType.Float32, shape, scale: 2f);

    private static int LstmVersion(LstmConfig c) => c.Kind switch
    {
        Cell.Float => 1,
        Cell.Hybrid or Cell.HybridUInt8 => 2,
        Cell.HybridAsymmetric => 4,
        _ => 4,
    };

    public static void AddLstm(List<OpCaseFactory> cases)
    {
        LstmConfig[] configs =
        [
            new(Cell.Float), new(Cell.Float, Cifg: true, Peephole: true), new(Cell.Float, Peephole: true, Projection: true, CellClip: 1.5f, ProjClip: 0.8f),
            new(Cell.Float, Projection: true, ProjectionBias: false, Activation: 1), new(Cell.Float, LayerNorm: true), new(Cell.Float, Cifg: true, LayerNorm: true, Projection: true),
            new(Cell.Hybrid), new(Cell.Hybrid, Peephole: true, Projection: true, CellClip: 2f), new(Cell.HybridAsymmetric, Cifg: true, Projection: true),
            new(Cell.Hybrid, LayerNorm: true, Peephole: true), new(Cell.HybridUInt8),
            new(Cell.Integer), new(Cell.Integer, Projection: true), new(Cell.Integer, Cifg: true, Peephole: true, Projection: true, ProjClip: 0.5f),
            new(Cell.Integer, Peephole: true, CellClip: 3f), new(Cell.Integer, LayerNorm: true), new(Cell.Integer, LayerNorm: true, Cifg: true, Projection: true),
        ];
        foreach (var c in configs)
        {
            string name = $"lstm_{c.Tag}";
            cases.Add(new(name, seed =>
            {
                // Two LSTM steps sharing the state variables, so that the second reads a non-zero state.
                var d = new CaseData(seed);
                int batch = d.Int(1, 3), nInput = d.Int(1, 6), nCell = d.Int(2, 8);
                if (c.LayerNorm && c.Kind == Cell.Integer) nCell = d.Pick(2, 4, 8);  // TFLite's integer layer norm divides 2^20 by the cell count
                // TFLite's integer peephole runs over output-size elements: with projection it agrees only for square projections.
                int nOutput = c.Projection && !(c.Kind == Cell.Integer && c.Peephole) ? d.Int(1, 6) : nCell;
                var m = new TinyModel();
                var inType = c.Kind == Cell.Integer ? TensorType.Int8 : TensorType.Float32;
                int x0 = m.Tensor("x0", inType, [batch, nInput], scale: c.Kind == Cell.Integer ? [InScale] : null, zeroPoint: c.Kind == Cell.Integer ? [InZp] : null);
                int x1 = m.Tensor("x1", inType, [batch, nInput], scale: c.Kind == Cell.Integer ? [InScale] : null, zeroPoint: c.Kind == Cell.Integer ? [InZp] : null);
                var cell = AddLstmCell(m, d, "", c, nInput, nCell, nOutput, out var ln);
                var (hs, cs) = AddLstmStates(m, "", c, batch, nCell, nOutput);
                int Out(string n) => m.Tensor(n, inType, [1], scale: c.Kind == Cell.Integer ? [StateScale] : null, zeroPoint: c.Kind == Cell.Integer ? [StateZp] : null);
                int y0 = Out("y0"), y1 = Out("y1");
                int[] Inputs(int x) => [x, .. cell, hs, cs, .. (c.LayerNorm ? ln : Array.Empty<int>())];
                var inter = c.Kind == Cell.Integer ? AddLstmIntermediates(m, "") : null;
                m.Op(BuiltinOperator.LSTM, Inputs(x0), [y0], LstmVersion(c), LstmOptions, LstmOptionFields(c));
                if (inter is not null) m.WithIntermediates(inter);
                m.Op(BuiltinOperator.LSTM, Inputs(x1), [y1], LstmVersion(c), LstmOptions, LstmOptionFields(c));
                if (inter is not null) m.WithIntermediates(inter);
                m.Inputs(x0, x1).Outputs(y0, y1);
                return new OpCase(name, m.Build(), [LstmInput(d, c, [batch, nInput]), LstmInput(d, c, [batch, nInput])]);
            }));
        }

        foreach (bool quantized in new[] { false, true })
        {
            string name = $"lstm_basic_{(quantized ? "uint8" : "float")}";
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                int batch = d.Int(1, 3), nInput = d.Int(1, 6), depth = d.Int(1, 6), total = nInput + depth;
                var m = new TinyModel();
                int x, prevA, w, b, prevS, yA, yS, yC, yG;
                NpyArray[] fed;
                if (!quantized)
                {
                    x = m.Input("x", TensorType.Float32, batch, nInput);
                    prevA = m.Input("prev_activation", TensorType.Float32, batch, depth);
                    w = FloatConst(m, d, "weights", [4 * depth, total]);
                    b = FloatConst(m, d, "bias", [4 * depth]);
                    prevS = m.Input("prev_state", TensorType.Float32, batch, depth);
                    yA = m.Input("activation", TensorType.Float32, 1);
                    yS = m.Input("state", TensorType.Float32, 1);
                    yC = m.Input("concat", TensorType.Float32, 1);
                    yG = m.Input("gates", TensorType.Float32, 1);
                    fed = [d.Array(TensorType.Float32, [batch, nInput], scale: 2f), d.Array(TensorType.Float32, [batch, depth]), d.Array(TensorType.Float32, [batch, depth], scale: 2f)];
                }
                else
                {
                    float a = 1f / 128f;
                    x = m.Tensor("x", TensorType.UInt8, [batch, nInput], scale: [a], zeroPoint: [128]);
                    prevA = m.Tensor("prev_activation", TensorType.UInt8, [batch, depth], scale: [a], zeroPoint: [128]);
                    w = m.Tensor("weights", TensorType.UInt8, [4 * depth, total], d.Array(TensorType.UInt8, [4 * depth, total], lo: 0, hi: 255).Data, scale: [1f / 64f], zeroPoint: [d.Int(100, 150)]);
                    b = m.Tensor("bias", TensorType.Int32, [4 * depth], d.Array(TensorType.Int32, [4 * depth], lo: -2000, hi: 2000).Data, scale: [a / 64f], zeroPoint: [0]);
                    prevS = m.Tensor("prev_state", TensorType.Int16, [batch, depth], scale: [1f / 2048f], zeroPoint: [0]);
                    yA = m.Tensor("activation", TensorType.UInt8, [1], scale: [a], zeroPoint: [128]);
                    yS = m.Tensor("state", TensorType.Int16, [1], scale: [1f / 2048f], zeroPoint: [0]);
                    yC = m.Tensor("concat", TensorType.UInt8, [1], scale: [a], zeroPoint: [128]);
                    yG = m.Tensor("gates", TensorType.Int16, [1], scale: [1f / 4096f], zeroPoint: [0]);
                    fed = [d.Array(TensorType.UInt8, [batch, nInput]), d.Array(TensorType.UInt8, [batch, depth]), d.Array(TensorType.Int16, [batch, depth], lo: -8000, hi: 8000)];
                }
                m.Op(BuiltinOperator.LSTM, [x, prevA, w, b, prevS], [yA, yS, yC, yG], quantized ? 2 : 1, LstmOptions,
                     new OptionField(0, OptionKind.Byte, 4), new OptionField(3, OptionKind.Byte, 1))
                 .Inputs(x, prevA, prevS).Outputs(yA, yS, yC, yG);
                return new OpCase(name, m.Build(), fed);
            }));
        }
    }

    public static void AddUnidirectionalLstm(List<OpCaseFactory> cases)
    {
        foreach (var (c, timeMajor) in new[]
                 {
                     (new LstmConfig(Cell.Float, Peephole: true, Projection: true), false), (new LstmConfig(Cell.Hybrid, LayerNorm: true), true),
                     (new LstmConfig(Cell.Integer, Projection: true), false), (new LstmConfig(Cell.Integer, LayerNorm: true, Peephole: true), true),
                 })
        {
            string name = $"unidirectional_lstm_{c.Tag}_{(timeMajor ? "time_major" : "batch_major")}";
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                int batch = d.Int(1, 3), time = d.Int(2, 4), nInput = d.Int(1, 6), nCell = c.LayerNorm && c.Kind == Cell.Integer ? d.Pick(2, 4, 8) : d.Int(2, 8);
                int nOutput = c.Projection ? d.Int(1, 6) : nCell;
                int[] xs = timeMajor ? [time, batch, nInput] : [batch, time, nInput];
                var m = new TinyModel();
                var inType = c.Kind == Cell.Integer ? TensorType.Int8 : TensorType.Float32;
                int x = m.Tensor("x", inType, xs, scale: c.Kind == Cell.Integer ? [InScale] : null, zeroPoint: c.Kind == Cell.Integer ? [InZp] : null);
                var cell = AddLstmCell(m, d, "", c, nInput, nCell, nOutput, out var ln);
                var (hs, cs) = AddLstmStates(m, "", c, batch, nCell, nOutput);
                int y = m.Tensor("y", inType, [1], scale: c.Kind == Cell.Integer ? [StateScale] : null, zeroPoint: c.Kind == Cell.Integer ? [StateZp] : null);
                m.Op(BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_LSTM, [x, .. cell, hs, cs, .. (c.LayerNorm ? ln : Array.Empty<int>())], [y], c.Kind == Cell.Float ? 1 : 3,
                     UniLstmOptions, new OptionField(0, OptionKind.Byte, c.Activation), new OptionField(1, OptionKind.Float, c.CellClip),
                     new OptionField(2, OptionKind.Float, c.ProjClip), new OptionField(3, OptionKind.Bool, timeMajor ? 1 : 0),
                     new OptionField(4, OptionKind.Bool, c.Kind == Cell.HybridAsymmetric ? 1 : 0));
                if (c.Kind == Cell.Integer) m.WithIntermediates(AddLstmIntermediates(m, ""));
                m.Inputs(x).Outputs(y);
                return new OpCase(name, m.Build(), [LstmInput(d, c, xs)]);
            }));
        }
    }

    public static void AddBidirectionalLstm(List<OpCaseFactory> cases)
    {
        // Batch-major merged cases have one batch row (TFLite reads the states with the merged row size).
        foreach (var (c, timeMajor, merge, aux) in new[]
                 {
                     (new LstmConfig(Cell.Float), true, false, Aux.None), (new LstmConfig(Cell.Float, Peephole: true, Projection: true), true, true, Aux.None),
                     (new LstmConfig(Cell.Float, Cifg: true), false, false, Aux.None), (new LstmConfig(Cell.Float), false, true, Aux.CrossLinks),
                     (new LstmConfig(Cell.Float, Projection: true, CellClip: 1f, ProjClip: 0.5f), true, false, Aux.CrossLinks),
                     (new LstmConfig(Cell.Float), true, true, Aux.BackwardInput), (new LstmConfig(Cell.Float), false, false, Aux.BackwardInput),
                     (new LstmConfig(Cell.Hybrid), true, false, Aux.None), (new LstmConfig(Cell.Hybrid, Peephole: true, Projection: true), false, true, Aux.CrossLinks),
                     (new LstmConfig(Cell.HybridAsymmetric, Cifg: true), true, true, Aux.None), (new LstmConfig(Cell.HybridUInt8), true, false, Aux.BackwardInput),
                 })
        {
            string name = $"bidi_lstm_{c.Tag}_{(timeMajor ? "time_major" : "batch_major")}{(merge ? "_merged" : "")}_aux_{aux.ToString().ToLowerInvariant()}";
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                int batch = merge && !timeMajor ? 1 : d.Int(1, 3), time = d.Int(2, 4), nInput = d.Int(1, 5);
                // TFLite checks both cells against both cells' sizes: they must be equal.
                int fwCell = d.Int(2, 6), bwCell = fwCell;
                int fwOut = c.Projection ? d.Int(1, 5) : fwCell, bwOut = fwOut;
                int auxSize = aux == Aux.CrossLinks ? d.Int(1, 5) : nInput;
                int[] xs = timeMajor ? [time, batch, nInput] : [batch, time, nInput];
                int[] auxShape = timeMajor ? [time, batch, auxSize] : [batch, time, auxSize];
                var m = new TinyModel();
                int x = m.Input("x", TensorType.Float32, xs);
                var fw = AddLstmCell(m, d, "fw_", c, nInput, fwCell, fwOut, out _);
                var bw = AddLstmCell(m, d, "bw_", c, nInput, bwCell, bwOut, out _);
                var (fh, fc) = AddLstmStates(m, "fw_", c, batch, fwCell, fwOut);
                var (bh, bc) = AddLstmStates(m, "bw_", c, batch, bwCell, bwOut);
                int a = aux == Aux.None ? -1 : m.Input("aux", TensorType.Float32, auxShape);
                var auxW = new int[8];
                for (int g = 0; g < 8; g++)
                {
                    bool fwGate = g < 4;
                    int cells = fwGate ? fwCell : bwCell;
                    auxW[g] = aux != Aux.CrossLinks || (g % 4 == 0 && c.Cifg) ? -1 : c.Kind == Cell.Float
                        ? FloatConst(m, d, $"{(fwGate ? "fw" : "bw")}_aux_{Gates[g % 4]}_weights", [cells, auxSize])
                        : m.Tensor($"{(fwGate ? "fw" : "bw")}_aux_{Gates[g % 4]}_weights", c.Kind == Cell.HybridUInt8 ? TensorType.UInt8 : TensorType.Int8, [cells, auxSize],
                                   d.Array(TensorType.Int8, [cells, auxSize], lo: -127, hi: 127).Data, scale: [WScale], zeroPoint: [0]);
                }
                int fwY = m.Input("fw_out", TensorType.Float32, 1), bwY = m.Input("bw_out", TensorType.Float32, 1);
                int[] outs = merge ? [fwY] : [fwY, bwY];
                m.Op(BuiltinOperator.BIDIRECTIONAL_SEQUENCE_LSTM, [x, .. fw, .. bw, fh, fc, bh, bc, a, .. auxW], outs, c.Kind == Cell.Float ? 1 : 3, BidiLstmOptions,
                     new OptionField(0, OptionKind.Byte, c.Activation), new OptionField(1, OptionKind.Float, c.CellClip), new OptionField(2, OptionKind.Float, c.ProjClip),
                     new OptionField(3, OptionKind.Bool, merge ? 1 : 0), OptionField.Flag(4, timeMajor),
                     new OptionField(5, OptionKind.Bool, c.Kind == Cell.HybridAsymmetric ? 1 : 0))
                 .Inputs(aux == Aux.None ? [x] : [x, a]).Outputs(outs);
                var fed = new List<NpyArray> { d.Array(TensorType.Float32, xs, scale: 2f) };
                if (aux != Aux.None) fed.Add(d.Array(TensorType.Float32, auxShape, scale: 2f));
                return new OpCase(name, m.Build(), fed.ToArray());
            }));
        }
    }
}
