using ManagedLite.Schema;
using static ManagedLite.Ops.IndexReduceChecks;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Reduction;

/// <summary>
/// ARG_MAX / ARG_MIN (TFLite's arg_min_max.cc): float32, uint8, int8, int32 or bool input of rank &gt;= 1, an int32 or
/// int64 axis (one value); the int32 or int64 output (ArgMaxOptions / ArgMinOptions.output_type) holds the first
/// position of the greatest (least) value along the axis, NaN never chosen over a number. The output is dynamic unless
/// the axis is known at preparation.
/// </summary>
internal sealed class ArgMinMaxOp(bool isMax) : IOpKernel
{
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
    }

    public void Eval(OpContext context)
    {
        if (_dynamic) Resize(context);
        var input = context.Input(0);
        var output = context.Output(0);
        if (output.ElementCount == 0) return;
        bool wide = output.DataType == TensorType.Int64;
        switch (input.DataType)
        {
            case TensorType.Float32: Run(input.GetData<float>(), output, wide); break;
            case TensorType.Int8: Run(input.GetData<sbyte>(), output, wide); break;
            case TensorType.Int32: Run(input.GetData<int>(), output, wide); break;
            default: Run(input.RawBytes, output, wide); break; // uint8, bool (0/1 bytes)
        }
    }

    private void Run<T>(ReadOnlySpan<T> input, LiteTensor output, bool wide) where T : unmanaged, System.Numerics.INumber<T>
    {
        if (wide) Ref.ArgMinMax.Run(input, _outer, _axisSize, _inner, isMax, output.GetWritableData<long>());
        else Ref.ArgMinMax.Run(input, _outer, _axisSize, _inner, isMax, output.GetWritableData<int>());
    }
}
