using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Params;

/// <summary>
/// Precomputed fixed-point parameters of the integer (8x8_16) LSTM, TFLite's IntegerLstmParameter.
/// Each multiplier is a Q31 value with a left shift (TFLite's *_scale_a / *_scale_b). Build with
/// <see cref="Create"/> from the tensors' scales.
/// </summary>
public sealed class LstmIntegerParams
{
    public int InputToInputMultiplier, InputToInputShift, InputToForgetMultiplier, InputToForgetShift;
    public int InputToCellMultiplier, InputToCellShift, InputToOutputMultiplier, InputToOutputShift;
    public int RecurrentToInputMultiplier, RecurrentToInputShift, RecurrentToForgetMultiplier, RecurrentToForgetShift;
    public int RecurrentToCellMultiplier, RecurrentToCellShift, RecurrentToOutputMultiplier, RecurrentToOutputShift;
    public int CellToInputMultiplier, CellToInputShift, CellToForgetMultiplier, CellToForgetShift;
    public int CellToOutputMultiplier, CellToOutputShift;
    public int ProjectionMultiplier, ProjectionShift, HiddenMultiplier, HiddenShift;
    public int LayerNormInputMultiplier, LayerNormInputShift, LayerNormForgetMultiplier, LayerNormForgetShift;
    public int LayerNormCellMultiplier, LayerNormCellShift, LayerNormOutputMultiplier, LayerNormOutputShift;
    public int InputVarianceGuard, ForgetVarianceGuard, CellVarianceGuard, OutputVarianceGuard;
    /// <summary>Zero point of the hidden value output_gate * tanh(cell) (intermediate 4).</summary>
    public int HiddenZeroPoint;
    public int OutputStateZeroPoint;
    /// <summary>log2 of the cell state scale (for example -11 for 2^-11).</summary>
    public int CellScale;
    public short QuantizedCellClip;
    public sbyte QuantizedProjClip;

    /// <summary>
    /// Computes the parameters as TFLite's PopulateQuantizedLstmParams8x8_16 does (scales multiplied in
    /// float, then decomposed). Gate intermediates (indices 0..3) are only used with layer norm; without
    /// it they are Q3.12. Returns null with <paramref name="error"/> when the cell state scale is not a
    /// power of two or the cell scale is outside what the tanh supports.
    /// </summary>
    public static LstmIntegerParams? Create(LstmIntegerScales s, out string? error)
    {
        error = null;
        if (!QuantizedAddSubParams.TryLog2(s.CellState, out int cellScale))
        {
            error = $"cell state scale {s.CellState} is not a power of two";
            return null;
        }
        if (15 + cellScale < 0 || 15 + cellScale > 6)
        {
            error = $"cell state scale 2^{cellScale} is outside the supported range 2^-15..2^-9";
            return null;
        }
        Span<float> inter = stackalloc float[5];
        for (int i = 0; i < 4; i++) inter[i] = s.UseLayerNorm ? s.IntermediateScales[i] : MathF.Pow(2f, -12f);
        inter[4] = s.HiddenScale;

        float cellPot = MathF.Pow(2f, cellScale);
        var p = new LstmIntegerParams { CellScale = cellScale, HiddenZeroPoint = s.HiddenZeroPoint, OutputStateZeroPoint = s.OutputStateZeroPoint };
        float inputToInput = s.UseCifg ? 1f : s.InputToInput * s.Input / inter[0];
        float recurrentToInput = s.UseCifg ? 1f : s.RecurrentToInput * s.OutputState / inter[0];
        float inputToForget = s.InputToForget * s.Input / inter[1];
        float recurrentToForget = s.RecurrentToForget * s.OutputState / inter[1];
        float inputToCell = s.InputToCell * s.Input / inter[2];
        float recurrentToCell = s.RecurrentToCell * s.OutputState / inter[2];
        float inputToOutput = s.InputToOutput * s.Input / inter[3];
        float recurrentToOutput = s.RecurrentToOutput * s.OutputState / inter[3];
        float hidden = MathF.Pow(2f, -15f) / inter[4] * MathF.Pow(2f, -15f);
        float projection = (s.UseProjection ? s.Projection : 1f) * inter[4] / s.OutputState;
        float cellToInput = 1f, cellToForget = 1f, cellToOutput = 1f;
        if (s.UsePeephole)
        {
            if (!s.UseCifg) cellToInput = cellPot * s.CellToInput / inter[0];
            cellToForget = cellPot * s.CellToForget / inter[1];
            cellToOutput = cellPot * s.CellToOutput / inter[3];
        }
        float lnInput = s.UseLayerNorm && !s.UseCifg ? s.LayerNormInput : 1f;
        float lnForget = s.UseLayerNorm ? s.LayerNormForget : 1f;
        float lnCell = s.UseLayerNorm ? s.LayerNormCell : 1f;
        float lnOutput = s.UseLayerNorm ? s.LayerNormOutput : 1f;

        ReadOnlySpan<float> effective =
        [
            inputToInput, recurrentToInput, cellToInput, inputToForget, recurrentToForget, cellToForget, inputToCell,
            recurrentToCell, inputToOutput, recurrentToOutput, cellToOutput, projection, hidden, lnInput, lnForget, lnCell, lnOutput,
        ];
        foreach (float v in effective)
        {
            if (!float.IsFinite(v) || v < 0f)
            {
                error = $"an effective scale of the integer LSTM is {v}, not a finite non-negative number (check the quantization scales of its weights, states and intermediates)";
                return null;
            }
        }
        Q(inputToInput, out p.InputToInputMultiplier, out p.InputToInputShift);
        Q(recurrentToInput, out p.RecurrentToInputMultiplier, out p.RecurrentToInputShift);
        Q(cellToInput, out p.CellToInputMultiplier, out p.CellToInputShift);
        Q(inputToForget, out p.InputToForgetMultiplier, out p.InputToForgetShift);
        Q(recurrentToForget, out p.RecurrentToForgetMultiplier, out p.RecurrentToForgetShift);
        Q(cellToForget, out p.CellToForgetMultiplier, out p.CellToForgetShift);
        Q(inputToCell, out p.InputToCellMultiplier, out p.InputToCellShift);
        Q(recurrentToCell, out p.RecurrentToCellMultiplier, out p.RecurrentToCellShift);
        Q(inputToOutput, out p.InputToOutputMultiplier, out p.InputToOutputShift);
        Q(recurrentToOutput, out p.RecurrentToOutputMultiplier, out p.RecurrentToOutputShift);
        Q(cellToOutput, out p.CellToOutputMultiplier, out p.CellToOutputShift);
        Q(projection, out p.ProjectionMultiplier, out p.ProjectionShift);
        Q(hidden, out p.HiddenMultiplier, out p.HiddenShift);
        Q(lnInput, out p.LayerNormInputMultiplier, out p.LayerNormInputShift);
        Q(lnForget, out p.LayerNormForgetMultiplier, out p.LayerNormForgetShift);
        Q(lnCell, out p.LayerNormCellMultiplier, out p.LayerNormCellShift);
        Q(lnOutput, out p.LayerNormOutputMultiplier, out p.LayerNormOutputShift);

        p.InputVarianceGuard = Math.Max(1, (int)(10000 * lnInput));
        p.ForgetVarianceGuard = Math.Max(1, (int)(10000 * lnForget));
        p.CellVarianceGuard = Math.Max(1, (int)(10000 * lnCell));
        p.OutputVarianceGuard = Math.Max(1, (int)(10000 * lnOutput));

        p.QuantizedCellClip = s.CellClip > 0f
            ? (short)MathF.Min(MathF.Max(s.CellClip / s.CellState, -32768f), 32767f)
            : (short)0;
        p.QuantizedProjClip = s.ProjClip > 0f
            ? (sbyte)MathF.Min(MathF.Max(s.ProjClip / (s.Output ?? s.OutputState), -128f), 127f)
            : (sbyte)0;
        return p;
    }

    private static void Q(float scale, out int multiplier, out int shift) =>
        QuantizedMultiplier.Quantize(scale, out multiplier, out shift);
}
