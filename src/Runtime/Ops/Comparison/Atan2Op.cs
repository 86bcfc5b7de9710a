using ManagedLite.Schema;
using static ManagedLite.Ops.ComparisonOpHelpers;
using Ref = ManagedLite.Kernels.Reference.Atan2;

namespace ManagedLite.Ops;

/// <summary>
/// ATAN2(y, x) element by element on float32, float64, float16 and bfloat16 (TFLite's atan2.cc: no broadcasting;
/// y and x have the same rank and, here, the same number of elements; the output has y's shape).
/// </summary>
internal sealed class Atan2Op : IOpKernel
{
    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 2, 1);
        var y = context.Input(0);
        var x = context.Input(1);
        ExpectSameType(context, y, x);
        if (y.DataType is not (TensorType.Float32 or TensorType.Float64 or TensorType.Float16 or TensorType.BFloat16))
            throw Unsupported(context, y, "float32, float64, float16, bfloat16");
        ExpectOutputType(context, context.Output(0), y.DataType);
        if (y.Rank != x.Rank || y.ElementCount != x.ElementCount)
            throw context.Fail($"y {Describe(y)} and x {Describe(x)} must have the same rank and element count (ATAN2 does not broadcast)");
        context.ResizeOutput(0, y.Shape);
    }

    public void Eval(OpContext context)
    {
        var y = context.Input(0);
        var x = context.Input(1);
        var output = context.Output(0);
        switch (y.DataType)
        {
            case TensorType.Float32: Ref.Run(y.GetData<float>(), x.GetData<float>(), output.GetWritableData<float>()); break;
            case TensorType.Float64: Ref.Run(y.GetData<double>(), x.GetData<double>(), output.GetWritableData<double>()); break;
            case TensorType.Float16: Ref.Run(y.GetData<Half>(), x.GetData<Half>(), output.GetWritableData<Half>()); break;
            default: Ref.RunBFloat16(y.GetData<ushort>(), x.GetData<ushort>(), output.GetWritableData<ushort>()); break;
        }
    }
}
