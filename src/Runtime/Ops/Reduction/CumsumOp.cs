using ManagedLite.Schema;
using static ManagedLite.Ops.IndexReduceChecks;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Reduction;

/// <summary>
/// CUMSUM (TFLite's cumsum.cc): running sums of an int32, int64 or float32 input (rank &gt;= 1) along an int32 axis
/// (one value, read at Eval), CumsumOptions.exclusive and .reverse; the output has the input's shape.
/// </summary>
internal sealed class CumsumOp : IOpKernel
{
    private bool _exclusive, _reverse;

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 2, 1);
        var input = context.Input(0);
        var axis = context.Input(1);
        ExpectType(context, input, "input", TensorType.Int32, TensorType.Float32, TensorType.Int64);
        ExpectSameType(context, input, context.Output(0), "output");
        ExpectType(context, axis, "axis", TensorType.Int32);
        if (axis.ElementCount != 1) throw context.Fail($"axis {Describe(axis)} must hold one value");
        ExpectRank(context, input, "input", 1);
        var o = context.GetOptions<CumsumOptions>();
        _exclusive = o.Exclusive;
        _reverse = o.Reverse;
        if (axis.IsKnownAtPrepare) ReadAxis(context);
        context.ResizeOutput(0, input.Shape);
    }

    private int ReadAxis(OpContext context)
    {
        var input = context.Input(0);
        var axisTensor = context.Input(1);
        int axis = axisTensor.GetData<int>()[0];
        int a = axis < 0 ? axis + input.Rank : axis;
        if (a < 0 || a >= input.Rank)
            throw context.Fail($"axis {axis} (from {ModelText.Quote(axisTensor.Name)}) is out of range for input {Describe(input)}");
        return a;
    }

    public void Eval(OpContext context)
    {
        var input = context.Input(0);
        if (input.ElementCount == 0) return;
        int axis = ReadAxis(context);
        int outer = CheckedProduct(context, input.Shape, 0, axis, "the outer size");
        int depth = input.Dim(axis);
        int inner = CheckedProduct(context, input.Shape, axis + 1, input.Rank, "the inner size");
        var output = context.Output(0);
        switch (input.DataType)
        {
            case TensorType.Int32: Ref.CumSum.Run(input.GetData<int>(), outer, depth, inner, _exclusive, _reverse, output.GetWritableData<int>()); break;
            case TensorType.Int64: Ref.CumSum.Run(input.GetData<long>(), outer, depth, inner, _exclusive, _reverse, output.GetWritableData<long>()); break;
            default: Ref.CumSum.Run(input.GetData<float>(), outer, depth, inner, _exclusive, _reverse, output.GetWritableData<float>()); break;
        }
    }
}
