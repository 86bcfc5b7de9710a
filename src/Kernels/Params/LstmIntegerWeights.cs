namespace ManagedLite.Kernels.Params;

/// <summary>
/// Constant inputs of the integer (8x8_16) LSTM: int8 weights, int16 peephole weights, and the effective
/// biases precomputed as TFLite does (bias + (-zero point) * row sum of the weights; the recurrent ones
/// without bias; with layer norm the gate bias is left out of them and added inside the normalization).
/// Layer norm: int16 coefficients [Cell] and the int32 gate biases [Cell]. Empty span = absent.
/// </summary>
public ref struct LstmIntegerWeights
{
    public ReadOnlySpan<sbyte> InputToInput, InputToForget, InputToCell, InputToOutput;
    public ReadOnlySpan<sbyte> RecurrentToInput, RecurrentToForget, RecurrentToCell, RecurrentToOutput;
    public ReadOnlySpan<short> CellToInput, CellToForget, CellToOutput;
    public ReadOnlySpan<int> InputToInputBias, InputToForgetBias, InputToCellBias, InputToOutputBias;
    public ReadOnlySpan<int> RecurrentToInputBias, RecurrentToForgetBias, RecurrentToCellBias, RecurrentToOutputBias;
    public ReadOnlySpan<sbyte> ProjectionWeights;
    public ReadOnlySpan<int> ProjectionBias;
    public ReadOnlySpan<short> InputLayerNorm, ForgetLayerNorm, CellLayerNorm, OutputLayerNorm;
    public ReadOnlySpan<int> InputGateBias, ForgetGateBias, CellGateBias, OutputGateBias;
}
