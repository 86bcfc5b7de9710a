using ManagedLite.Schema;
using static ManagedLite.Ops.Shape.ShapeOpHelpers;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Shape;

/// <summary>
/// MIRROR_PAD (REFLECT / SYMMETRIC). Inputs: data, paddings ([rank, 2], int32/int64; not known at preparation =
/// dynamic output). Each pad must be
/// at most size-1 (REFLECT) or size (SYMMETRIC). One kernel for both modes (reference; gather per element).
/// </summary>
internal sealed class MirrorPadOp : IOpKernel
{
    private int[] _inputShape = [];
    private int[] _left = [];
    private int[] _right = [];
    private int _elementSize;
    private bool _reflect;
    private bool _dynamic;

    public void Prepare(OpContext context)
    {
        var input = context.Input(0);
        var paddings = context.Input(1);
        var output = context.Output(0);
        ExpectSameType(context, input, output, "output");
        _elementSize = ElementSize(context, input, "input");
        var options = context.GetOptions<MirrorPadOptions>();
        _reflect = options.Mode == MirrorPadMode.Reflect;
        if (options.Mode is not (MirrorPadMode.Reflect or MirrorPadMode.Symmetric))
            throw context.Fail($"unknown mirror pad mode {(int)options.Mode}");
        int rank = input.Rank;
        if (paddings.Rank != 2 || paddings.Dim(0) != rank || paddings.Dim(1) != 2)
            throw context.Fail($"paddings '{paddings.Name}' must have shape [{rank},2] for input rank {rank}, got {Format(paddings.Shape)}");
        ExpectIndexType(context, paddings, "paddings");
        if (input.DataType is TensorType.UInt8 or TensorType.Int8 or TensorType.Int16)
            ExpectSameQuantization(context, input, output, "input");
        if (input.DataType == TensorType.Int16 && LegacyQuantization(input).ZeroPoint != 0)
            throw context.Fail($"int16 input '{input.Name}' must have zero point 0");
        _inputShape = input.Shape.ToArray();
        _left = new int[rank];
        _right = new int[rank];
        _dynamic = !CanRead(context, paddings);
        if (_dynamic) context.MarkOutputDynamic(0);
        else Configure(context);
    }

    /// <summary>Reads and checks the paddings and sets the output shape.</summary>
    private void Configure(OpContext context)
    {
        var paddings = context.Input(1);
        var options = context.GetOptions<MirrorPadOptions>();
        var pads = ReadInts(context, paddings, "paddings");
        int rank = _inputShape.Length;
        var outShape = new int[rank];
        int offset = _reflect ? 1 : 0;
        for (int d = 0; d < rank; d++)
        {
            _left[d] = pads[2 * d];
            _right[d] = pads[2 * d + 1];
            int limit = _inputShape[d] - offset;
            if (_left[d] < 0 || _right[d] < 0 || (_left[d] > 0 && _left[d] > limit) || (_right[d] > 0 && _right[d] > limit))
                throw context.Fail($"paddings '{paddings.Name}' of dimension {d} are ({_left[d]},{_right[d]}); " +
                                   $"{options.Mode} mode needs 0 <= pad <= {Math.Max(limit, 0)} for size {_inputShape[d]}");
            outShape[d] = _inputShape[d] + _left[d] + _right[d];
        }
        context.ResizeOutput(0, outShape);
    }

    public void Eval(OpContext context)
    {
        if (_dynamic) Configure(context);
        switch (_elementSize)
        {
            case 1: Run<byte>(context); break;
            case 2: Run<ushort>(context); break;
            case 4: Run<uint>(context); break;
            default: Run<ulong>(context); break;
        }
    }

    private void Run<T>(OpContext context) where T : unmanaged
        => Ref.MirrorPad.Run(_inputShape, Read<T>(context.Input(0)), _left, _right, _reflect, Write<T>(context.Output(0)));
}
