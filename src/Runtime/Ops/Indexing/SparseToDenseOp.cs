using ManagedLite.Schema;
using static ManagedLite.Ops.IndexReduceChecks;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Indexing;

/// <summary>
/// SPARSE_TO_DENSE (TFLite's sparse_to_dense.cc): int32/int64 indices (a scalar, [n], or [n, rank] with rank &lt;= 4),
/// an int32/int64 output shape, values (int32, int64, int8, uint8 or float32; a scalar or [n]) and a one-element default
/// value of the same type. The output (dynamic unless the shape is known at preparation) is the default value with the
/// values written at their indices. An index outside the output shape is an <see cref="OperatorException"/> at Eval.
/// </summary>
internal sealed class SparseToDenseOp : IOpKernel
{
    private bool _dynamic;
    private int _count;

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 4, 1);
        var indices = context.Input(0);
        var outputShape = context.Input(1);
        var values = context.Input(2);
        var defaultValue = context.Input(3);
        var output = context.Output(0);
        ExpectType(context, indices, "indices", TensorType.Int32, TensorType.Int64);
        ExpectType(context, outputShape, "output shape", TensorType.Int32, TensorType.Int64);
        ExpectType(context, values, "values", TensorType.Int32, TensorType.Int64, TensorType.Int8, TensorType.UInt8, TensorType.Float32);
        ExpectSameType(context, values, defaultValue, "default value");
        ExpectSameType(context, values, output, "output");
        ExpectRank(context, indices, "indices", 0, 2);
        ExpectRank(context, outputShape, "output shape", 1, 1);
        ExpectRank(context, values, "values", 0, 1);
        if (defaultValue.ElementCount != 1)
            throw context.Fail($"default value {Describe(defaultValue)} must hold one value");
        long shapeLength = outputShape.ElementCount;
        if (indices.Rank < 2)
        {
            _count = (int)indices.ElementCount;
            if (values.Rank != 0 && values.ElementCount != indices.ElementCount)
                throw context.Fail($"values {Describe(values)} must hold one value per index of {Describe(indices)}");
            if (shapeLength != 1)
                throw context.Fail($"output shape {Describe(outputShape)} must have 1 value for indices of rank {indices.Rank}");
        }
        else
        {
            _count = indices.Dim(0);
            if (indices.Dim(1) != shapeLength)
                throw context.Fail($"indices {Describe(indices)} must have one coordinate per value of output shape {Describe(outputShape)}");
            if (values.Rank != 0 && values.ElementCount != indices.Dim(0))
                throw context.Fail($"values {Describe(values)} must hold one value per index row of {Describe(indices)}");
            if (shapeLength > 4)
                throw context.Fail($"indices {Describe(indices)} address {shapeLength} dimensions; SPARSE_TO_DENSE outputs have rank 4 at most");
        }
        _dynamic = !outputShape.IsKnownAtPrepare;
        if (_dynamic) context.MarkOutputDynamic(0);
        else Resize(context);
    }

    private static void Resize(OpContext context)
    {
        var dims = ReadDims(context, context.Input(1), "output shape");
        CheckedProduct(context, dims, 0, dims.Length, "the output size");
        context.ResizeOutput(0, dims);
    }

    public void Eval(OpContext context)
    {
        if (_dynamic) Resize(context);
        var values = context.Input(2);
        switch (values.DataType)
        {
            case TensorType.Float32: Run<float>(context); break;
            case TensorType.Int32: Run<int>(context); break;
            case TensorType.Int64: Run<long>(context); break;
            case TensorType.Int8: Run<sbyte>(context); break;
            default: Run<byte>(context); break;
        }
    }

    private void Run<T>(OpContext context) where T : unmanaged
    {
        var indices = context.Input(0);
        var values = context.Input(2);
        var output = context.Output(0);
        T fill = context.Input(3).GetData<T>()[0];
        bool scalar = values.Rank == 0;
        bool ok;
        long bad;
        int at;
        if (indices.DataType == TensorType.Int32)
            ok = Ref.SparseToDense.TryRun(indices.GetData<int>(), _count, values.GetData<T>(), scalar, fill, output.Shape, output.GetWritableData<T>(), out bad, out at);
        else
            ok = Ref.SparseToDense.TryRun(indices.GetData<long>(), _count, values.GetData<T>(), scalar, fill, output.Shape, output.GetWritableData<T>(), out bad, out at);
        if (!ok)
        {
            int dim = at % Math.Max(output.Rank, 1);
            throw context.Fail($"index {bad} at position {at} of indices {ModelText.Quote(indices.Name)} is out of range [0, {output.Dim(dim)}) for dimension {dim} of the output {ShapeText(output.Shape)}");
        }
    }
}
