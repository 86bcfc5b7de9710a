using ManagedLite.Schema;
using static ManagedLite.Ops.Shape.ShapeOpHelpers;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.ShapeExtra;

/// <summary>
/// RANGE: [start, limit) by delta. start, limit and delta are scalars of one type (float32, int32 or int64, version 2);
/// the output has that type. The size is computed in Prepare when all three are known there, else the output is
/// dynamic; delta 0, a delta pointing away from limit, or more than int.MaxValue elements are errors.
/// </summary>
internal sealed class RangeOp : IOpKernel
{
    private bool _dynamic;

    public void Prepare(OpContext context)
    {
        var start = context.Input(0);
        var limit = context.Input(1);
        var delta = context.Input(2);
        var output = context.Output(0);
        ExpectOneOf(context, start, "start", TensorType.Float32, TensorType.Int32, TensorType.Int64);
        ExpectSameType(context, start, limit, "limit");
        ExpectSameType(context, start, delta, "delta");
        ExpectSameType(context, start, output, "output");
        foreach (var (t, role) in new[] { (start, "start"), (limit, "limit"), (delta, "delta") })
            if (t.Rank != 0) throw context.Fail($"{role} '{t.Name}' must be a scalar, got shape {Format(t.Shape)}");
        _dynamic = !CanRead(context, start) || !CanRead(context, limit) || !CanRead(context, delta);
        if (_dynamic) context.MarkOutputDynamic(0);
        else Configure(context);
    }

    private static void Configure(OpContext context)
    {
        var start = context.Input(0);
        var limit = context.Input(1);
        var delta = context.Input(2);
        int count;
        try
        {
            count = start.DataType switch
            {
                TensorType.Float32 => Ref.Range.Count(start.GetData<float>()[0], limit.GetData<float>()[0], delta.GetData<float>()[0]),
                TensorType.Int32 => Ref.Range.Count(start.GetData<int>()[0], limit.GetData<int>()[0], delta.GetData<int>()[0]),
                _ => Ref.Range.Count(start.GetData<long>()[0], limit.GetData<long>()[0], delta.GetData<long>()[0]),
            };
        }
        catch (ArgumentException e)
        {
            throw context.Fail($"start '{start.Name}', limit '{limit.Name}', delta '{delta.Name}': {e.Message}");
        }
        context.ResizeOutput(0, [count]);
    }

    public void Eval(OpContext context)
    {
        if (_dynamic) Configure(context);
        var start = context.Input(0);
        var delta = context.Input(2);
        var output = context.Output(0);
        switch (start.DataType)
        {
            case TensorType.Float32: Ref.Range.Run(start.GetData<float>()[0], delta.GetData<float>()[0], output.GetWritableData<float>()); break;
            case TensorType.Int32: Ref.Range.Run(start.GetData<int>()[0], delta.GetData<int>()[0], output.GetWritableData<int>()); break;
            default: Ref.Range.Run(start.GetData<long>()[0], delta.GetData<long>()[0], output.GetWritableData<long>()); break;
        }
    }
}
