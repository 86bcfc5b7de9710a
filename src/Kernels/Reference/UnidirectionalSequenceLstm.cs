using ManagedLite.Kernels.Params;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// UNIDIRECTIONAL_SEQUENCE_LSTM: one forward pass of the shared <see cref="LstmCell"/> over the sequence (float,
/// hybrid, integer 8x8_16), without an auxiliary input.
/// </summary>
public static class UnidirectionalSequenceLstm
{
    /// <summary>Floats of scratch needed by <see cref="EvalFloat"/> and <see cref="EvalHybrid"/>.</summary>
    public static int FloatScratchLength(in LstmParams p) => LstmCell.FloatScratchLength(p);

    /// <summary>int8 scratch needed by <see cref="EvalHybrid"/>: quantized input, output state and hidden.</summary>
    public static int HybridQuantizedScratchLength(in LstmParams p) => LstmCell.HybridQuantizedScratchLength(p);

    /// <summary>int16 scratch needed by <see cref="EvalInteger"/>.</summary>
    public static int IntegerScratchLength(in LstmParams p) => LstmCell.IntegerScratchLength(p);

    /// <summary>int8 scratch needed by <see cref="EvalInteger"/> (the hidden value).</summary>
    public static int IntegerHiddenScratchLength(in LstmParams p) => LstmCell.IntegerHiddenScratchLength(p);

    /// <summary>Float LSTM with optional CIFG, peephole, layer norm, projection and clipping.</summary>
    public static void EvalFloat(in LstmParams p, scoped in LstmFloatWeights w, ReadOnlySpan<float> input,
                                 Span<float> outputState, Span<float> cellState, Span<float> output, Span<float> scratch)
        => LstmCell.Float(p, w, input, default, outputState, cellState, output, scratch);

    /// <summary>Hybrid LSTM: int8 weights, float input/states/output (see <see cref="LstmCell.Hybrid"/>).</summary>
    public static void EvalHybrid(in LstmParams p, scoped in LstmHybridWeights w, bool asymmetricQuantizeInputs,
                                  ReadOnlySpan<float> input, Span<float> outputState, Span<float> cellState,
                                  Span<float> output, Span<float> scratch, Span<sbyte> quantizedScratch)
        => LstmCell.Hybrid(p, w, asymmetricQuantizeInputs, input, default, outputState, cellState, output, scratch, quantizedScratch);

    /// <summary>Fully integer LSTM (see <see cref="LstmCell.Integer"/>).</summary>
    public static void EvalInteger(in LstmParams p, scoped in LstmIntegerWeights w, LstmIntegerParams q,
                                   ReadOnlySpan<sbyte> input, Span<sbyte> outputState, Span<short> cellState,
                                   Span<sbyte> output, Span<short> scratch, Span<sbyte> hiddenScratch)
        => LstmCell.Integer(p, w, q, input, outputState, cellState, output, scratch, hiddenScratch);
}
