using ManagedLite.Kernels.Signal;
using ManagedLite.Schema;
using static ManagedLite.Ops.Signal.SignalOpHelpers;

namespace ManagedLite.Ops.Signal;

/// <summary>
/// SignalFilterBank (TFLite Micro): inputs uint32 energies [F], int16 weights [W], unweights [W], channel
/// frequency starts, weight starts and widths [num_channels + 1]; option num_channels; output uint64 [num_channels].
/// </summary>
internal sealed class SignalFilterBankOp : IOpKernel
{
    private int _channels;

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 6, 1);
        var input = context.Input(0);
        Expect(context, input, TensorType.UInt32, 1, "input");
        string[] roles = ["weights", "unweights", "channel frequency starts", "channel weight starts", "channel widths"];
        for (int i = 1; i < 6; i++) Expect(context, context.Input(i), TensorType.Int16, 1, roles[i - 1]);
        Expect(context, context.Output(0), TensorType.UInt64, 1, "output");
        _channels = Int(context, Options(context), "num_channels", 0, 1 << 20);
        for (int i = 3; i < 6; i++)
            if (context.Input(i).Dim(0) < _channels + 1)
                throw context.Fail($"{roles[i - 1]} '{context.Input(i).Name}' needs {_channels + 1} entries (num_channels + 1), got {context.Input(i).Dim(0)}");
        if (context.Input(3).IsConstant && context.Input(4).IsConstant && context.Input(5).IsConstant)
        {
            string? error = FilterBank.Validate(input.Dim(0), context.Input(1).Dim(0), context.Input(2).Dim(0),
                context.Input(3).GetData<short>(), context.Input(4).GetData<short>(), context.Input(5).GetData<short>(), _channels);
            if (error is not null) throw context.Fail(error);
        }
        context.ResizeOutput(0, [_channels]);
    }

    public void Eval(OpContext context) =>
        FilterBank.Apply(context.Input(0).GetData<uint>(), context.Input(1).GetData<short>(), context.Input(2).GetData<short>(),
            context.Input(3).GetData<short>(), context.Input(4).GetData<short>(), context.Input(5).GetData<short>(),
            context.Output(0).GetWritableData<ulong>());
}
