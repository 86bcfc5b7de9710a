using ManagedLite.Schema;

namespace ManagedLite.Ops.ShapeExtra;

/// <summary>
/// SHAPE: the input's dimensions as a 1-D int32 or int64 tensor (out_type; int32 when the options are absent).
/// Reads only the input's shape (registered with <see cref="OpTraits.ReadsOnlyInputShapes"/>), so with a fixed input
/// shape it runs while preparing and its output is known to the nodes after it.
/// </summary>
internal sealed class ShapeOp : IOpKernel
{
    public void Prepare(OpContext context)
    {
        var input = context.Input(0);
        var output = context.Output(0);
        var outType = context.GetOptions<ShapeOptions>().OutType;
        if (outType is not (TensorType.Int32 or TensorType.Int64))
            throw context.Fail($"out_type must be int32 or int64, got {TensorTypes.Name(outType)}");
        if (output.DataType != outType)
            throw context.Fail($"output '{output.Name}' is {TensorTypes.Name(output.DataType)} but out_type is {TensorTypes.Name(outType)}");
        context.ResizeOutput(0, [input.Rank]);
    }

    public void Eval(OpContext context)
    {
        var input = context.Input(0);
        var output = context.Output(0);
        if (output.DataType == TensorType.Int32)
        {
            var o = output.GetWritableData<int>();
            for (int d = 0; d < o.Length; d++) o[d] = input.Dim(d);
        }
        else
        {
            var o = output.GetWritableData<long>();
            for (int d = 0; d < o.Length; d++) o[d] = input.Dim(d);
        }
    }
}
