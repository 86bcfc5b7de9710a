using ManagedLite.Schema;
using static ManagedLite.Ops.Shape.ShapeOpHelpers;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Shape;

/// <summary>DEPTH_TO_SPACE (NHWC): [b, h, w, c*bs*bs] -> [b, h*bs, w*bs, c]; the optimized flavor copies runs of bs*c elements (<see cref="Opt.DepthToSpace"/>).</summary>
internal sealed class DepthToSpaceOp : IOpKernel
{
    private readonly bool _reference;

    public DepthToSpaceOp(KernelFlavor flavor) => _reference = flavor == KernelFlavor.Reference;

    private int[] _inputShape = [];
    private int _blockSize, _elementSize;

    public void Prepare(OpContext context)
    {
        var input = context.Input(0);
        var output = context.Output(0);
        ExpectSameType(context, input, output, "output");
        _elementSize = ElementSize(context, input, "input");
        OpHelpers.ExpectRank(context, input, 4, "input");
        _blockSize = context.GetOptions<DepthToSpaceOptions>().BlockSize;
        if (_blockSize < 1) throw context.Fail($"block_size must be >= 1, got {_blockSize}");
        _inputShape = input.Shape.ToArray();
        long bb = (long)_blockSize * _blockSize;
        if (_inputShape[3] % bb != 0)
            throw context.Fail($"depth {_inputShape[3]} of input '{input.Name}' {Format(input.Shape)} is not divisible by block_size^2 = {bb}");
        long h = (long)_inputShape[1] * _blockSize, w = (long)_inputShape[2] * _blockSize;
        if (h > int.MaxValue || w > int.MaxValue) throw context.Fail("output height or width overflows int32");
        context.ResizeOutput(0, [_inputShape[0], (int)h, (int)w, (int)(_inputShape[3] / bb)]);
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
        if (_reference) Ref.DepthToSpace.Run(_inputShape, Read<T>(context.Input(0)), _blockSize, Write<T>(context.Output(0)));
        else Opt.DepthToSpace.Run(_inputShape, Read<T>(context.Input(0)), _blockSize, Write<T>(context.Output(0)));
    }
}
