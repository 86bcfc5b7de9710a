using ManagedLite.Kernels.Signal;
using ManagedLite.Schema;
using static ManagedLite.Ops.Signal.SignalOpHelpers;

namespace ManagedLite.Ops.Signal;

/// <summary>
/// SignalOverlapAdd (TFLite Micro): T [..., frames, frame_size] in, T [..., frames * frame_step] out, T (option)
/// int16 (saturating) or float32. The overlap accumulators are state of this node (kept across invokes, reset in
/// Prepare and by Interpreter.ResetVariableTensors).
/// </summary>
internal sealed class SignalOverlapAddOp : IOpKernel, IStatefulKernel
{
    internal const int MaxState = 1 << 24;

    private OverlapAdd? _overlapAdd;
    private bool _float;
    private long _charged;

    public void ResetState() => _overlapAdd?.Reset();

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 1, 1);
        var input = context.Input(0);
        var o = Options(context);
        int t = Int(context, o, "T");
        if (t != (int)TensorType.Int16 && t != (int)TensorType.Float32)
            throw context.Fail($"SignalOverlapAdd with T = {TensorTypes.Name((TensorType)t)} is not supported (int16 or float32)");
        var type = (TensorType)t;
        _float = type == TensorType.Float32;
        OpHelpers.ExpectType(context, input, type, "input");
        OpHelpers.ExpectType(context, context.Output(0), type, "output");
        if (input.Rank < 2) throw context.Fail($"input {ModelText.Quote(input.Name)} must have rank 2 or more ([..., frames, frame_size]), got rank {input.Rank}");
        int step = Int(context, o, "frame_step", 1, MaxState);
        int size = input.Dim(input.Rank - 1);
        int frames = input.Dim(input.Rank - 2);
        if (size < step)
            throw context.Fail($"input {ModelText.Quote(input.Name)} frames have {size} samples, fewer than frame_step {step}");
        int rows = frames == 0 ? 0 : (int)(FlatSize(context, input) / ((long)frames * size));
        if ((long)rows * size > MaxState)
            throw context.Fail($"{rows} rows of frame size {size} need {(long)rows * size} samples of state, more than {MaxState}");
        ChargeState(context, ref _charged, (_float ? 4L : 2L) * rows * size);
        _overlapAdd = new OverlapAdd(rows, frames, size, step, _float);
        var shape = input.Shape[..^1].ToArray();
        shape[^1] = checked(frames * step);
        context.ResizeOutput(0, shape);
    }

    public void Eval(OpContext context)
    {
        if (_float) _overlapAdd!.Apply(context.Input(0).GetData<float>(), context.Output(0).GetWritableData<float>());
        else _overlapAdd!.Apply(context.Input(0).GetData<short>(), context.Output(0).GetWritableData<short>());
    }
}
