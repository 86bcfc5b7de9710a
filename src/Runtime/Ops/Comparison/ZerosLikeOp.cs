using ManagedLite.Schema;
using static ManagedLite.Ops.ComparisonOpHelpers;

namespace ManagedLite.Ops;

/// <summary>ZEROS_LIKE: a zero tensor of the input's shape and type, for int64, int32 and float32 (TFLite's zeros_like.cc).</summary>
internal sealed class ZerosLikeOp : IOpKernel
{
    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 1, 1);
        var input = context.Input(0);
        if (input.DataType is not (TensorType.Int64 or TensorType.Int32 or TensorType.Float32))
            throw Unsupported(context, input, "int64, int32, float32");
        ExpectOutputType(context, context.Output(0), input.DataType);
        context.ResizeOutput(0, input.Shape);
    }

    public void Eval(OpContext context) => context.Output(0).WritableBytes.Clear();
}
