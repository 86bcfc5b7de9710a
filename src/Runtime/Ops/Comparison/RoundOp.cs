using ManagedLite.Schema;
using static ManagedLite.Ops.ComparisonOpHelpers;
using Ref = ManagedLite.Kernels.Reference.Round;

namespace ManagedLite.Ops;

/// <summary>ROUND: round half to even on float32, float16 and bfloat16 (TFLite's round.cc).</summary>
internal sealed class RoundOp : IOpKernel
{
    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 1, 1);
        var input = context.Input(0);
        if (input.DataType is not (TensorType.Float32 or TensorType.Float16 or TensorType.BFloat16))
            throw Unsupported(context, input, "float32, float16, bfloat16");
        ExpectOutputType(context, context.Output(0), input.DataType);
        context.ResizeOutput(0, input.Shape);
    }

    public void Eval(OpContext context)
    {
        var input = context.Input(0);
        var output = context.Output(0);
        switch (input.DataType)
        {
            case TensorType.Float32: Ref.Run(input.GetData<float>(), output.GetWritableData<float>()); break;
            case TensorType.Float16: Ref.Run(input.GetData<Half>(), output.GetWritableData<Half>()); break;
            default: Ref.RunBFloat16(input.GetData<ushort>(), output.GetWritableData<ushort>()); break;
        }
    }
}
