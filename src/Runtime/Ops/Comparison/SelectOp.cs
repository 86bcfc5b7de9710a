using System.Runtime.InteropServices;
using ManagedLite.Kernels.Elementwise;
using ManagedLite.Schema;
using static ManagedLite.Ops.ComparisonOpHelpers;
using Ref = ManagedLite.Kernels.Reference.Select;

namespace ManagedLite.Ops;

/// <summary>
/// SELECT and SELECT_V2 (TFLite's select.cc): output = condition ? x : y for x and y of any one type of 1, 2, 4 or 8
/// bytes (bool, integers, floats, complex64; it is a conditional copy). SELECT takes a condition of the same shape
/// as x and y, a scalar condition, or a rank-1 condition selecting along x's first dimension; SELECT_V2 broadcasts
/// all three operands against each other. When every operand and the declared output hold one element, the output
/// keeps its declared shape (TFLite's mixed scalar / one-element rule).
/// </summary>
internal sealed class SelectOp(bool v2) : IOpKernel
{
    private enum Mode { Elementwise, RankOne, Broadcast }

    private Mode _mode;
    private int _innerSize;
    private int _elementSize;
    private TernaryBroadcastPlan? _plan;

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 3, 1);
        var condition = context.Input(0);
        var x = context.Input(1);
        var y = context.Input(2);
        var output = context.Output(0);
        if (condition.DataType != TensorType.Bool)
            throw context.Fail($"condition {Describe(condition)} must be bool");
        ExpectSameType(context, x, y);
        ExpectOutputType(context, output, x.DataType);
        _elementSize = TensorTypes.ElementSize(x.DataType);
        if (_elementSize is not (1 or 2 or 4 or 8))
            throw Unsupported(context, x, "element types of 1, 2, 4 or 8 bytes");

        if (condition.ElementCount == 1 && x.ElementCount == 1 && y.ElementCount == 1 && output.ElementCount == 1)
        {
            _mode = Mode.Elementwise;
            context.ResizeOutput(0, output.Shape.ToArray());
            return;
        }
        bool same = condition.Shape.SequenceEqual(x.Shape) && x.Shape.SequenceEqual(y.Shape);
        if (same)
        {
            _mode = Mode.Elementwise;
            context.ResizeOutput(0, x.Shape);
            return;
        }
        if (!v2)
        {
            bool scalar = condition.Rank == 0;
            bool rankOne = condition.Rank == 1 && x.Rank >= 1 && condition.Dim(0) == x.Dim(0);
            if (!scalar && !rankOne)
                throw context.Fail($"condition {Describe(condition)} must have the shape of x {Describe(x)}, be a scalar, or be rank 1 matching x's first dimension");
            if (!x.Shape.SequenceEqual(y.Shape))
                throw context.Fail($"x {Describe(x)} and y {Describe(y)} must have the same shape");
            _mode = Mode.RankOne;
            long count = x.ElementCount;
            _innerSize = scalar ? (int)count : x.Dim(0) == 0 ? 0 : (int)(count / x.Dim(0));
            context.ResizeOutput(0, x.Shape);
            return;
        }
        var shape = TernaryBroadcastPlan.TryGetOutputShape(condition.Shape, x.Shape, y.Shape)
            ?? throw context.Fail($"condition {Describe(condition)}, x {Describe(x)} and y {Describe(y)} cannot be broadcast");
        CheckElementCount(context, shape, "broadcasting condition, x and y");
        _plan = TernaryBroadcastPlan.Create(condition.Shape, x.Shape, y.Shape);
        _mode = Mode.Broadcast;
        context.ResizeOutput(0, _plan.OutputShape);
    }

    public void Eval(OpContext context)
    {
        var condition = context.Input(0).RawBytes;
        var x = context.Input(1).RawBytes;
        var y = context.Input(2).RawBytes;
        var output = context.Output(0).WritableBytes;
        switch (_elementSize)
        {
            case 1: Run<byte>(context, condition, x, y, output); break;
            case 2: Run<ushort>(context, condition, x, y, output); break;
            case 4: Run<uint>(context, condition, x, y, output); break;
            default: Run<ulong>(context, condition, x, y, output); break;
        }
    }

    private void Run<T>(OpContext context, ReadOnlySpan<byte> condition, ReadOnlySpan<byte> xBytes, ReadOnlySpan<byte> yBytes, Span<byte> outBytes)
        where T : unmanaged
    {
        var x = MemoryMarshal.Cast<byte, T>(xBytes);
        var y = MemoryMarshal.Cast<byte, T>(yBytes);
        var output = MemoryMarshal.Cast<byte, T>(outBytes);
        switch (_mode)
        {
            case Mode.Elementwise:
                // The one-element case may mix ranks ([] with [1,1]): every operand has exactly one element then.
                Ref.Elementwise(condition, x, y, output);
                break;
            case Mode.RankOne:
                Ref.RankOne(condition, x, y, output, _innerSize);
                break;
            default:
                Ref.Broadcast(_plan ?? throw context.Fail("Eval before Prepare"), condition, x, y, output);
                break;
        }
    }
}
