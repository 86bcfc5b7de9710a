using ManagedLite.Kernels.Signal;
using ManagedLite.Schema;
using static ManagedLite.Ops.Signal.SignalOpHelpers;

namespace ManagedLite.Ops.Signal;

/// <summary>
/// SignalDelay (TFLite Micro): int16 [..., N] in, same shape out, every row delayed by the option delay_length
/// samples. The delayed samples are state of this node: kept across invokes, zeroed in Prepare and by
/// Interpreter.ResetVariableTensors (TFLite Micro's reset).
/// </summary>
internal sealed class SignalDelayOp : IOpKernel, IStatefulKernel
{
    /// <summary>Largest delay accepted: the state is allocated per row at Prepare.</summary>
    internal const int MaxDelay = 1 << 24;

    private Delay? _delay;
    private long _charged;

    public void ResetState() => _delay?.Reset();

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 1, 1);
        var input = context.Input(0);
        OpHelpers.ExpectType(context, input, TensorType.Int16, "input");
        OpHelpers.ExpectType(context, context.Output(0), TensorType.Int16, "output");
        if (input.Rank < 1) throw context.Fail($"input {ModelText.Quote(input.Name)} must have rank 1 or more, got a scalar");
        int delay = Int(context, Options(context), "delay_length", 0, MaxDelay);
        int frame = input.Dim(input.Rank - 1);
        int rows = frame == 0 ? 0 : FlatSize(context, input) / frame;
        if ((long)frame + delay > int.MaxValue)
            throw context.Fail($"frames of {frame} samples with delay_length {delay} are too long");
        if ((long)rows * delay > MaxDelay)
            throw context.Fail($"delay_length {delay} over {rows} rows needs {(long)rows * delay} samples of state, more than {MaxDelay}");
        ChargeState(context, ref _charged, 2L * ((long)rows * delay + delay + frame));
        _delay = new Delay(rows, frame, delay);
        context.ResizeOutput(0, input.Shape);
    }

    public void Eval(OpContext context) =>
        _delay!.Apply(context.Input(0).GetData<short>(), context.Output(0).GetWritableData<short>());
}
