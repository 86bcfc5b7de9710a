using System.Runtime.InteropServices;
using ManagedLite.Kernels.Elementwise;
using ManagedLite.Kernels.Reference;
using ManagedLite.Schema;
using static ManagedLite.Ops.ComparisonOpHelpers;

namespace ManagedLite.Ops;

/// <summary>BITWISE_XOR with NumPy broadcasting on int8/16/32 and uint8/16/32 (TFLite's bitwise_xor.cc).</summary>
internal sealed class BitwiseXorOp : IOpKernel
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
        switch (TensorTypes.ElementSize(a.DataType))
        {
            case 1: BitwiseXor.Run(plan, a.RawBytes, b.RawBytes, output.WritableBytes); break;
            case 2: BitwiseXor.Run(plan, MemoryMarshal.Cast<byte, ushort>(a.RawBytes), MemoryMarshal.Cast<byte, ushort>(b.RawBytes), MemoryMarshal.Cast<byte, ushort>(output.WritableBytes)); break;
            default: BitwiseXor.Run(plan, MemoryMarshal.Cast<byte, uint>(a.RawBytes), MemoryMarshal.Cast<byte, uint>(b.RawBytes), MemoryMarshal.Cast<byte, uint>(output.WritableBytes)); break;
        }
    }
}
