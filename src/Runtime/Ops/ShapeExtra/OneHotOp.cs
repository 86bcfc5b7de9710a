using System.Runtime.InteropServices;
using ManagedLite.Schema;
using static ManagedLite.Ops.Shape.ShapeOpHelpers;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.ShapeExtra;

/// <summary>
/// ONE_HOT. Inputs: indices (int32/int64), depth (one int32 value, >= 0; read in Prepare when known there, else the
/// output is dynamic), on_value and off_value (one element each, of the output's type: float32, int32, int64, int8,
/// uint8 or bool, the types TFLite's one_hot.cc evaluates). The new axis is options.axis, -1 meaning last.
/// </summary>
internal sealed class OneHotOp : IOpKernel
{
    private int _axis, _prefix, _elementSize;
    private bool _dynamic;

    public void Prepare(OpContext context)
    {
        var indices = context.Input(0);
        var depth = context.Input(1);
        var on = context.Input(2);
        var off = context.Input(3);
        var output = context.Output(0);
        ExpectOneOf(context, on, "on_value", TensorType.Float32, TensorType.Int32, TensorType.Int64, TensorType.Int8,
                    TensorType.UInt8, TensorType.Bool);
        ExpectSameType(context, on, off, "off_value");
        ExpectSameType(context, on, output, "output");
        _elementSize = ElementSize(context, on, "on_value");
        ExpectIndexType(context, indices, "indices");
        OpHelpers.ExpectType(context, depth, TensorType.Int32, "depth");
        foreach (var (t, role) in new[] { (depth, "depth"), (on, "on_value"), (off, "off_value") })
            if (t.ElementCount != 1) throw context.Fail($"{role} '{t.Name}' must hold one value, got shape {Format(t.Shape)}");
        int axisOption = context.GetOptions<OneHotOptions>().Axis;
        _axis = axisOption == -1 ? indices.Rank : axisOption;
        if (_axis < 0 || _axis > indices.Rank)
            throw context.Fail($"axis {axisOption} is out of range for indices '{indices.Name}' of rank {indices.Rank} (expected -1 or [0, {indices.Rank}])");
        _prefix = Product(indices.Shape, 0, _axis);
        _dynamic = !CanRead(context, depth);
        if (_dynamic) context.MarkOutputDynamic(0);
        else Configure(context);
    }

    private void Configure(OpContext context)
    {
        var indices = context.Input(0);
        var depthT = context.Input(1);
        int depth = depthT.GetData<int>()[0];
        if (depth < 0) throw context.Fail($"depth '{depthT.Name}' is {depth}; it must be >= 0");
        var shape = new int[indices.Rank + 1];
        for (int d = 0, s = 0; d < shape.Length; d++) shape[d] = d == _axis ? depth : indices.Dim(s++);
        context.ResizeOutput(0, shape);
    }

    public void Eval(OpContext context)
    {
        if (_dynamic) Configure(context);
        bool wide = context.Input(0).DataType == TensorType.Int64;
        switch (_elementSize)
        {
            case 1: if (wide) Run<byte, long>(context); else Run<byte, int>(context); break;
            case 4: if (wide) Run<uint, long>(context); else Run<uint, int>(context); break;
            default: if (wide) Run<ulong, long>(context); else Run<ulong, int>(context); break;
        }
    }

    private void Run<T, TIndex>(OpContext context) where T : unmanaged where TIndex : unmanaged, System.Numerics.IBinaryInteger<TIndex>
    {
        int depth = context.Input(1).GetData<int>()[0];
        T on = MemoryMarshal.Read<T>(context.Input(2).RawBytes);
        T off = MemoryMarshal.Read<T>(context.Input(3).RawBytes);
        Ref.OneHot.Run(context.Input(0).GetData<TIndex>(), _prefix, depth, on, off, Write<T>(context.Output(0)));
    }
}
