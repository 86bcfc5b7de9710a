using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ManagedLite.Schema;
using static ManagedLite.Ops.IndexReduceChecks;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Indexing;

/// <summary>
/// UNIQUE (TFLite's unique.cc): a 1-D int8, uint8, int16, int32, int64 or float32 input; output 0 the distinct values
/// in order of first appearance (dynamic: its length, at most the input's, is known in Eval), output 1 (int32 or int64,
/// UniqueOptions.idx_out_type) the position of each input element's value in output 0. O(n log n) with scratch.
/// </summary>
internal sealed class UniqueOp : IOpKernel
{
    private int _keys, _groups, _values;

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 1, 2);
        var input = context.Input(0);
        var unique = context.Output(0);
        var index = context.Output(1);
        ExpectType(context, input, "input", TensorType.Int8, TensorType.UInt8, TensorType.Int16, TensorType.Int32, TensorType.Int64, TensorType.Float32);
        ExpectSameType(context, input, unique, "output 0 (unique values)");
        var idxType = context.GetOptions<UniqueOptions>().IdxOutType;
        if (idxType is not (TensorType.Int32 or TensorType.Int64))
            throw context.Fail($"UniqueOptions.idx_out_type must be int32 or int64, got {TensorTypes.Name(idxType)}");
        if (index.DataType != idxType)
            throw context.Fail($"output 1 (indices) {Describe(index)} must be {TensorTypes.Name(idxType)} (UniqueOptions.idx_out_type)");
        ExpectRank(context, input, "input", 1, 1);
        context.MarkOutputDynamic(0);
        context.ResizeOutput(1, input.Shape);
        int n = input.Dim(0);
        int keySize = input.DataType switch
        {
            TensorType.Int8 => Unsafe.SizeOf<Ref.Unique.Keyed<sbyte>>(),
            TensorType.UInt8 => Unsafe.SizeOf<Ref.Unique.Keyed<byte>>(),
            TensorType.Int16 => Unsafe.SizeOf<Ref.Unique.Keyed<short>>(),
            TensorType.Int32 => Unsafe.SizeOf<Ref.Unique.Keyed<int>>(),
            TensorType.Int64 => Unsafe.SizeOf<Ref.Unique.Keyed<long>>(),
            _ => Unsafe.SizeOf<Ref.Unique.Keyed<float>>(),
        };
        _keys = context.RequestScratch(checked(n * keySize));
        _groups = context.RequestScratch(checked(n * sizeof(int)));
        _values = context.RequestScratch(checked(n * TensorTypes.ElementSize(input.DataType)));
    }

    public void Eval(OpContext context)
    {
        var input = context.Input(0);
        bool wide = context.Output(1).DataType == TensorType.Int64;
        switch (input.DataType)
        {
            case TensorType.Int8: Run<sbyte>(context, wide); break;
            case TensorType.UInt8: Run<byte>(context, wide); break;
            case TensorType.Int16: Run<short>(context, wide); break;
            case TensorType.Int32: Run<int>(context, wide); break;
            case TensorType.Int64: Run<long>(context, wide); break;
            default: Run<float>(context, wide); break;
        }
    }

    private void Run<T>(OpContext context, bool wide) where T : unmanaged, IComparable<T>
    {
        var input = context.Input(0).GetData<T>();
        var keys = MemoryMarshal.Cast<byte, Ref.Unique.Keyed<T>>(context.GetScratch(_keys));
        var groups = MemoryMarshal.Cast<byte, int>(context.GetScratch(_groups));
        var values = MemoryMarshal.Cast<byte, T>(context.GetScratch(_values));
        var index = context.Output(1);
        int count = wide
            ? Ref.Unique.Run(input, values, index.GetWritableData<long>(), keys, groups)
            : Ref.Unique.Run(input, values, index.GetWritableData<int>(), keys, groups);
        Span<int> shape = [count];
        context.ResizeOutput(0, shape);
        values.Slice(0, count).CopyTo(context.Output(0).GetWritableData<T>());
    }
}
