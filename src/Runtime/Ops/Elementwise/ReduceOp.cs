using ManagedLite.Kernels.Params;
using ManagedLite.Schema;

namespace ManagedLite.Ops;

/// <summary>Which reduction a <see cref="ReduceOp"/> computes.</summary>
internal enum ReduceKind { Mean, Sum, Max }

/// <summary>
/// MEAN, SUM and REDUCE_MAX on float32. The axis tensor (int32 or int64; negative and duplicate axes allowed)
/// must be a constant or have its data when Prepare runs, since the output shape depends on it; a
/// non-constant axis is re-read in Eval and must not have changed.
/// </summary>
internal sealed class ReduceOp : IOpKernel
{
    private readonly ReduceKind _kind;
    private int[] _axes = Array.Empty<int>();
    private bool[] _reduced = Array.Empty<bool>();

    public ReduceOp(ReduceKind kind) => _kind = kind;

    public void Prepare(OpContext context)
    {
        ElementwiseOpHelpers.ExpectCounts(context, 2, 1);
        var input = context.Input(0);
        var axis = context.Input(1);
        ElementwiseOpHelpers.ExpectFloat(context, input, "input");
        ElementwiseOpHelpers.ExpectFloat(context, context.Output(0), "output");
        if (axis.DataType != TensorType.Int32 && axis.DataType != TensorType.Int64)
            throw context.Fail($"axis '{axis.Name}' must be int32 or int64, got {TensorTypes.Name(axis.DataType)}");
        if (!axis.HasData)
            throw context.Fail($"axis '{axis.Name}' has no data at preparation; only constant (or already computed) axes are supported");
        _axes = ReadAxes(axis);
        try
        {
            _reduced = ReduceAxes.Resolve(_axes, input.Rank);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw context.Fail($"axis '{axis.Name}' [{string.Join(",", _axes)}] is out of range for input '{input.Name}' {ElementwiseOpHelpers.ShapeText(input.Shape)}");
        }
        bool keepDims = context.GetOptions<ReducerOptions>().KeepDims;
        context.ResizeOutput(0, ReduceAxes.OutputShape(input.Shape, _reduced, keepDims));
    }

    private static int[] ReadAxes(Tensor axis)
    {
        if (axis.DataType == TensorType.Int32) return axis.GetData<int>().ToArray();
        var longs = axis.GetData<long>();
        var result = new int[longs.Length];
        for (int i = 0; i < longs.Length; i++)
            result[i] = (int)Math.Clamp(longs[i], int.MinValue, int.MaxValue);
        return result;
    }

    public void Eval(OpContext context)
    {
        var input = context.Input(0);
        var axis = context.Input(1);
        if (!axis.IsConstant && !SameAxes(axis))
            throw context.Fail($"axis '{axis.Name}' changed after Prepare; dynamic reduction axes are not supported");
        var x = input.GetData<float>();
        var y = context.Output(0).GetWritableData<float>();
        ReadOnlySpan<int> shape = input.Shape;
        bool r = context.UseReferenceKernels;
        switch (_kind)
        {
            case ReduceKind.Mean: if (r) Kernels.Reference.Reduce.Mean(shape, x, _reduced, y); else Kernels.Optimized.Reduce.Mean(shape, x, _reduced, y); break;
            case ReduceKind.Sum: if (r) Kernels.Reference.Reduce.Sum(shape, x, _reduced, y); else Kernels.Optimized.Reduce.Sum(shape, x, _reduced, y); break;
            case ReduceKind.Max: if (r) Kernels.Reference.Reduce.Max(shape, x, _reduced, y); else Kernels.Optimized.Reduce.Max(shape, x, _reduced, y); break;
        }
    }

    private bool SameAxes(Tensor axis)
    {
        if (axis.DataType == TensorType.Int32)
            return axis.GetData<int>().SequenceEqual(_axes);
        var longs = axis.GetData<long>();
        if (longs.Length != _axes.Length) return false;
        for (int i = 0; i < longs.Length; i++) if (longs[i] != _axes[i]) return false;
        return true;
    }
}
