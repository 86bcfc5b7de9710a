using ManagedLite.Schema;
using static ManagedLite.Ops.IndexReduceChecks;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Reduction;

/// <summary>
/// ARG_MAX / ARG_MIN (TFLite's arg_min_max.cc): float32, uint8, int8, int32 or bool input of rank &gt;= 1, an int32 or
/// int64 axis (one value); the int32 or int64 output (ArgMaxOptions / ArgMinOptions.output_type) holds the first
/// position of the greatest (least) value along the axis, NaN never chosen over a number. The output is dynamic unless
/// the axis is known at preparation. Over the last axis the optimized kernels take vector rows
/// (<see cref="Opt.ArgMinMax"/>), split across threads by rows when the input is large.
/// </summary>
internal sealed class ArgMinMaxOp(bool isMax, KernelFlavor flavor) : IOpKernel
{
    private readonly bool _reference = flavor == KernelFlavor.Reference;
    private int _tasks = 1;
    private RowsWork? _work;

    private bool _dynamic;
    private int _outer, _axisSize, _inner;

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 2, 1);
        var input = context.Input(0);
        var axis = context.Input(1);
        var output = context.Output(0);
        ExpectType(context, input, "input", TensorType.Float32, TensorType.UInt8, TensorType.Int8, TensorType.Int32, TensorType.Bool);
        ExpectType(context, axis, "axis", TensorType.Int32, TensorType.Int64);
        if (axis.ElementCount != 1) throw context.Fail($"axis {Describe(axis)} must hold one value");
        var outType = isMax ? context.GetOptions<ArgMaxOptions>().OutputType : context.GetOptions<ArgMinOptions>().OutputType;
        if (outType is not (TensorType.Int32 or TensorType.Int64))
            throw context.Fail($"{(isMax ? "ArgMaxOptions" : "ArgMinOptions")}.output_type must be int32 or int64, got {TensorTypes.Name(outType)}");
        if (output.DataType != outType)
            throw context.Fail($"output {Describe(output)} must be {TensorTypes.Name(outType)} (the options' output_type)");
        ExpectRank(context, input, "input", 1);
        _dynamic = !axis.IsKnownAtPrepare;
        if (_dynamic) context.MarkOutputDynamic(0);
        else Resize(context);
    }

    private void Resize(OpContext context)
    {
        var input = context.Input(0);
        var axisTensor = context.Input(1);
        long raw = axisTensor.DataType == TensorType.Int32 ? axisTensor.GetData<int>()[0] : axisTensor.GetData<long>()[0];
        int axis = NormalizeAxis(context, raw, input.Rank, $"axis (from {ModelText.Quote(axisTensor.Name)})");
        _axisSize = input.Dim(axis);
        if (_axisSize == 0)
            throw context.Fail($"cannot take {context.OperatorName} over the empty axis {axis} of input {Describe(input)}");
        _outer = CheckedProduct(context, input.Shape, 0, axis, "the outer size");
        _inner = CheckedProduct(context, input.Shape, axis + 1, input.Rank, "the inner size");
        var shape = new int[input.Rank - 1];
        for (int i = 0, n = 0; i < input.Rank; i++) if (i != axis) shape[n++] = input.Dim(i);
        context.ResizeOutput(0, shape);
        _tasks = _reference || _inner != 1 ? 1
            : ParallelSplit.Tasks(context.Parallel.Concurrency, _outer, _axisSize, BinaryArithmeticOp.MinElementsPerTask);
        if (_tasks > 1) _work ??= new RowsWork(this, context);
    }

    public void Eval(OpContext context)
    {
        if (_dynamic) Resize(context);
        if (context.Output(0).ElementCount == 0) return;
        if (_tasks > 1) context.Parallel.For(_tasks, _work!);
        else EvalRows(context, 0, _outer);
    }

    /// <summary>Outer rows [start, end).</summary>
    private void EvalRows(OpContext context, int start, int end)
    {
        var input = context.Input(0);
        var output = context.Output(0);
        bool wide = output.DataType == TensorType.Int64;
        switch (input.DataType)
        {
            case TensorType.Float32: Run(input.GetData<float>(), output, wide, start, end); break;
            case TensorType.Int8: Run(input.GetData<sbyte>(), output, wide, start, end); break;
            case TensorType.Int32: Run(input.GetData<int>(), output, wide, start, end); break;
            default: Run(input.RawBytes, output, wide, start, end); break; // uint8, bool (0/1 bytes)
        }
    }

    private void Run<T>(ReadOnlySpan<T> input, LiteTensor output, bool wide, int start, int end) where T : unmanaged, System.Numerics.INumber<T>
    {
        int rows = end - start, block = _axisSize * _inner;
        var x = input.Slice(start * block, rows * block);
        if (wide) Run(x, output.GetWritableData<long>().Slice(start * _inner, rows * _inner), rows);
        else Run(x, output.GetWritableData<int>().Slice(start * _inner, rows * _inner), rows);
    }

    private void Run<T, TIndex>(ReadOnlySpan<T> x, Span<TIndex> y, int rows)
        where T : unmanaged, System.Numerics.INumber<T> where TIndex : unmanaged, System.Numerics.IBinaryInteger<TIndex>
    {
        if (!_reference && _inner == 1) Opt.ArgMinMax.LastAxis(x, rows, _axisSize, isMax, y);
        else Ref.ArgMinMax.Run(x, rows, _axisSize, _inner, isMax, y);
    }

    private sealed class RowsWork(ArgMinMaxOp op, OpContext context) : ManagedLite.Kernels.Threading.IParallelWork
    {
        public void Execute(int task)
            => op.EvalRows(context, ParallelSplit.Start(op._outer, task, op._tasks), ParallelSplit.Start(op._outer, task + 1, op._tasks));
    }
}
