using ManagedLite.Kernels.Signal;
using ManagedLite.Schema;
using static ManagedLite.Ops.Signal.SignalOpHelpers;

namespace ManagedLite.Ops.Signal;

/// <summary>SignalFilterBankSquareRoot (TFLite Micro): uint64 [C] and int32 scalar scale bits; output uint32 [C].</summary>
internal sealed class SignalFilterBankSquareRootOp : IOpKernel
{
    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 2, 1);
        var input = context.Input(0);
        Expect(context, input, TensorType.UInt64, 1, "input");
        Expect(context, context.Input(1), TensorType.Int32, 0, "scale bits");
        Expect(context, context.Output(0), TensorType.UInt32, 1, "output");
        context.ResizeOutput(0, input.Shape);
    }

    public void Eval(OpContext context)
    {
        int bits = context.Input(1).GetData<int>()[0];
        if (bits < 0) throw context.Fail($"scale bits {bits} is negative");
        FilterBankSquareRoot.Apply(context.Input(0).GetData<ulong>(), bits, context.Output(0).GetWritableData<uint>());
    }
}
