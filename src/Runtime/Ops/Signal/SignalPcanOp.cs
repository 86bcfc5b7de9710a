using ManagedLite.Kernels.Signal;
using ManagedLite.Schema;
using static ManagedLite.Ops.Signal.SignalOpHelpers;

namespace ManagedLite.Ops.Signal;

/// <summary>SignalPCAN (TFLite Micro): uint32 [C] signal, uint32 [C] noise estimate, int16 gain table; option snr_shift; output uint32 [C].</summary>
internal sealed class SignalPcanOp : IOpKernel
{
    private int _snrShift;

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 3, 1);
        var input = context.Input(0);
        var noise = context.Input(1);
        var lut = context.Input(2);
        Expect(context, input, TensorType.UInt32, 1, "input");
        Expect(context, noise, TensorType.UInt32, 1, "noise estimate");
        Expect(context, lut, TensorType.Int16, 1, "gain table");
        Expect(context, context.Output(0), TensorType.UInt32, 1, "output");
        if (noise.Dim(0) != input.Dim(0))
            throw context.Fail($"noise estimate '{noise.Name}' must have {input.Dim(0)} elements like the input, got {noise.Dim(0)}");
        if (lut.Dim(0) < Pcan.MinLutLength)
            throw context.Fail($"gain table '{lut.Name}' must have at least {Pcan.MinLutLength} entries, got {lut.Dim(0)}");
        _snrShift = Int(context, Options(context), "snr_shift", 0, 63);
        context.ResizeOutput(0, input.Shape);
    }

    public void Eval(OpContext context) =>
        Pcan.Apply(context.Input(0).GetData<uint>(), context.Input(1).GetData<uint>(), context.Input(2).GetData<short>(),
            _snrShift, context.Output(0).GetWritableData<uint>());
}
