using ManagedLite.Schema;
using static ManagedLite.Ops.IndexReduceChecks;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Indexing;

/// <summary>
/// WHERE with one input (TFLite's where.cc): the int64 coordinates [count, rank] of the non-zero elements of a bool,
/// float32, int8, uint8, int32, uint32 or int64 condition of rank &gt;= 1. The row count depends on the data, so unless
/// the condition is known at preparation the output is dynamic and sized in Eval (at most the condition's size).
/// </summary>
internal sealed class WhereOp : IOpKernel
{
    private bool _dynamic;

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 1, 1);
        var condition = context.Input(0);
        var output = context.Output(0);
        ExpectType(context, condition, "condition", TensorType.Bool, TensorType.Float32, TensorType.Int64, TensorType.Int32,
            TensorType.Int8, TensorType.UInt8, TensorType.UInt32);
        ExpectType(context, output, "output", TensorType.Int64);
        ExpectRank(context, condition, "condition", 1);
        _dynamic = !condition.IsKnownAtPrepare;
        if (_dynamic) context.MarkOutputDynamic(0);
        else Resize(context, condition);
    }

    private static void Resize(OpContext context, LiteTensor condition)
    {
        int count = condition.DataType switch
        {
            TensorType.Bool or TensorType.UInt8 => Ref.Where.CountTrue(condition.RawBytes),
            TensorType.Int8 => Ref.Where.CountTrue(condition.GetData<sbyte>()),
            TensorType.Float32 => Ref.Where.CountTrue(condition.GetData<float>()),
            TensorType.Int32 => Ref.Where.CountTrue(condition.GetData<int>()),
            TensorType.UInt32 => Ref.Where.CountTrue(condition.GetData<uint>()),
            _ => Ref.Where.CountTrue(condition.GetData<long>()),
        };
        Span<int> shape = [count, condition.Rank];
        context.ResizeOutput(0, shape);
    }

    public void Eval(OpContext context)
    {
        var condition = context.Input(0);
        if (_dynamic) Resize(context, condition);
        var output = context.Output(0).GetWritableData<long>();
        var shape = condition.Shape;
        switch (condition.DataType)
        {
            case TensorType.Bool:
            case TensorType.UInt8: Ref.Where.Run(shape, condition.RawBytes, output); break;
            case TensorType.Int8: Ref.Where.Run(shape, condition.GetData<sbyte>(), output); break;
            case TensorType.Float32: Ref.Where.Run(shape, condition.GetData<float>(), output); break;
            case TensorType.Int32: Ref.Where.Run(shape, condition.GetData<int>(), output); break;
            case TensorType.UInt32: Ref.Where.Run(shape, condition.GetData<uint>(), output); break;
            default: Ref.Where.Run(shape, condition.GetData<long>(), output); break;
        }
    }
}
