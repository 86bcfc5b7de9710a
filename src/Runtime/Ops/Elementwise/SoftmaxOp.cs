using ManagedLite.Kernels.Quantization;
using ManagedLite.Schema;
using OptQ = ManagedLite.Kernels.Optimized.Quantized;
using RefQ = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Ops;

/// <summary>
/// SOFTMAX over the last axis, with beta: float32; int8 input to int8 (zero point -128, scale 1/256) or int16;
/// uint8 input to uint8 or int16 (TFLite's fixed-point reference); int16 to int16 (zero points 0, output scale
/// 1/32768, rank 1 to 4) with TFLite's exp and 1/(1+x) tables. The optimized 8-bit path looks its fixed-point exp up
/// in a table of the 256 possible differences from the row maximum.
/// </summary>
internal sealed class SoftmaxOp : IOpKernel
{
    private readonly bool _reference;

    public SoftmaxOp(KernelFlavor flavor) => _reference = flavor == KernelFlavor.Reference;

    private float _beta;
    private int _depth;
    private TensorType _inType = TensorType.Float32, _outType = TensorType.Float32;
    private int _multiplier, _leftShift, _diffMin;
    private short[] _expTable = [];
    private short[] _reciprocalTable = [];
    /// <summary>The optimized 8-bit path's exp tables (<see cref="OptQ.SoftmaxQuantized8"/>), indexed by max - x.</summary>
    private int[]? _exp8, _rescaled8;

    public void Prepare(OpContext context)
    {
        ElementwiseOpHelpers.ExpectCounts(context, 1, 1);
        var input = context.Input(0);
        var output = context.Output(0);
        if (input.Rank < 1) throw context.Fail($"input '{input.Name}' must have rank at least 1, got a scalar");
        _depth = input.Dim(input.Rank - 1);
        _beta = context.GetOptions<SoftmaxOptions>().Beta;
        _inType = input.DataType;
        _outType = output.DataType;
        if (_inType == TensorType.Float32 || !QuantizedOpHelpers.IsQuantizedType(_inType))
        {
            _inType = _outType = TensorType.Float32;
            ElementwiseOpHelpers.PrepareUnaryFloat(context);
            _rows = _depth == 0 ? 0 : (int)(input.ElementCount / _depth);
            _tasks = _reference || _depth == 0 ? 1 : ParallelSplit.Tasks(context.Parallel.Concurrency, _rows, _depth, BinaryArithmeticOp.MinElementsPerTask);
            if (_tasks > 1) _work ??= new RowsWork(this, context);
            return;
        }
        bool ok = _inType switch
        {
            TensorType.Int8 => _outType is TensorType.Int8 or TensorType.Int16,
            TensorType.UInt8 => _outType is TensorType.UInt8 or TensorType.Int16,
            _ => _outType == TensorType.Int16,
        };
        if (!ok)
            throw context.Fail($"softmax from {QuantizedOpHelpers.TypeText(input)} ('{input.Name}') to {QuantizedOpHelpers.TypeText(output)} ('{output.Name}') is not supported");
        var (si, zi) = QuantizedOpHelpers.Params(context, input, "input");
        var (so, zo) = QuantizedOpHelpers.Params(context, output, "output");
        if (_inType == TensorType.Int8 && _outType == TensorType.Int8 &&
            (zo != -128 || MathF.Abs(so - 1f / 256) > 0.001f * 1f / 256))
            throw context.Fail($"int8 output '{output.Name}' must have zero point -128 and scale 1/256, got {zo} and {so}");
        if (_inType == TensorType.Int16)
        {
            if (zo != 0 || MathF.Abs(so - 1f / 32768) > 0.001f * 1f / 32768)
                throw context.Fail($"int16 output '{output.Name}' must have zero point 0 and scale 1/32768, got {zo} and {so}");
            QuantizedOpHelpers.ExpectZeroPointZero(context, input, zi, "input");
            if (input.Rank > 4)
                throw context.Fail($"int16 input '{input.Name}' must have rank 1 to 4, got {input.Rank}");
            _expTable = new short[LookupTables.Int16LutSize];
            _reciprocalTable = new short[LookupTables.Int16LutSize];
            QuantizedOpHelpers.Guard(context, "softmax int16 scaling", () =>
            {
                RefQ.SoftmaxQuantized.ParamsInt16(_beta, si, _expTable, _reciprocalTable, out _multiplier, out _leftShift);
                return 0;
            });
        }
        else
        {
            QuantizedOpHelpers.Guard(context, "softmax scaling", () =>
            {
                RefQ.SoftmaxQuantized.Params8(_beta, si, out _multiplier, out _leftShift, out _diffMin);
                return 0;
            });
            if (!_reference)
            {
                _exp8 ??= new int[OptQ.SoftmaxQuantized8.TableSize];
                _rescaled8 ??= new int[OptQ.SoftmaxQuantized8.TableSize];
                OptQ.SoftmaxQuantized8.BuildTables(_multiplier, _leftShift, _diffMin, _exp8, _rescaled8);
            }
        }
        context.ResizeOutput(0, input.Shape);
    }

    public void Eval(OpContext context)
    {
        var input = context.Input(0);
        var output = context.Output(0);
        switch (_inType)
        {
            case TensorType.Int8 when _exp8 is not null && !_reference:
                if (_outType == TensorType.Int8) OptQ.SoftmaxQuantized8.Run(input.GetData<sbyte>(), output.GetWritableData<sbyte>(), _depth, _exp8, _rescaled8);
                else OptQ.SoftmaxQuantized8.Run(input.GetData<sbyte>(), output.GetWritableData<short>(), _depth, _exp8, _rescaled8);
                return;
            case TensorType.UInt8 when _exp8 is not null && !_reference:
                if (_outType == TensorType.UInt8) OptQ.SoftmaxQuantized8.Run(input.GetData<byte>(), output.GetWritableData<byte>(), _depth, _exp8, _rescaled8);
                else OptQ.SoftmaxQuantized8.Run(input.GetData<byte>(), output.GetWritableData<short>(), _depth, _exp8, _rescaled8);
                return;
            case TensorType.Int8:
                if (_outType == TensorType.Int8) RefQ.SoftmaxQuantized.Run(input.GetData<sbyte>(), output.GetWritableData<sbyte>(), _depth, _multiplier, _leftShift, _diffMin);
                else RefQ.SoftmaxQuantized.Run(input.GetData<sbyte>(), output.GetWritableData<short>(), _depth, _multiplier, _leftShift, _diffMin);
                return;
            case TensorType.UInt8:
                if (_outType == TensorType.UInt8) RefQ.SoftmaxQuantized.Run(input.GetData<byte>(), output.GetWritableData<byte>(), _depth, _multiplier, _leftShift, _diffMin);
                else RefQ.SoftmaxQuantized.Run(input.GetData<byte>(), output.GetWritableData<short>(), _depth, _multiplier, _leftShift, _diffMin);
                return;
            case TensorType.Int16:
                RefQ.SoftmaxQuantized.RunInt16(input.GetData<short>(), output.GetWritableData<short>(), _depth, _multiplier, _leftShift, _expTable, _reciprocalTable);
                return;
        }
        if (_tasks > 1)
        {
            context.Parallel.For(_tasks, _work!);
            return;
        }
        EvalFloatRows(context, 0, _depth == 0 ? 0 : (int)(input.ElementCount / _depth));
    }

    /// <summary>Float rows [start, end) of the last axis.</summary>
    private void EvalFloatRows(OpContext context, int start, int end)
    {
        var x = context.Input(0).GetData<float>()[(start * _depth)..(end * _depth)];
        var y = context.Output(0).GetWritableData<float>()[(start * _depth)..(end * _depth)];
        if (_reference) Kernels.Reference.Softmax.Eval(x, y, _depth, _beta);
        else Kernels.Optimized.Softmax.Eval(x, y, _depth, _beta);
    }

    private int _tasks = 1;
    private int _rows;
    private RowsWork? _work;

    /// <summary>One task per thread: a range of whole rows (each row is computed the same way whatever the split).</summary>
    private sealed class RowsWork(SoftmaxOp op, OpContext context) : ManagedLite.Kernels.Threading.IParallelWork
    {
        public void Execute(int task)
            => op.EvalFloatRows(context, ParallelSplit.Start(op._rows, task, op._tasks), ParallelSplit.Start(op._rows, task + 1, op._tasks));
    }
}
