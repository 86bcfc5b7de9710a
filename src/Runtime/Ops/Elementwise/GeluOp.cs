using ManagedLite.Kernels.Elementwise;
using ManagedLite.Kernels.Quantization;
using ManagedLite.Schema;
using RefQ = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Ops;

/// <summary>
/// GELU on float32 (exact erfc form, or the tanh approximation when the options say approximate), float16 (the same
/// formula with every step rounded to float16, as TFLite's Eigen expression does), and on int8 / uint8 / int16 through
/// TFLite's lookup tables (256 entries, or 513 interpolated for int16) built from the float function with the input /
/// output quantization.
/// </summary>
internal sealed class GeluOp : IOpKernel
{
    private readonly bool _reference;

    public GeluOp(KernelFlavor flavor) => _reference = flavor == KernelFlavor.Reference;

    private bool _approximate;
    private TensorType _type = TensorType.Float32;
    private readonly byte[] _table = new byte[256];
    private short[]? _table16;

    public void Prepare(OpContext context)
    {
        ElementwiseOpHelpers.ExpectCounts(context, 1, 1);
        _approximate = context.GetOptions<GeluOptions>().Approximate;
        var input = context.Input(0);
        var output = context.Output(0);
        _type = input.DataType;
        if (_type is not (TensorType.Int8 or TensorType.UInt8 or TensorType.Int16 or TensorType.Float16))
        {
            _type = TensorType.Float32;
            ElementwiseOpHelpers.PrepareUnaryFloat(context);
            _length = (int)input.ElementCount;
            _tasks = _reference ? 1 : ParallelSplit.Tasks(context.Parallel.Concurrency, _length, 1, BinaryArithmeticOp.MinElementsPerTask, Alignment);
            if (_tasks > 1) _work ??= new RangeWork(this, context);
            return;
        }
        if (output.DataType != _type)
            throw context.Fail($"output '{output.Name}' is {QuantizedOpHelpers.TypeText(output)}, input '{input.Name}' {QuantizedOpHelpers.TypeText(input)}; they must match");
        if (_type != TensorType.Float16)
        {
            var (si, zi) = QuantizedOpHelpers.Params(context, input, "input");
            var (so, zo) = QuantizedOpHelpers.Params(context, output, "output");
            if (_type == TensorType.Int16)
            {
                _table16 ??= new short[LookupTables.Int16LutSize];
                if (_approximate) LookupTables.PopulateInt16(si, zi, so, zo, static x => GeluApproximateOperator.Invoke(x), _table16);
                else LookupTables.PopulateInt16(si, zi, so, zo, static x => GeluOperator.Invoke(x), _table16);
            }
            else
            {
                RefQ.GeluQuantized.PopulateTable(si, zi, so, zo, _approximate, _type == TensorType.UInt8, _table);
            }
        }
        context.ResizeOutput(0, input.Shape);
    }

    public void Eval(OpContext context)
    {
        switch (_type)
        {
            case TensorType.Int8 or TensorType.UInt8 when !_reference:
                Kernels.Optimized.Quantized.ByteTable.Lookup(context.Input(0).RawBytes, context.Output(0).WritableBytes, _table);
                return;
            case TensorType.Int8:
                RefQ.GeluQuantized.Run(context.Input(0).GetData<sbyte>(), context.Output(0).GetWritableData<sbyte>(), _table);
                return;
            case TensorType.UInt8:
                RefQ.GeluQuantized.Run(context.Input(0).GetData<byte>(), context.Output(0).GetWritableData<byte>(), _table);
                return;
            case TensorType.Int16:
                RefQ.ExpLogQuantized.Lookup(context.Input(0).GetData<short>(), context.Output(0).GetWritableData<short>(), _table16);
                return;
            case TensorType.Float16:
                Kernels.Reference.Activations.GeluHalf(context.Input(0).GetData<Half>(), context.Output(0).GetWritableData<Half>(), _approximate);
                return;
        }
        if (_tasks > 1)
        {
            context.Parallel.For(_tasks, _work!);
            return;
        }
        EvalFloat(context, 0, (int)context.Output(0).ElementCount);
    }

    /// <summary>Float elements [start, end).</summary>
    private void EvalFloat(OpContext context, int start, int end)
    {
        var x = context.Input(0).GetData<float>()[start..end];
        var y = context.Output(0).GetWritableData<float>()[start..end];
        if (_reference) Kernels.Reference.Activations.Gelu(x, y, _approximate);
        else Kernels.Optimized.Activations.Gelu(x, y, _approximate);
    }

    /// <summary>Split points fall on whole 512-bit vectors, as for the other activations.</summary>
    private const int Alignment = 16;

    private int _tasks = 1;
    private int _length;
    private RangeWork? _work;

    /// <summary>One task per thread: a contiguous range of the float elements (GELU costs a few ns per element).</summary>
    private sealed class RangeWork(GeluOp op, OpContext context) : ManagedLite.Kernels.Threading.IParallelWork
    {
        public void Execute(int task)
            => op.EvalFloat(context, ParallelSplit.Start(op._length, task, op._tasks, Alignment), ParallelSplit.Start(op._length, task + 1, op._tasks, Alignment));
    }
}
