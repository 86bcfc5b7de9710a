using ManagedLite.Schema;
using static ManagedLite.Ops.IndexReduceChecks;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Reduction;

/// <summary>
/// TOPK_V2 (TFLite's topk_v2.cc): input (float32, uint8, int8, int16, int32, int64) of rank &gt;= 1, k (int32 or int16,
/// one value); outputs the k largest values of every last-dimension row in decreasing order (ties by position, NaN
/// last) and their positions (int32 or int16). k &lt;= 0 gives empty rows; k above the row size is an error. The
/// outputs are dynamic unless k is known at preparation. Work O(n log k).
/// </summary>
internal sealed class TopKV2Op : IOpKernel
{
    private bool _dynamic;
    private int _k, _rowSize, _heap;

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 2, 2);
        var input = context.Input(0);
        var k = context.Input(1);
        var values = context.Output(0);
        var indices = context.Output(1);
        ExpectType(context, input, "input", TensorType.Float32, TensorType.UInt8, TensorType.Int8, TensorType.Int16, TensorType.Int32, TensorType.Int64);
        ExpectSameType(context, input, values, "output 0 (values)");
        ExpectType(context, k, "k", TensorType.Int32, TensorType.Int16);
        ExpectType(context, indices, "output 1 (indices)", TensorType.Int32, TensorType.Int16);
        ExpectRank(context, input, "input", 1);
        if (k.ElementCount != 1) throw context.Fail($"k {Describe(k)} must hold one value");
        _rowSize = input.Dim(input.Rank - 1);
        if (indices.DataType == TensorType.Int16 && _rowSize > short.MaxValue)
            throw context.Fail($"rows of {_rowSize} elements in input {Describe(input)} do not fit int16 indices {ModelText.Quote(indices.Name)}");
        _heap = context.RequestScratch(checked(_rowSize * sizeof(int)));
        _dynamic = !k.IsKnownAtPrepare;
        if (_dynamic)
        {
            context.MarkOutputDynamic(0);
            context.MarkOutputDynamic(1);
        }
        else Resize(context);
    }

    private void Resize(OpContext context)
    {
        var input = context.Input(0);
        var kTensor = context.Input(1);
        int k = kTensor.DataType == TensorType.Int32 ? kTensor.GetData<int>()[0] : kTensor.GetData<short>()[0];
        if (k > _rowSize)
            throw context.Fail($"k = {k} (from {ModelText.Quote(kTensor.Name)}) is larger than the last dimension of input {Describe(input)}");
        _k = Math.Max(0, k);
        var shape = input.Shape.ToArray();
        shape[^1] = _k;
        context.ResizeOutput(0, shape);
        context.ResizeOutput(1, shape);
    }

    public void Eval(OpContext context)
    {
        if (_dynamic) Resize(context);
        if (_k == 0) return;
        var input = context.Input(0);
        switch (input.DataType)
        {
            case TensorType.Float32: Run(context, input.GetData<float>()); break;
            case TensorType.UInt8: Run(context, input.GetData<byte>()); break;
            case TensorType.Int8: Run(context, input.GetData<sbyte>()); break;
            case TensorType.Int16: Run(context, input.GetData<short>()); break;
            case TensorType.Int32: Run(context, input.GetData<int>()); break;
            default: Run(context, input.GetData<long>()); break;
        }
    }

    private void Run<T>(OpContext context, ReadOnlySpan<T> input) where T : unmanaged, System.Numerics.INumber<T>
    {
        var values = context.Output(0).GetWritableData<T>();
        var indices = context.Output(1);
        var heap = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(context.GetScratch(_heap));
        if (indices.DataType == TensorType.Int32)
            Ref.TopK.Run(input, _rowSize, _k, values, indices.GetWritableData<int>(), heap);
        else
            Ref.TopK.Run(input, _rowSize, _k, values, indices.GetWritableData<short>(), heap);
    }

    /// <summary>
    /// Work estimate: every element passes through a heap of k (log2(k) steps), then k pops of log2(k) steps, each step
    /// two compares through an index into the row (a cache miss once k outgrows the cache): counted as 8 units a step.
    /// </summary>
    public static long EstimateWork(OpContext ctx)
    {
        var input = ctx.Input(0);
        long n = input.ElementCount;
        long k = ctx.OutputCount > 0 && ctx.Output(0).Rank > 0 ? ctx.Output(0).Dim(ctx.Output(0).Rank - 1) : 1;
        long rows = input.Rank > 0 && input.Dim(input.Rank - 1) > 0 ? n / input.Dim(input.Rank - 1) : 1;
        long log = 1 + (long)Math.Log2(Math.Max(2, k));
        long steps = OpWork.Mul(OpWork.Add(n, OpWork.Mul(rows, k)), log);
        return OpWork.Add(OpWork.Mul(steps, 8), OpWork.Linear(ctx));
    }
}
