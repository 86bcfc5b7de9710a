using ManagedLite.IO;
using ManagedLite.Robustness;
using ManagedLite.Schema;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.OpConformance;

/// <summary>
/// Sequence models: RNN, UNIDIRECTIONAL_SEQUENCE_RNN, BIDIRECTIONAL_SEQUENCE_RNN, LSTM and
/// BIDIRECTIONAL_SEQUENCE_LSTM, float and hybrid (and integer LSTM), with their state tensors as variables.
/// </summary>
internal static partial class OpCases
{
    static partial void AddSequence(List<OpCaseFactory> cases)
    {
        SequenceFamilyCases.AddRnn(cases);
        SequenceFamilyCases.AddSequenceRnn(cases);
        SequenceFamilyCases.AddBidirectionalRnn(cases);
        SequenceFamilyCases.AddLstm(cases);
        SequenceFamilyCases.AddUnidirectionalLstm(cases);
        SequenceFamilyCases.AddBidirectionalLstm(cases);
    }
}

/// <summary>Builders of the sequence-family cases.</summary>
internal static partial class SequenceFamilyCases
{
    private const byte RnnOptions = 7, SequenceRnnOptions = 31, BidiRnnOptions = 70;

    /// <summary>Kinds of weights: float32, hybrid int8 (symmetric or asymmetric input quantization), hybrid uint8 bytes.</summary>
    internal enum Weights { Float, Int8, Int8Asymmetric, UInt8 }

    internal static TensorType TypeOf(Weights w) => w switch
    {
        Weights.Float => TensorType.Float32,
        Weights.UInt8 => TensorType.UInt8,
        _ => TensorType.Int8,
    };

    internal static string Tag(Weights w) => w switch
    {
        Weights.Float => "float",
        Weights.Int8 => "hybrid",
        Weights.Int8Asymmetric => "hybrid_asym",
        _ => "hybrid_uint8",
    };

    /// <summary>A constant weight tensor: floats in [-scale, scale), or quantized bytes with a per-tensor scale.</summary>
    internal static int Weight(TinyModel m, CaseData d, string name, int[] shape, Weights w, float scale = 0.5f)
    {
        if (w == Weights.Float) return m.Tensor(name, TensorType.Float32, shape, d.Array(TensorType.Float32, shape, scale: scale).Data);
        var type = TypeOf(w);
        var data = type == TensorType.UInt8 ? d.Array(type, shape, lo: 0, hi: 255) : d.Array(type, shape, lo: -127, hi: 127);
        return m.Tensor(name, type, shape, data.Data, scale: [scale / 127f], zeroPoint: [0]);
    }

    internal static int FloatConst(TinyModel m, CaseData d, string name, int[] shape, float scale = 0.5f) =>
        m.Tensor(name, TensorType.Float32, shape, d.Array(TensorType.Float32, shape, scale: scale).Data);

    internal static OptionField Asym(Weights w, int slot) => new(slot, OptionKind.Bool, w == Weights.Int8Asymmetric ? 1 : 0);

    public static void AddRnn(List<OpCaseFactory> cases)
    {
        foreach (var (w, act) in new[] { (Weights.Float, 4), (Weights.Float, 1), (Weights.Int8, 4), (Weights.Int8Asymmetric, 2), (Weights.UInt8, 0) })
        {
            string name = $"rnn_{Tag(w)}_a{act}";
            int version = w switch { Weights.Float => 1, Weights.Int8Asymmetric => 3, _ => 2 };
            cases.Add(new(name, seed =>
            {
                // Two RNN steps sharing one hidden-state variable, so that the second one reads a non-zero state.
                var d = new CaseData(seed);
                int batch = d.Int(1, 3), input = d.Int(1, 9), units = d.Int(1, 9);
                var m = new TinyModel();
                int x0 = m.Input("x0", TensorType.Float32, batch, input);
                int x1 = m.Input("x1", TensorType.Float32, batch, input);
                int wi = Weight(m, d, "weights", [units, input], w);
                int wr = Weight(m, d, "recurrent_weights", [units, units], w);
                int b = FloatConst(m, d, "bias", [units]);
                int h = m.Tensor("hidden", TensorType.Float32, [batch, units], isVariable: true);
                int y0 = m.Input("y0", TensorType.Float32, batch, units);
                int y1 = m.Input("y1", TensorType.Float32, batch, units);
                OptionField[] o = [new(0, OptionKind.Byte, act), Asym(w, 1)];
                m.Op(BuiltinOperator.RNN, [x0, wi, wr, b, h], [y0], version, RnnOptions, o)
                 .Op(BuiltinOperator.RNN, [x1, wi, wr, b, h], [y1], version, RnnOptions, o)
                 .Inputs(x0, x1).Outputs(y0, y1);
                return new OpCase(name, m.Build(), [d.Array(TensorType.Float32, [batch, input], scale: 2f), d.Array(TensorType.Float32, [batch, input], scale: 2f)]);
            }));
        }
    }

    public static void AddSequenceRnn(List<OpCaseFactory> cases)
    {
        foreach (var (w, timeMajor, act) in new[]
                 {
                     (Weights.Float, false, 4), (Weights.Float, true, 1), (Weights.Float, false, 3),
                     (Weights.Int8, false, 4), (Weights.Int8, true, 4), (Weights.Int8Asymmetric, false, 2), (Weights.UInt8, true, 4),
                 })
        {
            string name = $"sequence_rnn_{Tag(w)}_{(timeMajor ? "time_major" : "batch_major")}_a{act}";
            int version = w switch { Weights.Float => 1, Weights.Int8Asymmetric => 3, _ => 2 };
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                int batch = d.Int(1, 3), time = d.Int(2, 5), input = d.Int(1, 9), units = d.Int(1, 9);
                int[] xs = timeMajor ? [time, batch, input] : [batch, time, input];
                var m = new TinyModel();
                int x = m.Input("x", TensorType.Float32, xs);
                int wi = Weight(m, d, "weights", [units, input], w);
                int wr = Weight(m, d, "recurrent_weights", [units, units], w);
                int b = FloatConst(m, d, "bias", [units]);
                int h = m.Tensor("hidden", TensorType.Float32, [batch, units], isVariable: true);
                int y = m.Input("y", TensorType.Float32, 1);
                m.Op(BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_RNN, [x, wi, wr, b, h], [y], version, SequenceRnnOptions,
                     new OptionField(0, OptionKind.Bool, timeMajor ? 1 : 0), new OptionField(1, OptionKind.Byte, act), Asym(w, 2))
                 .Inputs(x).Outputs(y);
                return new OpCase(name, m.Build(), [d.Array(TensorType.Float32, xs, scale: 2f)]);
            }));
        }
    }

    /// <summary>Auxiliary-input modes of the bidirectional RNN and LSTM.</summary>
    internal enum Aux { None, CrossLinks, BackwardInput }

    public static void AddBidirectionalRnn(List<OpCaseFactory> cases)
    {
        // TFLite's hybrid time-major loop runs the sequence max_time times, so hybrid time-major cases have one step;
        // its time-major and hybrid loops step through the auxiliary input with the input's size, so those cases
        // give both the same size (ManagedLite is also unit-tested with other sizes).
        // (RNN and LSTM cases share these modes.)
        foreach (var (w, timeMajor, merge, aux, act) in new[]
                 {
                     (Weights.Float, false, false, Aux.None, 4), (Weights.Float, true, true, Aux.None, 4),
                     (Weights.Float, false, true, Aux.CrossLinks, 1), (Weights.Float, true, false, Aux.CrossLinks, 4),
                     (Weights.Float, false, false, Aux.BackwardInput, 4), (Weights.Float, true, true, Aux.BackwardInput, 2),
                     (Weights.Int8, false, false, Aux.None, 4), (Weights.Int8, false, true, Aux.CrossLinks, 4),
                     (Weights.Int8Asymmetric, false, true, Aux.None, 4), (Weights.Int8, true, false, Aux.None, 4),
                     (Weights.UInt8, false, false, Aux.BackwardInput, 4),
                 })
        {
            string name = $"bidi_rnn_{Tag(w)}_{(timeMajor ? "time_major" : "batch_major")}{(merge ? "_merged" : "")}_aux_{aux.ToString().ToLowerInvariant()}_a{act}";
            int version = w switch { Weights.Float => 1, Weights.Int8Asymmetric => 3, _ => 2 };
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                int batch = d.Int(1, 3), input = d.Int(1, 7), fwUnits = d.Int(1, 7), bwUnits = d.Int(1, 7);
                int time = w != Weights.Float && timeMajor ? 1 : d.Int(2, 5);
                int auxSize = aux == Aux.CrossLinks && !timeMajor && w == Weights.Float ? d.Int(1, 7) : input;
                int[] xs = timeMajor ? [time, batch, input] : [batch, time, input];
                int[] auxShape = timeMajor ? [time, batch, auxSize] : [batch, time, auxSize];
                var m = new TinyModel();
                int x = m.Input("x", TensorType.Float32, xs);
                int fwW = Weight(m, d, "fw_weights", [fwUnits, input], w);
                int fwR = Weight(m, d, "fw_recurrent_weights", [fwUnits, fwUnits], w);
                int fwB = FloatConst(m, d, "fw_bias", [fwUnits]);
                int fwH = m.Tensor("fw_hidden", TensorType.Float32, [batch, fwUnits], isVariable: true);
                int bwW = Weight(m, d, "bw_weights", [bwUnits, input], w);
                int bwR = Weight(m, d, "bw_recurrent_weights", [bwUnits, bwUnits], w);
                int bwB = FloatConst(m, d, "bw_bias", [bwUnits]);
                int bwH = m.Tensor("bw_hidden", TensorType.Float32, [batch, bwUnits], isVariable: true);
                int a = aux == Aux.None ? -1 : m.Input("aux", TensorType.Float32, auxShape);
                int fwA = aux == Aux.CrossLinks ? Weight(m, d, "fw_aux_weights", [fwUnits, auxSize], w) : -1;
                int bwA = aux == Aux.CrossLinks ? Weight(m, d, "bw_aux_weights", [bwUnits, auxSize], w) : -1;
                int fwY = m.Input("fw_out", TensorType.Float32, 1);
                int bwY = m.Input("bw_out", TensorType.Float32, 1);
                int[] outs = merge ? [fwY] : [fwY, bwY];
                m.Op(BuiltinOperator.BIDIRECTIONAL_SEQUENCE_RNN, [x, fwW, fwR, fwB, fwH, bwW, bwR, bwB, bwH, a, fwA, bwA], outs, version, BidiRnnOptions,
                     new OptionField(0, OptionKind.Bool, timeMajor ? 1 : 0), new OptionField(1, OptionKind.Byte, act),
                     new OptionField(2, OptionKind.Bool, merge ? 1 : 0), Asym(w, 3))
                 .Inputs(aux == Aux.None ? [x] : [x, a]).Outputs(outs);
                var fed = new List<NpyArray> { d.Array(TensorType.Float32, xs, scale: 2f) };
                // TFLite's batch-major loops give the backward cell the input even when the auxiliary input should
                // replace it: feed it the same values there.
                if (aux == Aux.BackwardInput && !timeMajor) fed.Add(fed[0]);
                else if (aux != Aux.None) fed.Add(d.Array(TensorType.Float32, auxShape, scale: 2f));
                return new OpCase(name, m.Build(), fed.ToArray());
            }));
        }
    }
}
