using ManagedLite.Kernels.Signal;
using ManagedLite.Schema;
using static ManagedLite.Ops.Signal.SignalOpHelpers;

namespace ManagedLite.Ops.Signal;

/// <summary>
/// SignalEnergy (TFLite Micro): input int16 [2 * B] (complex bins), options start_index and end_index; output
/// uint32 [B] with re^2 + im^2 in [start, end). Bins outside the range are written as 0 (TFLite Micro leaves
/// them unwritten).
/// </summary>
internal sealed class SignalEnergyOp : IOpKernel
{
    private int _start, _end;

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 1, 1);
        var input = context.Input(0);
        Expect(context, input, TensorType.Int16, 1, "input");
        Expect(context, context.Output(0), TensorType.UInt32, 1, "output");
        int bins = input.Dim(0) / 2;
        var options = Options(context);
        _start = Int(context, options, "start_index", 0, bins);
        _end = Int(context, options, "end_index", _start, bins);
        context.ResizeOutput(0, [bins]);
    }

    public void Eval(OpContext context)
    {
        var output = context.Output(0).GetWritableData<uint>();
        output[.._start].Clear();
        output[_end..].Clear();
        Energy.Apply(context.Input(0).GetData<short>(), _start, _end, output);
    }
}
