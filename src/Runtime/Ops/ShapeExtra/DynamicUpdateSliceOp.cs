using ManagedLite.Schema;
using static ManagedLite.Ops.Shape.ShapeOpHelpers;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.ShapeExtra;

/// <summary>
/// DYNAMIC_UPDATE_SLICE: a copy of the operand with update (same rank and type, no dimension larger) written at
/// start_indices (1-D int32/int64, one per dimension, read at Eval and clamped so the update fits, as TFLite).
/// Any fixed-size element type; rank &lt;= 8.
/// </summary>
internal sealed class DynamicUpdateSliceOp(KernelFlavor flavor) : IOpKernel
{
    private const int MaxRank = 8;
    private readonly bool _reference = flavor == KernelFlavor.Reference;
    private int _elementSize;

    public void Prepare(OpContext context)
    {
        var operand = context.Input(0);
        var update = context.Input(1);
        var start = context.Input(2);
        var output = context.Output(0);
        ExpectSameType(context, operand, update, "update");
        ExpectSameType(context, operand, output, "output");
        _elementSize = ElementSize(context, operand, "operand");
        ExpectIndexType(context, start, "start_indices");
        int rank = operand.Rank;
        if (rank > MaxRank) throw context.Fail($"operand '{operand.Name}' has rank {rank}; DYNAMIC_UPDATE_SLICE supports up to {MaxRank}");
        if (start.Rank != 1 || start.Dim(0) != rank)
            throw context.Fail($"start_indices '{start.Name}' must have shape [{rank}], got {Format(start.Shape)}");
        if (update.Rank != rank)
            throw context.Fail($"update '{update.Name}' {Format(update.Shape)} must have the rank of operand '{operand.Name}' {Format(operand.Shape)}");
        for (int d = 0; d < rank; d++)
            if (update.Dim(d) > operand.Dim(d))
                throw context.Fail($"update '{update.Name}' {Format(update.Shape)} is larger than operand '{operand.Name}' {Format(operand.Shape)} in dimension {d}");
        context.ResizeOutput(0, operand.Shape);
    }

    public void Eval(OpContext context)
    {
        var startT = context.Input(2);
        int rank = context.Input(0).Rank;
        Span<long> start = stackalloc long[rank];
        if (startT.DataType == TensorType.Int32)
        {
            var s = startT.GetData<int>();
            for (int d = 0; d < rank; d++) start[d] = s[d];
        }
        else
        {
            startT.GetData<long>()[..rank].CopyTo(start);
        }
        switch (_elementSize)
        {
            case 1: Run<byte>(context, start); break;
            case 2: Run<ushort>(context, start); break;
            case 4: Run<uint>(context, start); break;
            default: Run<ulong>(context, start); break;
        }
    }

    private void Run<T>(OpContext context, ReadOnlySpan<long> start) where T : unmanaged
    {
        var operand = context.Input(0);
        var update = context.Input(1);
        if (_reference)
            Ref.DynamicUpdateSlice.Run(operand.Shape, Read<T>(operand), update.Shape, Read<T>(update), start, Write<T>(context.Output(0)));
        else
            Opt.DynamicUpdateSlice.Run(operand.Shape, Read<T>(operand), update.Shape, Read<T>(update), start, Write<T>(context.Output(0)));
    }
}
