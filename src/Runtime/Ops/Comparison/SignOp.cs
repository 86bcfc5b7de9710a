using ManagedLite.Schema;
using static ManagedLite.Ops.ComparisonOpHelpers;
using Ref = ManagedLite.Kernels.Reference.Sign;

namespace ManagedLite.Ops;

/// <summary>SIGN on float32, float64 and int32 (TFLite's sign.cc; int32 is version 2).</summary>
internal sealed class SignOp : IOpKernel
{
    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 1, 1);
        var input = context.Input(0);
        if (input.DataType is not (TensorType.Float32 or TensorType.Float64 or TensorType.Int32))
            throw Unsupported(context, input, "float32, float64, int32");
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
            case TensorType.Float64: Ref.Run(input.GetData<double>(), output.GetWritableData<double>()); break;
            default: Ref.Run(input.GetData<int>(), output.GetWritableData<int>()); break;
        }
    }
}
