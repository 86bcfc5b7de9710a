using ManagedLite.Schema;
using static ManagedLite.Ops.Shape.ShapeOpHelpers;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Shape;

/// <summary>SPACE_TO_DEPTH (NHWC): [b, h*bs, w*bs, c] -> [b, h, w, c*bs*bs]; the optimized flavor copies runs of bs*c elements (<see cref="Opt.SpaceToDepth"/>).</summary>
internal sealed class SpaceToDepthOp : IOpKernel
{
    private readonly bool _reference;

    public SpaceToDepthOp(KernelFlavor flavor) => _reference = flavor == KernelFlavor.Reference;

    private int[] _inputShape = [];
    private int _blockSize, _elementSize;

    public void Prepare(OpContext context)
    {
        var input = context.Input(0);
        var output = context.Output(0);
        ExpectSameType(context, input, output, "output");
        _elementSize = ElementSize(context, input, "input");
        OpHelpers.ExpectRank(context, input, 4, "input");
        _blockSize = context.GetOptions<SpaceToDepthOptions>().BlockSize;
        if (_blockSize < 1) throw context.Fail($"block_size must be >= 1, got {_blockSize}");
        _inputShape = input.Shape.ToArray();
        if (_inputShape[1] % _blockSize != 0 || _inputShape[2] % _blockSize != 0)
            throw context.Fail($"height and width of input '{input.Name}' {Format(input.Shape)} must be divisible by block_size {_blockSize}");
        long depth = (long)_inputShape[3] * _blockSize * _blockSize;
        if (depth > int.MaxValue) throw context.Fail("output depth overflows int32");
        context.ResizeOutput(0, [_inputShape[0], _inputShape[1] / _blockSize, _inputShape[2] / _blockSize, (int)depth]);
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
        if (_reference) Ref.SpaceToDepth.Run(_inputShape, Read<T>(context.Input(0)), _blockSize, Write<T>(context.Output(0)));
        else Opt.SpaceToDepth.Run(_inputShape, Read<T>(context.Input(0)), _blockSize, Write<T>(context.Output(0)));
    }
}
