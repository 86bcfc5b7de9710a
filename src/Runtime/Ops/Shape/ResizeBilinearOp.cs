using System.Runtime.InteropServices;
using ManagedLite.Schema;
using static ManagedLite.Ops.Shape.ShapeOpHelpers;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Shape;

/// <summary>
/// RESIZE_BILINEAR. Inputs: data [b, h, w, c] (float32, uint8, int8, int16), size (int32 [2]: new h, w; not known at
/// preparation = dynamic output).
/// float32 and uint8 follow TFLite's float reference; int8 / int16 its fixed-point ResizeBilinearInteger.
/// The optimized float, uint8 and int8 paths split output rows across the interpreter's threads when the output is large
/// enough; the 8-bit ones use <see cref="Opt.ResizeBilinear8"/> with its tables made when the size is known and one scratch
/// row pair per thread.
/// </summary>
internal sealed class ResizeBilinearOp : IOpKernel
{
    private readonly bool _reference;

    public ResizeBilinearOp(KernelFlavor flavor) => _reference = flavor == KernelFlavor.Reference;

    private int[] _inputShape = [];
    private int _outHeight, _outWidth;
    private bool _alignCorners, _halfPixelCenters, _dynamic;

    public void Prepare(OpContext context)
    {
        var input = context.Input(0);
        var output = context.Output(0);
        ExpectSameType(context, input, output, "output");
        if (input.DataType is not (TensorType.Float32 or TensorType.UInt8 or TensorType.Int8 or TensorType.Int16))
            throw context.Fail($"input '{input.Name}' must be float32, uint8, int8 or int16, got {TensorTypes.Name(input.DataType)}");
        OpHelpers.ExpectRank(context, input, 4, "input");
        var options = context.GetOptions<ResizeBilinearOptions>();
        _alignCorners = options.AlignCorners;
        _halfPixelCenters = options.HalfPixelCenters;
        if (_alignCorners && _halfPixelCenters)
            throw context.Fail("half_pixel_centers and align_corners cannot both be true");
        _inputShape = input.Shape.ToArray();
        if ((_inputShape[1] == 0 || _inputShape[2] == 0) && _inputShape[0] != 0 && _inputShape[3] != 0)
            throw context.Fail($"input '{input.Name}' {Format(input.Shape)} has no pixels to resize");
        CheckSize(context, context.Input(1));
        _dynamic = !CanRead(context, context.Input(1));
        // Made here even when the size is only known at Eval, so that no Invoke allocates it.
        if (input.DataType == TensorType.Float32 && !_reference && context.Parallel.Concurrency > 1) _work ??= new RowsWork(this, context);
        _eightBit = !_reference && input.DataType is TensorType.UInt8 or TensorType.Int8;
        _plan = null;
        if (_eightBit)
        {
            _work ??= new RowsWork(this, context);
            // One scratch row set per possible task: [inW, depth] ints (int8) or two of floats (uint8).
            long perTask = (input.DataType == TensorType.Int8 ? 1L : 2L) * _inputShape[2] * _inputShape[3];
            _scratchPerTask = (int)Math.Min(perTask, int.MaxValue / 4);
            long bytes = 4L * perTask * Math.Max(1, context.Parallel.Concurrency);
            _scratch = bytes <= 0 || bytes > int.MaxValue ? -1 : context.RequestScratch((int)bytes);
            if (_scratch < 0) _eightBit = false;
        }
        if (_dynamic) context.MarkOutputDynamic(0);
        else Configure(context);
    }

    private void Configure(OpContext context)
    {
        var input = context.Input(0);
        (_outHeight, _outWidth) = ReadSize(context, context.Input(1));
        if (input.DataType != TensorType.Float32 &&
            Math.Max(Math.Max(_inputShape[1], _inputShape[2]), Math.Max(_outHeight, _outWidth)) > Ref.ResizeBilinear.MaxIntegerSize)
            throw context.Fail($"integer resize supports heights and widths up to {Ref.ResizeBilinear.MaxIntegerSize}");
        context.ResizeOutput(0, [_inputShape[0], _outHeight, _outWidth, _inputShape[3]]);
        _tasks = 1;
        if (_eightBit)
        {
            if (_plan is null || _planHeight != _outHeight || _planWidth != _outWidth)
                _plan = Opt.ResizeBilinear8.CreatePlan(_inputShape, _outHeight, _outWidth, _alignCorners, _halfPixelCenters,
                                                       integer: input.DataType == TensorType.Int8);
            (_planHeight, _planWidth) = (_outHeight, _outWidth);
            if (_plan.Covered)
                _tasks = ParallelSplit.Tasks(context.Parallel.Concurrency, _plan.Rows, (long)_outWidth * _inputShape[3], MinElementsPerTask);
        }
        if (input.DataType == TensorType.Float32 && !_reference && Opt.ResizeBilinear.CoversWidth(_outWidth))
            _tasks = ParallelSplit.Tasks(context.Parallel.Concurrency, (long)_inputShape[0] * _outHeight, (long)_outWidth * _inputShape[3], MinElementsPerTask);
    }

    /// <summary>
    /// Output elements per thread below which a float resize stays on one thread: each costs four loads and about a
    /// dozen flops, some three times an element-wise ADD, so half of <see cref="BinaryArithmeticOp.MinElementsPerTask"/>.
    /// </summary>
    private const int MinElementsPerTask = 8 * 1024;

    private int _tasks = 1;
    private RowsWork? _work;
    private bool _eightBit;
    private Opt.ResizeBilinear8.Plan? _plan;
    private int _scratch = -1, _scratchPerTask, _planHeight, _planWidth;

    /// <summary>One task per thread: a contiguous range of output rows (batch-major).</summary>
    private sealed class RowsWork(ResizeBilinearOp op, OpContext context) : ManagedLite.Kernels.Threading.IParallelWork
    {
        public void Execute(int task)
        {
            int rows = op._inputShape[0] * op._outHeight;
            int start = ParallelSplit.Start(rows, task, op._tasks), end = ParallelSplit.Start(rows, task + 1, op._tasks);
            if (op._eightBit) op.RunEightBitRows(context, start, end, task);
            else op.RunFloatRows(context, start, end);
        }
    }

    private void RunEightBitRows(OpContext context, int start, int end, int task)
    {
        var scratch = context.GetScratch(_scratch).Slice(4 * task * _scratchPerTask, 4 * _scratchPerTask);
        if (context.Input(0).DataType == TensorType.Int8)
            Opt.ResizeBilinear8.RunRows(_plan!, context.Input(0).GetData<sbyte>(), context.Output(0).GetWritableData<sbyte>(), start, end,
                                        MemoryMarshal.Cast<byte, int>(scratch));
        else
            Opt.ResizeBilinear8.RunRows(_plan!, context.Input(0).GetData<byte>(), context.Output(0).GetWritableData<byte>(), start, end,
                                        MemoryMarshal.Cast<byte, float>(scratch));
    }

    private void RunFloatRows(OpContext context, int start, int end)
        => Opt.ResizeBilinear.RunRows(_inputShape, context.Input(0).GetData<float>(), _outHeight, _outWidth, _alignCorners, _halfPixelCenters,
                                      context.Output(0).GetWritableData<float>(), start, end);

    /// <summary>Checks a resize size tensor's type and shape: int32 [2].</summary>
    internal static void CheckSize(OpContext context, LiteTensor size)
    {
        if (size.DataType != TensorType.Int32)
            throw context.Fail($"size '{size.Name}' must be int32, got {TensorTypes.Name(size.DataType)}");
        if (size.Rank != 1 || size.Dim(0) != 2)
            throw context.Fail($"size '{size.Name}' must have shape [2], got {Format(size.Shape)}");
    }

    /// <summary>Reads a resize size tensor: int32 [2] with two positive values.</summary>
    internal static (int Height, int Width) ReadSize(OpContext context, LiteTensor size)
    {
        CheckSize(context, size);
        var values = ReadConstantInts(context, size, "size");
        if (values[0] <= 0 || values[1] <= 0)
            throw context.Fail($"size '{size.Name}' must be positive, got [{values[0]},{values[1]}]");
        return (values[0], values[1]);
    }

    public void Eval(OpContext context)
    {
        if (_dynamic) Configure(context);
        var input = context.Input(0);
        var output = context.Output(0);
        switch (input.DataType)
        {
            case TensorType.Float32:
                if (_reference)
                    Ref.ResizeBilinear.Run(_inputShape, input.GetData<float>(), _outHeight, _outWidth, _alignCorners, _halfPixelCenters, output.GetWritableData<float>());
                else if (_tasks > 1)
                    context.Parallel.For(_tasks, _work!);
                else
                    Opt.ResizeBilinear.Run(_inputShape, input.GetData<float>(), _outHeight, _outWidth, _alignCorners, _halfPixelCenters, output.GetWritableData<float>());
                break;
            case TensorType.UInt8 or TensorType.Int8 when _eightBit && _plan!.Covered && output.ElementCount > 0:
                if (_tasks > 1) context.Parallel.For(_tasks, _work!);
                else RunEightBitRows(context, 0, _plan.Rows, 0);
                break;
            case TensorType.UInt8:
                Ref.ResizeBilinear.Run(_inputShape, input.GetData<byte>(), _outHeight, _outWidth, _alignCorners, _halfPixelCenters, output.GetWritableData<byte>());
                break;
            case TensorType.Int8:
                Ref.ResizeBilinear.RunInteger(_inputShape, input.GetData<sbyte>(), _outHeight, _outWidth, _alignCorners, _halfPixelCenters, output.GetWritableData<sbyte>());
                break;
            default:
                Ref.ResizeBilinear.RunInteger(_inputShape, input.GetData<short>(), _outHeight, _outWidth, _alignCorners, _halfPixelCenters, output.GetWritableData<short>());
                break;
        }
    }
}
