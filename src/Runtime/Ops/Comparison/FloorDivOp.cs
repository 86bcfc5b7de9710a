using ManagedLite.Kernels.Elementwise;
using ManagedLite.Kernels.Reference;
using ManagedLite.Schema;
using static ManagedLite.Ops.ComparisonOpHelpers;

namespace ManagedLite.Ops;

/// <summary>
/// FLOOR_DIV with NumPy broadcasting on float32, int8, int16 and int32 (TFLite's floor_div.cc; int8 / int16 are plain
/// integers, not quantized). A zero anywhere in the divisor fails the invoke, for floats too, as in TFLite.
/// </summary>
internal sealed class FloorDivOp : IOpKernel
{
    private BroadcastPlan? _plan;

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 2, 1);
        var a = context.Input(0);
        var b = context.Input(1);
        ExpectSameType(context, a, b);
        if (a.DataType is not (TensorType.Float32 or TensorType.Int8 or TensorType.Int16 or TensorType.Int32))
            throw Unsupported(context, a, "float32, int8, int16, int32");
        ExpectOutputType(context, context.Output(0), a.DataType);
        _plan = Broadcast(context, a, b);
        context.ResizeOutput(0, _plan.OutputShape);
    }

    public void Eval(OpContext context)
    {
        var plan = _plan ?? throw context.Fail("Eval before Prepare");
        var a = context.Input(0);
        var b = context.Input(1);
        var output = context.Output(0);
        switch (a.DataType)
        {
            case TensorType.Float32: Check(context, b, b.GetData<float>()); FloorDiv.Run(plan, a.GetData<float>(), b.GetData<float>(), output.GetWritableData<float>()); break;
            case TensorType.Int8: Check(context, b, b.GetData<sbyte>()); FloorDiv.Run(plan, a.GetData<sbyte>(), b.GetData<sbyte>(), output.GetWritableData<sbyte>()); break;
            case TensorType.Int16: Check(context, b, b.GetData<short>()); FloorDiv.Run(plan, a.GetData<short>(), b.GetData<short>(), output.GetWritableData<short>()); break;
            default: Check(context, b, b.GetData<int>()); FloorDiv.Run(plan, a.GetData<int>(), b.GetData<int>(), output.GetWritableData<int>()); break;
        }
    }

    private static void Check<T>(OpContext context, LiteTensor divisor, ReadOnlySpan<T> data) where T : System.Numerics.INumberBase<T>
    {
        if (FloorDiv.HasZero(data)) throw context.Fail($"division by zero: divisor {Describe(divisor)} holds a 0");
    }
}
