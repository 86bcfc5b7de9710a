using ManagedLite.Kernels.Recurrent;

namespace ManagedLite.Kernels.Params;

/// <summary>
/// Sizes and options of one UNIDIRECTIONAL_SEQUENCE_LSTM invocation. Input is [MaxTime, Batch, InputSize]
/// when <see cref="TimeMajor"/>, else [Batch, MaxTime, InputSize]; output likewise with OutputSize.
/// States: output_state [Batch, OutputSize], cell_state [Batch, CellSize]. <see cref="Activation"/> is the
/// cell-gate and cell-output activation (float and hybrid; the integer kernel always uses tanh).
/// Clips of 0 mean no clipping.
/// </summary>
public readonly record struct LstmParams(
    int MaxTime, int Batch, int InputSize, int CellSize, int OutputSize, bool TimeMajor,
    RecurrentActivation Activation, float CellClip, float ProjClip)
{
    /// <summary>Offset of the input row of (time, batch).</summary>
    public int InputRow(int t, int b) => (TimeMajor ? t * Batch + b : b * MaxTime + t) * InputSize;

    /// <summary>Offset of the output row of (time, batch).</summary>
    public int OutputRow(int t, int b) => (TimeMajor ? t * Batch + b : b * MaxTime + t) * OutputSize;
}
