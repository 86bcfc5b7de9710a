using ManagedLite.Schema;
using static ManagedLite.Ops.IndexReduceChecks;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Indexing;

/// <summary>
/// BUCKETIZE (TFLite's bucketize.cc): for int32, int64, float32 or float64 input, the int32 index of the bucket of
/// every element among the sorted BucketizeOptions.boundaries (unsorted boundaries are rejected in Prepare).
/// </summary>
internal sealed class BucketizeOp : IOpKernel
{
    private float[] _boundaries = [];

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 1, 1);
        var input = context.Input(0);
        ExpectType(context, input, "input", TensorType.Int32, TensorType.Float32, TensorType.Int64, TensorType.Float64);
        ExpectType(context, context.Output(0), "output", TensorType.Int32);
        _boundaries = context.GetOptions<BucketizeOptions>().Boundaries;
        if (!Ref.Bucketize.IsSorted(_boundaries))
            throw context.Fail($"BucketizeOptions.boundaries [{string.Join(", ", _boundaries.Take(16))}{(_boundaries.Length > 16 ? ", ..." : "")}] must be sorted");
        context.ResizeOutput(0, input.Shape);
    }

    public void Eval(OpContext context)
    {
        var input = context.Input(0);
        var output = context.Output(0).GetWritableData<int>();
        switch (input.DataType)
        {
            case TensorType.Float32: Ref.Bucketize.Run(input.GetData<float>(), _boundaries, output); break;
            case TensorType.Float64: Ref.Bucketize.Run(input.GetData<double>(), _boundaries, output); break;
            case TensorType.Int32: Ref.Bucketize.Run(input.GetData<int>(), _boundaries, output); break;
            default: Ref.Bucketize.Run(input.GetData<long>(), _boundaries, output); break;
        }
    }
}
