using System.Runtime.InteropServices;
using ManagedLite.Kernels.Reference;
using ManagedLite.Schema;
using static ManagedLite.Ops.ComparisonOpHelpers;

namespace ManagedLite.Ops.StableHlo;

/// <summary>
/// STABLEHLO_SHIFT_LEFT (TFLite's stablehlo_shift_left.cc): int8, int16 or int32 operands of one type and shape,
/// output <c>lhs &lt;&lt; rhs</c> of that shape (see <see cref="StableHloElementwise.ShiftLeft(ReadOnlySpan{int}, ReadOnlySpan{int}, Span{int})"/>
/// for shift counts outside [0, 32)).
/// </summary>
internal sealed class StableHloShiftLeftOp : IOpKernel
{
    public static readonly TensorType[] Types = [TensorType.Int8, TensorType.Int16, TensorType.Int32];

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 2, 1);
        var a = context.Input(0);
        var b = context.Input(1);
        ExpectSameType(context, a, b);
        if (Array.IndexOf(Types, a.DataType) < 0) throw Unsupported(context, a, "int8, int16, int32");
        // TFLite sizes the output from lhs alone and reads rhs at the same positions: a smaller rhs would be read
        // past its end, so ManagedLite requires the shapes to match.
        StableHloElementwiseOp.ExpectSameShape(context, a, b);
        ExpectOutputType(context, context.Output(0), a.DataType);
        context.ResizeOutput(0, a.Shape);
    }

    public void Eval(OpContext context)
    {
        var a = context.Input(0);
        var b = context.Input(1);
        var output = context.Output(0);
        switch (a.DataType)
        {
            case TensorType.Int8:
                StableHloElementwise.ShiftLeft(MemoryMarshal.Cast<byte, sbyte>(a.RawBytes), MemoryMarshal.Cast<byte, sbyte>(b.RawBytes), MemoryMarshal.Cast<byte, sbyte>(output.WritableBytes));
                break;
            case TensorType.Int16:
                StableHloElementwise.ShiftLeft(a.GetData<short>(), b.GetData<short>(), output.GetWritableData<short>());
                break;
            default:
                StableHloElementwise.ShiftLeft(a.GetData<int>(), b.GetData<int>(), output.GetWritableData<int>());
                break;
        }
    }
}
