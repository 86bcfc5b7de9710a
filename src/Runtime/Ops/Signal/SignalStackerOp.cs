using ManagedLite.Kernels.Signal;
using ManagedLite.Schema;
using static ManagedLite.Ops.Signal.SignalOpHelpers;

namespace ManagedLite.Ops.Signal;

/// <summary>
/// SignalStacker (TFLite Micro): int16 [num_channels] in; outputs int16 [num_channels * (left + 1 + right)] and a
/// bool scalar (valid). Options num_channels, stacker_left_context, stacker_right_context, stacker_step. The
/// buffered frames are state of this node (kept across invokes, reset in Prepare and by
/// Interpreter.ResetVariableTensors). An output that is not valid is zeros.
/// </summary>
internal sealed class SignalStackerOp : IOpKernel, IStatefulKernel
{
    internal const int MaxState = 1 << 24;

    private Stacker? _stacker;
    private long _charged;

    public void ResetState() => _stacker?.Reset();

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 1, 2);
        var input = context.Input(0);
        Expect(context, input, TensorType.Int16, 1, "input");
        OpHelpers.ExpectType(context, context.Output(0), TensorType.Int16, "output");
        OpHelpers.ExpectType(context, context.Output(1), TensorType.Bool, "output_valid");
        var o = Options(context);
        int channels = Int(context, o, "num_channels", 1, MaxState);
        int left = Int(context, o, "stacker_left_context", 0, MaxState);
        int right = Int(context, o, "stacker_right_context", 0, MaxState);
        int step = Int(context, o, "stacker_step", 1, MaxState);
        long frames = (long)left + right + 1;
        if (step > frames)
            throw context.Fail($"stacker_step {step} is more than the {frames} stacked frames (left + 1 + right)");
        if (channels * frames > MaxState)
            throw context.Fail($"{frames} frames of {channels} channels need {channels * frames} values of state, more than {MaxState}");
        if (input.Dim(0) != channels)
            throw context.Fail($"input {ModelText.Quote(input.Name)} must have num_channels = {channels} values, got {input.Dim(0)}");
        ChargeState(context, ref _charged, 2L * channels * frames);
        _stacker = new Stacker(channels, left, right, step);
        context.ResizeOutput(0, [_stacker.OutputLength]);
        context.ResizeOutput(1, ReadOnlySpan<int>.Empty);
    }

    public void Eval(OpContext context)
    {
        bool valid = _stacker!.Apply(context.Input(0).GetData<short>(), context.Output(0).GetWritableData<short>());
        context.Output(1).GetWritableData<bool>()[0] = valid;
    }
}
