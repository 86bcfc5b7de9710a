using System.Runtime.InteropServices;
using ManagedLite.Schema;
using static ManagedLite.Ops.IndexReduceChecks;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Indexing;

/// <summary>
/// HASHTABLE_LOOKUP (TFLite's hashtable_lookup.cc): lookup int32 [n], keys int32 [k] (sorted, as bsearch needs), values
/// [k, ...] of any fixed-size type -> output [n, ...] (the matching rows, zeros for misses) and hits uint8 [n]. String
/// values (TFLite's rank-1 string tables) give a string output [n], empty strings for misses. An empty table is an error at invoke, as in TFLite.
/// </summary>
internal sealed class HashtableLookupOp : IOpKernel
{
    public static readonly TensorType[] ValueTypes =
    [
        TensorType.Float32, TensorType.Float16, TensorType.BFloat16, TensorType.Float64, TensorType.Int8, TensorType.UInt8,
        TensorType.Int16, TensorType.UInt16, TensorType.Int32, TensorType.UInt32, TensorType.Int64, TensorType.UInt64, TensorType.Bool,
    ];

    private int _rowBytes;
    private bool _strings;

    public void Prepare(OpContext ctx)
    {
        ExpectCounts(ctx, 3, 2);
        var lookup = ctx.Input(0);
        var keys = ctx.Input(1);
        var values = ctx.Input(2);
        ExpectType(ctx, lookup, "lookup", TensorType.Int32);
        ExpectRank(ctx, lookup, "lookup", 1, 1);
        ExpectType(ctx, keys, "keys", TensorType.Int32);
        ExpectRank(ctx, keys, "keys", 1, 1);
        _strings = values.DataType == TensorType.String;
        if (!_strings) ExpectType(ctx, values, "values", ValueTypes);
        ExpectRank(ctx, values, "values", 1, _strings ? 1 : int.MaxValue);
        if (values.Dim(0) != keys.Dim(0))
            throw ctx.Fail($"values {Describe(values)} must have one row per key of {Describe(keys)}");
        ExpectSameType(ctx, values, ctx.Output(0), "output 0");
        ExpectType(ctx, ctx.Output(1), "output 1 (hits)", TensorType.UInt8);
        Span<int> shape = stackalloc int[values.Rank];
        values.Shape.CopyTo(shape);
        shape[0] = lookup.Dim(0);
        ctx.ResizeOutput(0, shape);
        ctx.ResizeOutput(1, [lookup.Dim(0)]);
        _rowBytes = _strings ? 4 : checked(CheckedProduct(ctx, values.Shape, 1, values.Rank, "the row size") * TensorTypes.ElementSize(values.DataType));
    }

    public void Eval(OpContext ctx)
    {
        var keys = ctx.Input(1);
        if (keys.Dim(0) == 0) throw ctx.Fail($"keys {Describe(keys)} is empty: the table has no rows");
        if (_strings)
        {
            // String rows are looked up by their ids; a miss is an empty string (TFLite's DynamicBuffer AddString(nullptr, 0)).
            var strings = Strings.StringTensors.View(ctx, ctx.Input(2), "values");
            var lookup = ctx.Input(0);
            var picked = new int[lookup.Dim(0)];
            var hits = ctx.Output(1).WritableBytes;
            Ref.HashtableLookup.Run(lookup.GetData<int>(), keys.GetData<int>(), (ReadOnlySpan<byte>)MemoryMarshal.AsBytes(Strings.StringTensors.Iota(strings.Count).AsSpan()),
                4, MemoryMarshal.AsBytes(picked.AsSpan()), hits);
            for (int i = 0; i < picked.Length; i++) if (hits[i] == 0) picked[i] = -1;
            Strings.StringTensors.WriteGathered(ctx, 0, [picked.Length], strings, picked);
            return;
        }
        Ref.HashtableLookup.Run(ctx.Input(0).GetData<int>(), keys.GetData<int>(), ctx.Input(2).RawBytes, _rowBytes,
            ctx.Output(0).WritableBytes, ctx.Output(1).WritableBytes);
    }

    /// <summary>Work: a binary search over the keys per lookup, plus the copied rows.</summary>
    public static long EstimateWork(OpContext ctx)
    {
        long n = ctx.Input(0).ElementCount, k = ctx.Input(1).ElementCount;
        return OpWork.Add(OpWork.Mul(n, 1 + (long)Math.Log2(Math.Max(2, k))), OpWork.Linear(ctx));
    }
}
