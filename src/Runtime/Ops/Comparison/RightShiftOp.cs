using System.Runtime.InteropServices;
using ManagedLite.Kernels.Elementwise;
using ManagedLite.Kernels.Reference;
using ManagedLite.Schema;
using static ManagedLite.Ops.ComparisonOpHelpers;

namespace ManagedLite.Ops;

/// <summary>
/// RIGHT_SHIFT with NumPy broadcasting on int8/16/32 and uint8/16/32 (TFLite's right_shift.cc): arithmetic for signed,
/// logical for unsigned types, the shift count clamped to [0, bits - 1].
/// </summary>
internal sealed class RightShiftOp : IOpKernel
{
    private BroadcastPlan? _plan;

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 2, 1);
        var a = context.Input(0);
        var b = context.Input(1);
        ExpectSameType(context, a, b);
        if (a.DataType is not (TensorType.Int8 or TensorType.UInt8 or TensorType.Int16 or TensorType.UInt16 or TensorType.Int32 or TensorType.UInt32))
            throw Unsupported(context, a, "int8, uint8, int16, uint16, int32, uint32");
        ExpectOutputType(context, context.Output(0), a.DataType);
        _plan = Broadcast(context, a, b);
        context.ResizeOutput(0, _plan.OutputShape);
    }

    public void Eval(OpContext context)
    {
        var plan = _plan ?? throw context.Fail("Eval before Prepare");
        var a = context.Input(0);
        var b = context.Input(1);
        var output = context.Output(0);
        ReadOnlySpan<byte> x = a.RawBytes, y = b.RawBytes;
        Span<byte> o = output.WritableBytes;
        switch (a.DataType)
        {
            case TensorType.Int8: RightShift.Run(plan, MemoryMarshal.Cast<byte, sbyte>(x), MemoryMarshal.Cast<byte, sbyte>(y), MemoryMarshal.Cast<byte, sbyte>(o)); break;
            case TensorType.UInt8: RightShift.Run(plan, x, y, o); break;
            case TensorType.Int16: RightShift.Run(plan, MemoryMarshal.Cast<byte, short>(x), MemoryMarshal.Cast<byte, short>(y), MemoryMarshal.Cast<byte, short>(o)); break;
            case TensorType.UInt16: RightShift.Run(plan, MemoryMarshal.Cast<byte, ushort>(x), MemoryMarshal.Cast<byte, ushort>(y), MemoryMarshal.Cast<byte, ushort>(o)); break;
            case TensorType.Int32: RightShift.Run(plan, MemoryMarshal.Cast<byte, int>(x), MemoryMarshal.Cast<byte, int>(y), MemoryMarshal.Cast<byte, int>(o)); break;
            default: RightShift.Run(plan, MemoryMarshal.Cast<byte, uint>(x), MemoryMarshal.Cast<byte, uint>(y), MemoryMarshal.Cast<byte, uint>(o)); break;
        }
    }
}
