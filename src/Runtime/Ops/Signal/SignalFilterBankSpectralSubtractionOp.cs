using ManagedLite.Kernels.Signal;
using ManagedLite.Schema;
using static ManagedLite.Ops.Signal.SignalOpHelpers;

namespace ManagedLite.Ops.Signal;

/// <summary>
/// SignalFilterBankSpectralSubtraction (TFLite Micro): uint32 [C] in; outputs uint32 [C] (signal less noise) and
/// uint32 [C] (the noise estimate). The estimate is state of this node: it persists across invokes and is reset
/// to zero in Prepare, as TFLite Micro does, and by Interpreter.ResetVariableTensors (TFLite Micro's reset).
/// </summary>
internal sealed class SignalFilterBankSpectralSubtractionOp : IOpKernel, IStatefulKernel
{
    public void ResetState() => Array.Clear(_noise);

    private SpectralSubtractionParams _params;
    private uint[] _noise = [];

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 1, 2);
        var input = context.Input(0);
        Expect(context, input, TensorType.UInt32, 1, "input");
        Expect(context, context.Output(0), TensorType.UInt32, 1, "output");
        Expect(context, context.Output(1), TensorType.UInt32, 1, "noise estimate");
        var o = Options(context);
        int channels = Int(context, o, "num_channels", 0, 1 << 20);
        if (input.Dim(0) != channels)
            throw context.Fail($"input '{input.Name}' must have num_channels = {channels} elements, got {input.Dim(0)}");
        _params = new SpectralSubtractionParams(
            Smoothing: unchecked((uint)o.GetInt32("smoothing")),
            OneMinusSmoothing: unchecked((uint)o.GetInt32("one_minus_smoothing")),
            AlternateSmoothing: unchecked((uint)o.GetInt32("alternate_smoothing")),
            AlternateOneMinusSmoothing: unchecked((uint)o.GetInt32("alternate_one_minus_smoothing")),
            MinSignalRemaining: unchecked((uint)o.GetInt32("min_signal_remaining")),
            SmoothingBits: Int(context, o, "smoothing_bits", 0, 31),
            SpectralSubtractionBits: Int(context, o, "spectral_subtraction_bits", 0, 63),
            Clamping: o.GetBool("clamping"));
        _noise = new uint[channels];
        context.ResizeOutput(0, [channels]);
        context.ResizeOutput(1, [channels]);
    }

    public void Eval(OpContext context)
    {
        SpectralSubtraction.Apply(_params, context.Input(0).GetData<uint>(), context.Output(0).GetWritableData<uint>(), _noise);
        _noise.AsSpan().CopyTo(context.Output(1).GetWritableData<uint>());
    }
}
