using ManagedLite.Schema;
using static ManagedLite.Ops.Shape.ShapeOpHelpers;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Shape;

/// <summary>
/// RESIZE_NEAREST_NEIGHBOR. Inputs: data [b, h, w, c] (any fixed-size element type), size (int32 [2]; not known at
/// preparation = dynamic output).
/// The optimized path copies through <see cref="Opt.ResizeNearest"/>'s source tables (made when the size is known) and
/// splits output rows across the interpreter's threads when the output is large enough.
/// </summary>
internal sealed class ResizeNearestNeighborOp : IOpKernel
{
    private readonly bool _reference;

    public ResizeNearestNeighborOp(KernelFlavor flavor) => _reference = flavor == KernelFlavor.Reference;

    private int[] _inputShape = [];
    private int _outHeight, _outWidth, _elementSize;
    private bool _alignCorners, _halfPixelCenters, _dynamic;
    private Opt.ResizeNearest.Plan? _plan;
    private int _planHeight, _planWidth, _tasks = 1;
    private RowsWork? _work;

    /// <summary>Output bytes per thread below which a copy stays on one thread (a dispatch costs a few microseconds).</summary>
    private const int MinBytesPerTask = 64 * 1024;

    public void Prepare(OpContext context)
    {
        var input = context.Input(0);
        var output = context.Output(0);
        ExpectSameType(context, input, output, "output");
        _elementSize = ElementSize(context, input, "input");
        OpHelpers.ExpectRank(context, input, 4, "input");
        var options = context.GetOptions<ResizeNearestNeighborOptions>();
        _alignCorners = options.AlignCorners;
        _halfPixelCenters = options.HalfPixelCenters;
        _inputShape = input.Shape.ToArray();
        if ((_inputShape[1] == 0 || _inputShape[2] == 0) && _inputShape[0] != 0 && _inputShape[3] != 0)
            throw context.Fail($"input '{input.Name}' {Format(input.Shape)} has no pixels to resize");
        ResizeBilinearOp.CheckSize(context, context.Input(1));
        _dynamic = !CanRead(context, context.Input(1));
        _plan = null;
        if (!_reference && context.Parallel.Concurrency > 1) _work ??= new RowsWork(this, context);
        if (_dynamic) context.MarkOutputDynamic(0);
        else Configure(context);
    }

    private void Configure(OpContext context)
    {
        (_outHeight, _outWidth) = ResizeBilinearOp.ReadSize(context, context.Input(1));
        context.ResizeOutput(0, [_inputShape[0], _outHeight, _outWidth, _inputShape[3]]);
        if (_reference) return;
        if (_plan is null || _planHeight != _outHeight || _planWidth != _outWidth)
        {
            _plan = Opt.ResizeNearest.CreatePlan(_inputShape, _outHeight, _outWidth, _alignCorners, _halfPixelCenters);
            (_planHeight, _planWidth) = (_outHeight, _outWidth);
        }
        _tasks = _work is null ? 1
            : ParallelSplit.Tasks(context.Parallel.Concurrency, _plan.Rows, (long)_outWidth * _inputShape[3] * _elementSize, MinBytesPerTask);
    }

    /// <summary>One task per thread: a contiguous range of output rows (batch-major).</summary>
    private sealed class RowsWork(ResizeNearestNeighborOp op, OpContext context) : ManagedLite.Kernels.Threading.IParallelWork
    {
        public void Execute(int task)
        {
            int rows = op._plan!.Rows;
            op.RunRows(context, ParallelSplit.Start(rows, task, op._tasks), ParallelSplit.Start(rows, task + 1, op._tasks));
        }
    }

    public void Eval(OpContext context)
    {
        if (_dynamic) Configure(context);
        if (_reference) RunRows(context, 0, 0);
        else if (_tasks > 1) context.Parallel.For(_tasks, _work!);
        else RunRows(context, 0, _plan!.Rows);
    }

    private void RunRows(OpContext context, int start, int end)
    {
        switch (_elementSize)
        {
            case 1: Run<byte>(context, start, end); break;
            case 2: Run<ushort>(context, start, end); break;
            case 4: Run<uint>(context, start, end); break;
            default: Run<ulong>(context, start, end); break;
        }
    }

    private void Run<T>(OpContext context, int start, int end) where T : unmanaged
    {
        if (_reference)
            Ref.ResizeNearestNeighbor.Run(_inputShape, Read<T>(context.Input(0)), _outHeight, _outWidth,
                                          _alignCorners, _halfPixelCenters, Write<T>(context.Output(0)));
        else
            Opt.ResizeNearest.RunRows(_plan!, Read<T>(context.Input(0)), Write<T>(context.Output(0)), start, end);
    }
}
