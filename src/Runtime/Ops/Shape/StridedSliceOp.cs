using ManagedLite.Kernels;
using ManagedLite.Schema;
using static ManagedLite.Ops.Shape.ShapeOpHelpers;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Shape;

/// <summary>
/// STRIDED_SLICE with begin / end / ellipsis / new_axis / shrink_axis masks, negative strides and the offset
/// option. begin, end and strides must be constant 1-D int32/int64 tensors of equal length; the output shape is
/// computed here (see <see cref="StridedSliceParams.Resolve"/>).
/// </summary>
internal sealed class StridedSliceOp : IOpKernel
{
    private readonly bool _reference;

    public StridedSliceOp(KernelFlavor flavor) => _reference = flavor == KernelFlavor.Reference;

    private StridedSliceParams? _params;
    private int _elementSize;

    public void Prepare(OpContext context)
    {
        var input = context.Input(0);
        var output = context.Output(0);
        ExpectSameType(context, input, output, "output");
        _elementSize = ElementSize(context, input, "input");
        var options = context.GetOptions<StridedSliceOptions>();
        var beginT = context.Input(1);
        var endT = context.Input(2);
        var stridesT = context.Input(3);
        foreach (var (t, role) in new[] { (beginT, "begin"), (endT, "end"), (stridesT, "strides") })
            if (t.Rank != 1) throw context.Fail($"{role} '{t.Name}' must be 1-D, got shape {Format(t.Shape)}");
        var begin = ReadConstantInts(context, beginT, "begin");
        var end = ReadConstantInts(context, endT, "end");
        var strides = ReadConstantInts(context, stridesT, "strides");
        try
        {
            _params = StridedSliceParams.Resolve(input.Shape, begin, end, strides, options.BeginMask, options.EndMask,
                                                 options.EllipsisMask, options.NewAxisMask, options.ShrinkAxisMask, options.Offset);
        }
        catch (ArgumentException e)
        {
            throw context.Fail($"input '{input.Name}' {Format(input.Shape)}, begin {Format(begin)}, end {Format(end)}, strides {Format(strides)}: {e.Message}");
        }
        context.ResizeOutput(0, _params.OutputShape);
    }

    public void Eval(OpContext context)
    {
        switch (_elementSize)
        {
            case 1: Run<byte>(context); break;
            case 2: Run<ushort>(context); break;
            case 4: Run<uint>(context); break;
            default: Run<ulong>(context); break;
        }
    }

    private void Run<T>(OpContext context) where T : unmanaged
    {
        var p = _params!;
        var input = Read<T>(context.Input(0));
        var output = Write<T>(context.Output(0));
        if (_reference)
            Ref.StridedSlice.Run(p.EffectiveShape, input, p.Start, p.Stride, p.Count, output);
        else
            Opt.StridedSlice.Run(p.EffectiveShape, input, p.Start, p.Stride, p.Count, output);
    }
}
