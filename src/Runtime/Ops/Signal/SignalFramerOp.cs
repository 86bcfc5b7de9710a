using ManagedLite.Kernels.Signal;
using ManagedLite.Schema;
using static ManagedLite.Ops.Signal.SignalOpHelpers;

namespace ManagedLite.Ops.Signal;

/// <summary>
/// SignalFramer (TFLite Micro): int16 [..., N] in (N a multiple of the option frame_step); outputs int16
/// [..., N / frame_step, frame_size] and a bool scalar, true when every frame could be produced. Options
/// frame_size, frame_step, prefill. The buffered samples are state of this node (kept across invokes, reset in
/// Prepare and by Interpreter.ResetVariableTensors). Frames not yet available are zeros.
/// </summary>
internal sealed class SignalFramerOp : IOpKernel, IStatefulKernel
{
    internal const int MaxFrame = 1 << 24;

    private Framer? _framer;
    private long _charged;

    public void ResetState() => _framer?.Reset();

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 1, 2);
        var input = context.Input(0);
        OpHelpers.ExpectType(context, input, TensorType.Int16, "input");
        OpHelpers.ExpectType(context, context.Output(0), TensorType.Int16, "output");
        OpHelpers.ExpectType(context, context.Output(1), TensorType.Bool, "output_valid");
        if (input.Rank < 1) throw context.Fail($"input {ModelText.Quote(input.Name)} must have rank 1 or more, got a scalar");
        var o = Options(context);
        int size = Int(context, o, "frame_size", 1, MaxFrame);
        int step = Int(context, o, "frame_step", 1, MaxFrame);
        bool prefill = o.GetBool("prefill");
        if (prefill && size < step)
            throw context.Fail($"prefill needs frame_size >= frame_step, got frame_size {size} and frame_step {step}");
        int n = input.Dim(input.Rank - 1);
        if (n < step || n % step != 0)
            throw context.Fail($"input {ModelText.Quote(input.Name)} rows have {n} samples; they must be a positive multiple of frame_step {step}");
        int rows = FlatSize(context, input) / n;
        int frames = n / step;
        long outputs = (long)rows * frames * size;
        if (outputs > int.MaxValue) throw context.Fail($"the output would have {outputs} elements");
        if ((long)rows * size > MaxFrame)
            throw context.Fail($"frame_size {size} over {rows} rows needs {(long)rows * size} samples of state, more than {MaxFrame}");
        ChargeState(context, ref _charged, 2L * rows * ((long)size + step) + 4L * rows);
        _framer = new Framer(rows, frames, size, step, prefill);
        var shape = new int[input.Rank + 1];
        input.Shape.CopyTo(shape);
        shape[^2] = frames;
        shape[^1] = size;
        context.ResizeOutput(0, shape);
        context.ResizeOutput(1, ReadOnlySpan<int>.Empty);
    }

    public void Eval(OpContext context)
    {
        bool valid = _framer!.Apply(context.Input(0).GetData<short>(), context.Output(0).GetWritableData<short>());
        context.Output(1).GetWritableData<bool>()[0] = valid;
    }
}
