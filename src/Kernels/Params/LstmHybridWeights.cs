namespace ManagedLite.Kernels.Params;

/// <summary>
/// Constant inputs of a hybrid LSTM: int8 weight matrices with per-tensor scales, float biases and layer
/// norm coefficients, int8 peephole weights with scales. Row sums ([rows] each, the sum of every weight
/// row) are used only with asymmetric input quantization. Empty span = absent, as in <see cref="LstmFloatWeights"/>.
/// </summary>
public ref struct LstmHybridWeights
{
    public ReadOnlySpan<sbyte> InputToInput, InputToForget, InputToCell, InputToOutput;
    public float InputToInputScale, InputToForgetScale, InputToCellScale, InputToOutputScale;
    public ReadOnlySpan<sbyte> RecurrentToInput, RecurrentToForget, RecurrentToCell, RecurrentToOutput;
    public float RecurrentToInputScale, RecurrentToForgetScale, RecurrentToCellScale, RecurrentToOutputScale;
    public ReadOnlySpan<sbyte> CellToInput, CellToForget, CellToOutput;
    public float CellToInputScale, CellToForgetScale, CellToOutputScale;
    public ReadOnlySpan<float> InputGateBias, ForgetGateBias, CellGateBias, OutputGateBias;
    public ReadOnlySpan<sbyte> ProjectionWeights;
    public float ProjectionScale;
    public ReadOnlySpan<float> ProjectionBias;
    public ReadOnlySpan<float> InputLayerNorm, ForgetLayerNorm, CellLayerNorm, OutputLayerNorm;
    public ReadOnlySpan<int> InputToInputRowSums, InputToForgetRowSums, InputToCellRowSums, InputToOutputRowSums;
    public ReadOnlySpan<int> RecurrentToInputRowSums, RecurrentToForgetRowSums, RecurrentToCellRowSums, RecurrentToOutputRowSums;
    public ReadOnlySpan<int> ProjectionRowSums;
    /// <summary>Auxiliary-input weights [Cell, AuxInput] (bidirectional LSTM), scales and row sums.</summary>
    public ReadOnlySpan<sbyte> AuxToInput, AuxToForget, AuxToCell, AuxToOutput;
    public float AuxToInputScale, AuxToForgetScale, AuxToCellScale, AuxToOutputScale;
    public ReadOnlySpan<int> AuxToInputRowSums, AuxToForgetRowSums, AuxToCellRowSums, AuxToOutputRowSums;
}
