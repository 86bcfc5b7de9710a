using ManagedLite.Kernels.Recurrent;

namespace ManagedLite.Kernels.Params;

/// <summary>
/// Sizes of one pass of a basic RNN over a sequence: input [MaxTime, Batch, InputSize] when <see cref="TimeMajor"/>,
/// else [Batch, MaxTime, InputSize] (the auxiliary input likewise with AuxInputSize). Output rows hold
/// <see cref="OutputStride"/> values, this cell's <see cref="Units"/> written at <see cref="OutputOffset"/>
/// (a bidirectional RNN with merged outputs writes both directions into one row). Hidden state [Batch, Units].
/// </summary>
public readonly record struct RnnParams(int MaxTime, int Batch, int InputSize, int Units, bool TimeMajor, RecurrentActivation Activation)
{
    public int AuxInputSize { get; init; }
    public int OutputStride { get; init; } = Units;
    public int OutputOffset { get; init; }
    /// <summary>False: the sequence is walked from the last step to the first (the backward cell).</summary>
    public bool Forward { get; init; } = true;

    public int Row(int t, int b) => TimeMajor ? t * Batch + b : b * MaxTime + t;
}

/// <summary>Float RNN weights: input [Units, InputSize], aux [Units, AuxInputSize] (empty when absent), recurrent [Units, Units], bias [Units].</summary>
public ref struct RnnFloatWeights
{
    public ReadOnlySpan<float> Input, Aux, Recurrent, Bias;
}

/// <summary>Hybrid RNN weights: int8 matrices with per-tensor scales and row sums (asymmetric quantization only), float bias.</summary>
public ref struct RnnHybridWeights
{
    public ReadOnlySpan<sbyte> Input, Aux, Recurrent;
    public float InputScale, AuxScale, RecurrentScale;
    public ReadOnlySpan<int> InputRowSums, AuxRowSums, RecurrentRowSums;
    public ReadOnlySpan<float> Bias;
}
