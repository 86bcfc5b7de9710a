using System.Buffers.Binary;
using System.Runtime.InteropServices;
using ManagedLite.Schema;
using static ManagedLite.Ops.Shape.ShapeOpHelpers;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Shape;

/// <summary>
/// PAD and PADV2. Inputs: data, paddings ([rank, 2], int32/int64/int16/int8/bool, each >= 0; not known at preparation
/// = dynamic output), optional constant value (PADV2).
/// Without a value the pad is 0, or the output zero point for quantized uint8/int8/int16; with one, a quantized
/// value must share the output's scale and zero point (TFLite's rule).
/// </summary>
internal sealed class PadOp : IOpKernel
{
    private readonly bool _reference;

    public PadOp(KernelFlavor flavor) => _reference = flavor == KernelFlavor.Reference;

    private int[] _inputShape = [];
    private int[] _left = [];
    private int[] _right = [];
    private int _elementSize;
    private ulong _padBits;        // pad value bits when there is no value input
    private bool _hasValueInput;
    private bool _dynamic;

    public void Prepare(OpContext context)
    {
        var input = context.Input(0);
        var paddings = context.Input(1);
        var output = context.Output(0);
        ExpectSameType(context, input, output, "output");
        _elementSize = ElementSize(context, input, "input");
        int rank = input.Rank;
        if (paddings.Rank != 2 || paddings.Dim(0) != rank || paddings.Dim(1) != 2)
            throw context.Fail($"paddings '{paddings.Name}' must have shape [{rank},2] for input rank {rank}, got {Format(paddings.Shape)}");
        if (paddings.DataType is not (TensorType.Int32 or TensorType.Int64 or TensorType.Int16 or TensorType.Int8 or TensorType.Bool))
            throw context.Fail($"paddings '{paddings.Name}' must be int32, int64, int16, int8 or bool, got {TensorTypes.Name(paddings.DataType)}");
        _inputShape = input.Shape.ToArray();
        _left = new int[rank];
        _right = new int[rank];

        var value = context.OptionalInput(2);
        _hasValueInput = value is not null;
        bool quantized = input.DataType == TensorType.UInt8 ||
                         ((input.DataType == TensorType.Int8 || input.DataType == TensorType.Int16) && input.Quantization is not null);
        int outZp = output.Quantization?.ZeroPoint ?? 0;
        if (value is not null)
        {
            ExpectSameType(context, input, value, "constant value");
            if (value.ElementCount != 1)
                throw context.Fail($"constant value '{value.Name}' must hold one element, got shape {Format(value.Shape)}");
            if (quantized)
            {
                int valueZp = value.Quantization?.ZeroPoint ?? 0;
                float valueScale = value.Quantization?.Scale ?? 0f, outScale = output.Quantization?.Scale ?? 0f;
                if (valueZp != outZp || valueScale != outScale)
                    throw context.Fail($"quantized constant value '{value.Name}' (scale {valueScale}, zero point {valueZp}) must match output '{output.Name}' (scale {outScale}, zero point {outZp})");
            }
            _padBits = 0;
        }
        else if (quantized)
        {
            (long min, long max) = input.DataType switch
            {
                TensorType.UInt8 => (byte.MinValue, byte.MaxValue),
                TensorType.Int8 => (sbyte.MinValue, sbyte.MaxValue),
                _ => ((long)short.MinValue, (long)short.MaxValue),
            };
            if (outZp < min || outZp > max)
                throw context.Fail($"output '{output.Name}' zero point {outZp} is outside the range of {TensorTypes.Name(input.DataType)}");
            _padBits = (ulong)outZp & (_elementSize == 1 ? 0xFFUL : 0xFFFFUL);
        }
        else
        {
            _padBits = 0;   // 0, 0.0f, false
        }
        _dynamic = !CanRead(context, paddings);
        if (_dynamic) context.MarkOutputDynamic(0);
        else Configure(context);
    }

    /// <summary>Reads the paddings (each >= 0) and sets the output shape.</summary>
    private void Configure(OpContext context)
    {
        var input = context.Input(0);
        var paddings = context.Input(1);
        var pads = ReadInts(context, paddings, "paddings", narrow: true);
        var outShape = new int[_inputShape.Length];
        for (int d = 0; d < outShape.Length; d++)
        {
            _left[d] = pads[2 * d];
            _right[d] = pads[2 * d + 1];
            if (_left[d] < 0 || _right[d] < 0)
                throw context.Fail($"paddings '{paddings.Name}' of dimension {d} are ({_left[d]},{_right[d]}); they must be >= 0");
            long n = (long)_inputShape[d] + _left[d] + _right[d];
            if (n > int.MaxValue) throw context.Fail($"padded dimension {d} of '{input.Name}' overflows int32");
            outShape[d] = (int)n;
        }
        context.ResizeOutput(0, outShape);
        PrepareSplit(context, outShape);
    }

    private int _tasks = 1;
    private PartWork? _work;

    /// <summary>
    /// Output elements per thread below which PAD stays on one thread (a copy: a few microseconds). Splitting also keeps
    /// each thread on the rows its half of the producing convolution left in its own cache.
    /// </summary>
    private const long MinElementsPerTask = 8 * 1024;

    private void PrepareSplit(OpContext context, int[] outShape)
    {
        _tasks = 1;
        if (_reference) return;
        long outputElements = 1;
        foreach (int d in outShape) outputElements *= d;
        int units = Opt.Pad.OuterUnits(_inputShape, _left, _right);
        if (units <= 0) return;
        _tasks = ParallelSplit.Tasks(context.Parallel.Concurrency, units, outputElements / units, MinElementsPerTask);
        if (_tasks > 1) _work ??= new PartWork(this, context);
    }

    private sealed class PartWork(PadOp op, OpContext context) : Kernels.Threading.IParallelWork
    {
        public void Execute(int task) => op.RunTask(context, task);
    }

    public void Eval(OpContext context)
    {
        if (_dynamic) Configure(context);
        if (_tasks > 1 && _work is not null) context.Parallel.For(_tasks, _work);
        else RunTask(context, 0);
    }

    /// <summary>Part <paramref name="task"/> of the current split (the whole PAD with one task), by element size.</summary>
    private void RunTask(OpContext context, int task)
    {
        switch (_elementSize)
        {
            case 1: Run<byte>(context, task); break;
            case 2: Run<ushort>(context, task); break;
            case 4: Run<uint>(context, task); break;
            default: Run<ulong>(context, task); break;
        }
    }

    private void Run<T>(OpContext context, int task) where T : unmanaged
    {
        T padValue;
        if (_hasValueInput)
        {
            padValue = MemoryMarshal.Read<T>(context.Input(2).RawBytes);
        }
        else
        {
            Span<byte> bits = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(bits, _padBits);
            padValue = MemoryMarshal.Read<T>(bits);
        }
        var input = Read<T>(context.Input(0));
        var output = Write<T>(context.Output(0));
        if (_reference)
            Ref.Pad.Run(_inputShape, input, _left, _right, padValue, output);
        else
            Opt.Pad.RunPart(_inputShape, input, _left, _right, padValue, output, task, _tasks);
    }
}
