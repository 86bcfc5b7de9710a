using ManagedLite.Kernels.Elementwise;
using ManagedLite.Kernels.Reference;
using ManagedLite.Schema;
using static ManagedLite.Ops.ComparisonOpHelpers;

namespace ManagedLite.Ops;

/// <summary>
/// FLOOR_MOD with NumPy broadcasting on int8, int16, int32, int64 and float32 (TFLite's floor_mod.cc): the result
/// has the divisor's sign. An integer zero divisor fails the invoke; a float one gives NaN, as in TFLite.
/// </summary>
internal sealed class FloorModOp : IOpKernel
{
    private BroadcastPlan? _plan;

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 2, 1);
        var a = context.Input(0);
        var b = context.Input(1);
        ExpectSameType(context, a, b);
        if (a.DataType is not (TensorType.Float32 or TensorType.Int8 or TensorType.Int16 or TensorType.Int32 or TensorType.Int64))
            throw Unsupported(context, a, "float32, int8, int16, int32, int64");
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
            case TensorType.Float32: FloorMod.Run(plan, a.GetData<float>(), b.GetData<float>(), output.GetWritableData<float>()); break;
            case TensorType.Int8: Check(context, b, b.GetData<sbyte>()); FloorMod.Run(plan, a.GetData<sbyte>(), b.GetData<sbyte>(), output.GetWritableData<sbyte>()); break;
            case TensorType.Int16: Check(context, b, b.GetData<short>()); FloorMod.Run(plan, a.GetData<short>(), b.GetData<short>(), output.GetWritableData<short>()); break;
            case TensorType.Int32: Check(context, b, b.GetData<int>()); FloorMod.Run(plan, a.GetData<int>(), b.GetData<int>(), output.GetWritableData<int>()); break;
            default: Check(context, b, b.GetData<long>()); FloorMod.Run(plan, a.GetData<long>(), b.GetData<long>(), output.GetWritableData<long>()); break;
        }
    }

    private static void Check<T>(OpContext context, LiteTensor divisor, ReadOnlySpan<T> data) where T : System.Numerics.INumberBase<T>
    {
        if (FloorDiv.HasZero(data)) throw context.Fail($"division by zero: divisor {Describe(divisor)} holds a 0");
    }
}
