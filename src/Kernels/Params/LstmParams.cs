using ManagedLite.Kernels.Recurrent;

namespace ManagedLite.Kernels.Params;

/// <summary>
/// Sizes and options of one LSTM pass over a sequence (UNIDIRECTIONAL_SEQUENCE_LSTM, LSTM with MaxTime 1, one
/// direction of BIDIRECTIONAL_SEQUENCE_LSTM). Input is [MaxTime, Batch, InputSize] when <see cref="TimeMajor"/>,
/// else [Batch, MaxTime, InputSize]; the auxiliary input likewise with <see cref="AuxInputSize"/> (0 = none).
/// Output rows hold <see cref="OutputStride"/> values (default OutputSize), this pass writing OutputSize of them at
/// <see cref="OutputOffset"/> (a bidirectional LSTM with merged outputs writes both directions into one row).
/// States: output_state [Batch, OutputSize], cell_state [Batch, CellSize]. <see cref="Activation"/> is the cell-gate
/// and cell-output activation (float and hybrid; the integer kernel always uses tanh). Clips of 0 mean no clipping.
/// </summary>
public readonly record struct LstmParams(
    int MaxTime, int Batch, int InputSize, int CellSize, int OutputSize, bool TimeMajor,
    RecurrentActivation Activation, float CellClip, float ProjClip)
{
    public int AuxInputSize { get; init; }
    public int OutputStride { get; init; } = OutputSize;
    public int OutputOffset { get; init; }
    /// <summary>False: the sequence is walked from its last step to its first (the backward direction).</summary>
    public bool Forward { get; init; } = true;

    /// <summary>Row index (in rows of the input, auxiliary input and output) of (time, batch).</summary>
    public int Row(int t, int b) => TimeMajor ? t * Batch + b : b * MaxTime + t;

    /// <summary>Offset of the input row of (time, batch).</summary>
    public int InputRow(int t, int b) => Row(t, b) * InputSize;

    /// <summary>Offset of this pass's part of the output row of (time, batch).</summary>
    public int OutputRow(int t, int b) => Row(t, b) * OutputStride + OutputOffset;

    /// <summary>Throws <see cref="ArgumentException"/> unless the buffers are large enough for these sizes.</summary>
    public void Check(int input, int aux, int outputState, int cellState, int output)
    {
        if (MaxTime < 0 || Batch < 0 || InputSize < 0 || CellSize < 0 || OutputSize < 0 || AuxInputSize < 0 || OutputOffset < 0 ||
            OutputOffset + OutputSize > OutputStride)
            throw new ArgumentException($"lstm: bad sizes {this}");
        long rows = (long)MaxTime * Batch;
        if (input < rows * InputSize || (AuxInputSize > 0 && aux < rows * AuxInputSize) || outputState < (long)Batch * OutputSize ||
            cellState < (long)Batch * CellSize || output < rows * OutputStride)
            throw new ArgumentException($"lstm: buffers too short for {this}");
    }
}
