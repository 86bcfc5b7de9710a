using ManagedLite.Kernels.Elementwise;
using ManagedLite.Schema;
using RefQ = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Ops;

/// <summary>
/// PRELU: alpha broadcast against the input; the output has the input's shape. float32, and int8 / uint8 with
/// TFLite's two rescaling multipliers (input and alpha share the type), and int16 input / output with an int8 alpha.
/// </summary>
internal sealed class PreluOp : IOpKernel
{
    private readonly bool _reference;

    public PreluOp(KernelFlavor flavor) => _reference = flavor == KernelFlavor.Reference;

    private BroadcastPlan? _plan;
    private TensorType _type = TensorType.Float32;
    private RefQ.PreluQuantized.Operator _op;

    public void Prepare(OpContext context)
    {
        ElementwiseOpHelpers.ExpectCounts(context, 2, 1);
        var input = context.Input(0);
        var alpha = context.Input(1);
        var output = context.Output(0);
        _type = input.DataType;
        if (_type is TensorType.Int8 or TensorType.UInt8 or TensorType.Int16)
        {
            var alphaType = _type == TensorType.Int16 ? TensorType.Int8 : _type;
            if (alpha.DataType != alphaType || output.DataType != _type)
                throw context.Fail($"input '{input.Name}' and output '{output.Name}' must be {QuantizedOpHelpers.TypeText(input)} and alpha '{alpha.Name}' {TensorTypes.Name(alphaType)}");
            var (si, zi) = QuantizedOpHelpers.Params(context, input, "input");
            var (sa, za) = QuantizedOpHelpers.Params(context, alpha, "alpha");
            var (so, zo) = QuantizedOpHelpers.Params(context, output, "output");
            var (tmin, tmax) = QuantizedOpHelpers.TypeRange(_type);
            _op = QuantizedOpHelpers.Guard(context, "prelu multipliers", () => RefQ.PreluQuantized.Create(si, zi, sa, za, so, zo, tmin, tmax));
        }
        else
        {
            _type = TensorType.Float32;
            ElementwiseOpHelpers.ExpectFloat(context, input, "input");
            ElementwiseOpHelpers.ExpectFloat(context, alpha, "alpha");
            ElementwiseOpHelpers.ExpectFloat(context, output, "output");
        }
        var shape = BroadcastPlan.TryGetOutputShape(input.Shape, alpha.Shape);
        if (shape is null || !shape.AsSpan().SequenceEqual(input.Shape) || input.Rank > ElementwiseOpHelpers.MaxBroadcastRank)
            throw context.Fail($"alpha '{alpha.Name}' {ElementwiseOpHelpers.ShapeText(alpha.Shape)} must broadcast to input '{input.Name}' {ElementwiseOpHelpers.ShapeText(input.Shape)} (rank at most {ElementwiseOpHelpers.MaxBroadcastRank})");
        _plan = BroadcastPlan.Create(input.Shape, alpha.Shape);
        context.ResizeOutput(0, input.Shape);
        _tasks = 1;
        if (_type == TensorType.Float32 && !_reference)
        {
            // as the float binary operators: ranges of the plan's units, each thread at least MinElementsPerTask elements
            _units = BroadcastDriver.Units(_plan);
            _alignment = BroadcastDriver.UnitAlignment(_plan);
            _tasks = ParallelSplit.Tasks(context.Parallel.Concurrency, _units, BroadcastDriver.UnitLength(_plan), BinaryArithmeticOp.MinElementsPerTask, _alignment);
            if (_tasks > 1) _work ??= new FloatWork(this, context);
        }
    }

    private int _tasks = 1, _units, _alignment;
    private FloatWork? _work;

    /// <summary>One task per thread: a contiguous range of the plan's units.</summary>
    private sealed class FloatWork(PreluOp op, OpContext context) : Kernels.Threading.IParallelWork
    {
        public void Execute(int task) =>
            Kernels.Optimized.BinaryElementwise.Prelu(op._plan!, context.Input(0).GetData<float>(), context.Input(1).GetData<float>(), context.Output(0).GetWritableData<float>(),
                ParallelSplit.Start(op._units, task, op._tasks, op._alignment), ParallelSplit.Start(op._units, task + 1, op._tasks, op._alignment));
    }

    public void Eval(OpContext context)
    {
        var input = context.Input(0);
        var alpha = context.Input(1);
        var output = context.Output(0);
        switch (_type)
        {
            case TensorType.Int8:
                if (_reference)
                    RefQ.PreluQuantized.Run(_op, input.Shape, input.GetData<sbyte>(), alpha.Shape, alpha.GetData<sbyte>(), output.Shape, output.GetWritableData<sbyte>());
                else
                    Kernels.Optimized.Quantized.PreluQuantized.Run(_op, _plan ?? throw context.Fail("Eval before Prepare"),
                        input.GetData<sbyte>(), alpha.GetData<sbyte>(), output.GetWritableData<sbyte>());
                return;
            case TensorType.UInt8:
                if (_reference)
                    RefQ.PreluQuantized.Run(_op, input.Shape, input.GetData<byte>(), alpha.Shape, alpha.GetData<byte>(), output.Shape, output.GetWritableData<byte>());
                else
                    Kernels.Optimized.Quantized.PreluQuantized.Run(_op, _plan ?? throw context.Fail("Eval before Prepare"),
                        input.GetData<byte>(), alpha.GetData<byte>(), output.GetWritableData<byte>());
                return;
            case TensorType.Int16:
                RefQ.PreluQuantized.RunInt16(_op, _plan ?? throw context.Fail("Eval before Prepare"), input.GetData<short>(), alpha.GetData<sbyte>(), output.GetWritableData<short>());
                return;
        }
        if (_tasks > 1 && _work is not null)
        {
            context.Parallel.For(_tasks, _work);
            return;
        }
        if (_reference)
            Kernels.Reference.BinaryElementwise.Prelu(input.Shape, input.GetData<float>(), alpha.Shape, alpha.GetData<float>(),
                                                      output.Shape, output.GetWritableData<float>());
        else
            Kernels.Optimized.BinaryElementwise.Prelu(_plan ?? throw context.Fail("Eval before Prepare"),
                                                      input.GetData<float>(), alpha.GetData<float>(), output.GetWritableData<float>());
    }
}
