namespace ManagedLite.Kernels.Params;

/// <summary>Per-tensor scales that determine <see cref="LstmIntegerParams"/> (1 for absent tensors).</summary>
public sealed record LstmIntegerScales
{
    public float Input { get; init; } = 1f;
    public float OutputState { get; init; } = 1f;
    public int OutputStateZeroPoint { get; init; }
    public float CellState { get; init; } = 1f;
    public float InputToInput { get; init; } = 1f;
    public float InputToForget { get; init; } = 1f;
    public float InputToCell { get; init; } = 1f;
    public float InputToOutput { get; init; } = 1f;
    public float RecurrentToInput { get; init; } = 1f;
    public float RecurrentToForget { get; init; } = 1f;
    public float RecurrentToCell { get; init; } = 1f;
    public float RecurrentToOutput { get; init; } = 1f;
    public float CellToInput { get; init; } = 1f;
    public float CellToForget { get; init; } = 1f;
    public float CellToOutput { get; init; } = 1f;
    public float Projection { get; init; } = 1f;
    public float LayerNormInput { get; init; } = 1f;
    public float LayerNormForget { get; init; } = 1f;
    public float LayerNormCell { get; init; } = 1f;
    public float LayerNormOutput { get; init; } = 1f;
    /// <summary>Scales of the gate intermediates 0..3 (used only with layer norm).</summary>
    public float[] IntermediateScales { get; init; } = [1f, 1f, 1f, 1f];
    /// <summary>Scale and zero point of intermediate 4, the hidden value.</summary>
    public float HiddenScale { get; init; } = 1f;
    public int HiddenZeroPoint { get; init; }
    /// <summary>Scale of the output tensor, which quantizes proj_clip (TFLite); null = the output state's.</summary>
    public float? Output { get; init; }
    public float CellClip { get; init; }
    public float ProjClip { get; init; }
    public bool UseCifg { get; init; }
    public bool UsePeephole { get; init; }
    public bool UseLayerNorm { get; init; }
    public bool UseProjection { get; init; }
}
