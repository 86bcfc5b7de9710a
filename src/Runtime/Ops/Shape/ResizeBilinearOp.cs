using ManagedLite.Schema;
using static ManagedLite.Ops.Shape.ShapeOpHelpers;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Shape;

/// <summary>
/// RESIZE_BILINEAR. Inputs: data [b, h, w, c] (float32, uint8, int8, int16), size (int32 [2]: new h, w; not known at
/// preparation = dynamic output).
/// float32 and uint8 follow TFLite's float reference; int8 / int16 its fixed-point ResizeBilinearInteger.
/// The optimized float path splits output rows across the interpreter's threads when the output is large enough.
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

    /// <summary>One task per thread: a contiguous range of output rows (batch-major).</summary>
    private sealed class RowsWork(ResizeBilinearOp op, OpContext context) : ManagedLite.Kernels.Threading.IParallelWork
    {
        public void Execute(int task)
        {
            int rows = op._inputShape[0] * op._outHeight;
            op.RunFloatRows(context, ParallelSplit.Start(rows, task, op._tasks), ParallelSplit.Start(rows, task + 1, op._tasks));
        }
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
