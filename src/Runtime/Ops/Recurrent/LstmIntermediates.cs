namespace ManagedLite.Ops.Recurrent;

/// <summary>
/// Quantization of the integer LSTM's intermediate tensors (operator.intermediates). TFLite reads the
/// hidden value's scale and zero point from intermediate 4 (and, with layer norm, the gate scales from
/// intermediates 0..3). <see cref="OpContext"/> does not expose intermediate tensors yet, so the hidden
/// quantization falls back to the output state's, which is what TFLite Micro uses and what the converter
/// writes into intermediate 4 when there is no projection (bit-identical in trained_lstm_int8,
/// micro_speech_lstm and dtln_noise_suppression).
/// TODO(lead): once OpContext exposes intermediate tensors, read intermediate 4 here when present.
/// </summary>
internal static class LstmIntermediates
{
    public static (float Scale, int ZeroPoint) Hidden(OpContext context, Tensor outputState)
    {
        _ = context.Definition.Intermediates; // indices only; their tensors are not reachable from OpContext yet
        var q = outputState.Quantization;
        return (q?.Scale ?? 1f, q?.ZeroPoint ?? 0);
    }
}
