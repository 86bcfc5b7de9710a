namespace ManagedLite.Ops.Recurrent;

/// <summary>
/// Quantization of the integer LSTM's intermediate tensors (operator.intermediates). TFLite reads the
/// hidden value's scale and zero point from intermediate 4 (and, with layer norm, the gate scales from
/// intermediates 0..3). When intermediate 4 is absent or unquantized, the output state's quantization is
/// used, as TFLite Micro does (the converter writes the same values there when there is no projection).
/// </summary>
internal static class LstmIntermediates
{
    public static (float Scale, int ZeroPoint) Hidden(OpContext context, LiteTensor outputState)
    {
        var q = context.Intermediate(4)?.Quantization is { Scales.Count: > 0 } iq ? iq : outputState.Quantization;
        return (q?.Scale ?? 1f, q?.ZeroPoint ?? 0);
    }
}
