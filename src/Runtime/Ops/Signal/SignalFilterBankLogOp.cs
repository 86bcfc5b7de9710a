using ManagedLite.Kernels.Signal;
using ManagedLite.Schema;
using static ManagedLite.Ops.Signal.SignalOpHelpers;

namespace ManagedLite.Ops.Signal;

/// <summary>SignalFilterBankLog (TFLite Micro): uint32 [C]; options input_correction_bits, output_scale; output int16 [C].</summary>
internal sealed class SignalFilterBankLogOp : IOpKernel
{
    private int _correctionBits, _outputScale;

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 1, 1);
        var input = context.Input(0);
        Expect(context, input, TensorType.UInt32, 1, "input");
        Expect(context, context.Output(0), TensorType.Int16, 1, "output");
        var o = Options(context);
        _correctionBits = Int(context, o, "input_correction_bits", 0, 31);
        _outputScale = Int(context, o, "output_scale");
        context.ResizeOutput(0, input.Shape);
    }

    public void Eval(OpContext context) =>
        FilterBankLog.Apply(context.Input(0).GetData<uint>(), _outputScale, _correctionBits, context.Output(0).GetWritableData<short>());
}
