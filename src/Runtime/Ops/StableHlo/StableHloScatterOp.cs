using System.Runtime.InteropServices;
using ManagedLite.Schema;
using static ManagedLite.Ops.IndexReduceChecks;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.StableHlo;

/// <summary>
/// STABLEHLO_SCATTER (TFLite's stablehlo_scatter.cc): inputs, int32/int64 scatter indices and updates of the input's
/// type; the output is the input with the updates combined in. The combination is read from the update computation
/// subgraph as TFLite does: no operator = replace, or exactly one of STABLEHLO_ADD, STABLEHLO_MULTIPLY,
/// STABLEHLO_MAXIMUM, STABLEHLO_MINIMUM. Dimension numbers are checked against the shapes (TFLite reads outside the
/// indices when they disagree, and past their shape when index_vector_dim equals their rank: both are rejected here).
/// Targets outside the input are skipped. Bool combines add as or, multiply as and.
/// </summary>
internal sealed class StableHloScatterOp : IOpKernel
{
    public static readonly TensorType[] Types =
        [TensorType.Float32, TensorType.Float64, TensorType.Int8, TensorType.Int16, TensorType.Int32, TensorType.Int64,
         TensorType.UInt8, TensorType.UInt16, TensorType.UInt32, TensorType.UInt64, TensorType.Bool];

    private StablehloScatterOptions _o = new();
    private Ref.ScatterCombine _combine;

    public void Prepare(OpContext ctx)
    {
        ExpectCounts(ctx, 3, 1);
        var input = ctx.Input(0);
        var indices = ctx.Input(1);
        var updates = ctx.Input(2);
        ExpectType(ctx, input, "inputs", Types);
        ExpectSameType(ctx, input, updates, "updates");
        ExpectSameType(ctx, input, ctx.Output(0), "output");
        ExpectType(ctx, indices, "scatter indices", TensorType.Int32, TensorType.Int64);
        var o = _o = ctx.GetOptions<StablehloScatterOptions>();
        int rank = input.Rank;
        Distinct(ctx, o.UpdateWindowDims, updates.Rank, "update_window_dims");
        for (int i = 1; i < o.UpdateWindowDims.Length; i++)
            if (o.UpdateWindowDims[i] <= o.UpdateWindowDims[i - 1]) throw ctx.Fail($"update_window_dims [{string.Join(",", o.UpdateWindowDims)}] must be sorted");
        Distinct(ctx, o.InsertedWindowDims, rank, "inserted_window_dims");
        if (o.UpdateWindowDims.Length + o.InsertedWindowDims.Length != rank)
            throw ctx.Fail($"update_window_dims ({o.UpdateWindowDims.Length}) and inserted_window_dims ({o.InsertedWindowDims.Length}) must add up to the rank of inputs {Describe(input)}");
        if (o.IndexVectorDim < 0 || o.IndexVectorDim >= indices.Rank)
            throw ctx.Fail($"index_vector_dim {o.IndexVectorDim} is not a dimension of scatter indices {Describe(indices)}");
        int ivd = (int)o.IndexVectorDim;
        Distinct(ctx, o.ScatterDimsToOperandDims, rank, "scatter_dims_to_operand_dims");
        if (o.ScatterDimsToOperandDims.Length != indices.Dim(ivd))
            throw ctx.Fail($"scatter_dims_to_operand_dims has {o.ScatterDimsToOperandDims.Length} values, the index vectors of {Describe(indices)} {indices.Dim(ivd)}");
        if (updates.Rank != indices.Rank - 1 + o.UpdateWindowDims.Length)
            throw ctx.Fail($"updates {Describe(updates)} must have rank {indices.Rank - 1 + o.UpdateWindowDims.Length} (scatter dimensions of the indices plus update_window_dims)");
        int b = 0;
        for (int d = 0; d < updates.Rank; d++)
        {
            if (o.UpdateWindowDims.Contains(d)) continue;
            if (b == ivd) b++;
            if (updates.Dim(d) != indices.Dim(b))
                throw ctx.Fail($"updates {Describe(updates)} dimension {d} must equal dimension {b} of scatter indices {Describe(indices)}");
            b++;
        }
        _combine = Combine(ctx, o.UpdateComputationSubgraphIndex);
        if (input.DataType == TensorType.Bool)
            _combine = _combine switch { Ref.ScatterCombine.Add => Ref.ScatterCombine.Maximum, Ref.ScatterCombine.Multiply => Ref.ScatterCombine.Minimum, var c => c };
        ctx.ResizeOutput(0, input.Shape);
    }

    private static Ref.ScatterCombine Combine(OpContext ctx, int index)
    {
        var model = (ctx.Interpreter ?? throw ctx.Fail("STABLEHLO_SCATTER needs an interpreter")).Model.Definition;
        if ((uint)index >= (uint)model.SubGraphs.Count || index == ctx.SubgraphIndex)
            throw ctx.Fail($"update computation subgraph index {index} is out of range [0, {model.SubGraphs.Count}) or the calling subgraph");
        var body = model.SubGraphs[index];
        if (body.Operators.Count == 0) return Ref.ScatterCombine.Update;
        if (body.Operators.Count > 1) throw ctx.Fail($"update computation subgraph {index} has {body.Operators.Count} operators; at most one is allowed");
        var code = model.OperatorCodes[body.Operators[0].OpcodeIndex].Code;
        return code switch
        {
            BuiltinOperator.STABLEHLO_ADD => Ref.ScatterCombine.Add,
            BuiltinOperator.STABLEHLO_MULTIPLY => Ref.ScatterCombine.Multiply,
            BuiltinOperator.STABLEHLO_MAXIMUM => Ref.ScatterCombine.Maximum,
            BuiltinOperator.STABLEHLO_MINIMUM => Ref.ScatterCombine.Minimum,
            _ => throw ctx.Fail($"update computation subgraph {index} computes {code}; only replace, STABLEHLO_ADD, STABLEHLO_MULTIPLY, STABLEHLO_MAXIMUM and STABLEHLO_MINIMUM are supported"),
        };
    }

    private static void Distinct(OpContext ctx, long[] dims, int limit, string name)
    {
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] < 0 || dims[i] >= limit) throw ctx.Fail($"{name} [{string.Join(",", dims)}] has {dims[i]}, outside [0, {limit})");
            for (int j = 0; j < i; j++)
                if (dims[j] == dims[i]) throw ctx.Fail($"{name} [{string.Join(",", dims)}] repeats {dims[i]}");
        }
    }

    public void Eval(OpContext ctx)
    {
        ctx.Input(0).RawBytes.CopyTo(ctx.Output(0).WritableBytes);
        var indices = ctx.Input(1);
        if (indices.DataType == TensorType.Int32) Dispatch<int>(ctx, indices.GetData<int>());
        else Dispatch<long>(ctx, indices.GetData<long>());
    }

    private void Dispatch<TIndex>(OpContext ctx, ReadOnlySpan<TIndex> indices) where TIndex : unmanaged, System.Numerics.IBinaryInteger<TIndex>
    {
        switch (ctx.Input(0).DataType)
        {
            case TensorType.Float32: Go<float, TIndex>(ctx, indices); break;
            case TensorType.Float64: Go<double, TIndex>(ctx, indices); break;
            case TensorType.Int8: Go<sbyte, TIndex>(ctx, indices); break;
            case TensorType.Int16: Go<short, TIndex>(ctx, indices); break;
            case TensorType.Int32: Go<int, TIndex>(ctx, indices); break;
            case TensorType.Int64: Go<long, TIndex>(ctx, indices); break;
            case TensorType.UInt16: Go<ushort, TIndex>(ctx, indices); break;
            case TensorType.UInt32: Go<uint, TIndex>(ctx, indices); break;
            case TensorType.UInt64: Go<ulong, TIndex>(ctx, indices); break;
            default: Go<byte, TIndex>(ctx, indices); break;
        }
    }

    private void Go<T, TIndex>(OpContext ctx, ReadOnlySpan<TIndex> indices)
        where T : unmanaged, System.Numerics.INumber<T> where TIndex : unmanaged, System.Numerics.IBinaryInteger<TIndex>
    {
        var o = _o;
        var updates = ctx.Input(2);
        var output = ctx.Output(0);
        Ref.StableHloScatter.Run(_combine, output.Shape, MemoryMarshal.Cast<byte, T>(output.WritableBytes), ctx.Input(1).Shape, indices,
            updates.Shape, MemoryMarshal.Cast<byte, T>(updates.RawBytes), o.UpdateWindowDims, o.InsertedWindowDims, o.ScatterDimsToOperandDims,
            (int)o.IndexVectorDim);
    }
}
