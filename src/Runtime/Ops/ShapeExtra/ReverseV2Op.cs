using ManagedLite.Schema;
using static ManagedLite.Ops.Shape.ShapeOpHelpers;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.ShapeExtra;

/// <summary>
/// REVERSE_V2: reverses the input along the dimensions listed in axis (1-D int32, negative allowed, read at Eval as
/// TFLite does). As TFLite, the axes must form one contiguous run (after sorting, no repeats); rank &lt;= 8. Types as
/// TFLite's reverse.cc (float32, float16, bfloat16, int8, uint8, int16, int32, int64, bool). An empty axis list copies.
/// </summary>
internal sealed class ReverseV2Op(KernelFlavor flavor) : IOpKernel
{
    private const int MaxRank = 8;
    private readonly bool _reference = flavor == KernelFlavor.Reference;
    private int _elementSize;

    public void Prepare(OpContext context)
    {
        var input = context.Input(0);
        var axis = context.Input(1);
        var output = context.Output(0);
        ExpectOneOf(context, input, "input", TensorType.Float32, TensorType.Float16, TensorType.BFloat16, TensorType.Int8,
                    TensorType.UInt8, TensorType.Int16, TensorType.Int32, TensorType.Int64, TensorType.Bool);
        ExpectSameType(context, input, output, "output");
        _elementSize = ElementSize(context, input, "input");
        OpHelpers.ExpectType(context, axis, TensorType.Int32, "axis");
        if (axis.Rank != 1) throw context.Fail($"axis '{axis.Name}' must be 1-D, got shape {Format(axis.Shape)}");
        if (input.Rank > MaxRank) throw context.Fail($"input '{input.Name}' has rank {input.Rank}; REVERSE_V2 supports up to {MaxRank}");
        if (axis.Dim(0) > input.Rank)
            throw context.Fail($"axis '{axis.Name}' lists {axis.Dim(0)} dimensions but input '{input.Name}' has rank {input.Rank}");
        context.ResizeOutput(0, input.Shape);
    }

    public void Eval(OpContext context)
    {
        var input = context.Input(0);
        var axisT = context.Input(1);
        int rank = input.Rank;
        var axes = axisT.GetData<int>();
        Span<bool> reverse = stackalloc bool[rank];
        int lo = rank, hi = -1;
        foreach (int a in axes)
        {
            int d = a < 0 ? a + rank : a;
            if (d < 0 || d >= rank)
                throw context.Fail($"axis {a} of '{axisT.Name}' is out of range for rank {rank}");
            if (reverse[d])
                throw context.Fail($"axis '{axisT.Name}' lists dimension {d} twice; REVERSE_V2 needs one contiguous run of axes");
            reverse[d] = true;
            lo = Math.Min(lo, d);
            hi = Math.Max(hi, d);
        }
        if (axes.Length > 0 && hi - lo + 1 != axes.Length)
            throw context.Fail($"axes of '{axisT.Name}' are not contiguous; REVERSE_V2 supports one contiguous run of axes (as TFLite)");
        switch (_elementSize)
        {
            case 1: Run<byte>(context, reverse); break;
            case 2: Run<ushort>(context, reverse); break;
            case 4: Run<uint>(context, reverse); break;
            default: Run<ulong>(context, reverse); break;
        }
    }

    private void Run<T>(OpContext context, ReadOnlySpan<bool> reverse) where T : unmanaged
    {
        var input = context.Input(0);
        var data = Read<T>(input);
        var output = Write<T>(context.Output(0));
        if (_reference) Ref.ReverseV2.Run(input.Shape, data, reverse, output);
        else Opt.ReverseV2.Run(input.Shape, data, reverse, output);
    }
}
