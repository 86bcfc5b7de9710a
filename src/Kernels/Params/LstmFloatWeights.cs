namespace ManagedLite.Kernels.Params;

/// <summary>
/// Constant inputs of a float LSTM. Input weights [Cell, Input], recurrent weights [Cell, Output],
/// peephole weights [Cell], biases [Cell], layer norm coefficients [Cell], projection [Output, Cell],
/// projection bias [Output], auxiliary-input weights [Cell, AuxInput] (bidirectional LSTM). An empty span means the
/// tensor is absent: no InputToInput = CIFG, no CellTo* = no peephole, no layer norm, no projection, no aux input.
/// </summary>
public ref struct LstmFloatWeights
{
    public ReadOnlySpan<float> InputToInput, InputToForget, InputToCell, InputToOutput;
    public ReadOnlySpan<float> RecurrentToInput, RecurrentToForget, RecurrentToCell, RecurrentToOutput;
    public ReadOnlySpan<float> CellToInput, CellToForget, CellToOutput;
    public ReadOnlySpan<float> InputGateBias, ForgetGateBias, CellGateBias, OutputGateBias;
    public ReadOnlySpan<float> ProjectionWeights, ProjectionBias;
    public ReadOnlySpan<float> InputLayerNorm, ForgetLayerNorm, CellLayerNorm, OutputLayerNorm;
    public ReadOnlySpan<float> AuxToInput, AuxToForget, AuxToCell, AuxToOutput;
}
