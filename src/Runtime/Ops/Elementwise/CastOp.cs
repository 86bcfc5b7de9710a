using System.Runtime.InteropServices;
using ManagedLite.Kernels.Reference;
using ManagedLite.Schema;

namespace ManagedLite.Ops;

/// <summary>CAST between float16/32/64, int8/16/32/64, uint8/16/32/64 and bool (the reference kernel serves both modes).</summary>
internal sealed class CastOp : IOpKernel
{
    public void Prepare(OpContext context)
    {
        ElementwiseOpHelpers.ExpectCounts(context, 1, 1);
        var input = context.Input(0);
        var output = context.Output(0);
        if (!Supported(input.DataType) || !Supported(output.DataType))
            throw context.Fail($"cast from {TensorTypes.Name(input.DataType)} ('{input.Name}') to {TensorTypes.Name(output.DataType)} ('{output.Name}') not supported yet");
        context.ResizeOutput(0, input.Shape);
    }

    private static bool Supported(TensorType t) => t is TensorType.Float32 or TensorType.Int32 or TensorType.Int64
        or TensorType.Int8 or TensorType.UInt8 or TensorType.Int16 or TensorType.Bool or TensorType.UInt32
        or TensorType.UInt16 or TensorType.UInt64 or TensorType.Float16 or TensorType.Float64;

    public void Eval(OpContext context)
    {
        var input = context.Input(0);
        var output = context.Output(0);
        switch (input.DataType)
        {
            case TensorType.Float32: From(input.GetData<float>(), output); break;
            case TensorType.Int32: From(input.GetData<int>(), output); break;
            case TensorType.Int64: From(input.GetData<long>(), output); break;
            case TensorType.Int8: From(input.GetData<sbyte>(), output); break;
            case TensorType.UInt8: From(input.GetData<byte>(), output); break;
            case TensorType.Int16: From(input.GetData<short>(), output); break;
            case TensorType.UInt32: From(input.GetData<uint>(), output); break;
            case TensorType.UInt16: From(MemoryMarshal.Cast<byte, ushort>(input.RawBytes), output); break;
            case TensorType.UInt64: From(input.GetData<ulong>(), output); break;
            case TensorType.Float16: From(input.GetData<Half>(), output); break;
            case TensorType.Float64: From(input.GetData<double>(), output); break;
            case TensorType.Bool:
                var b = input.RawBytes;
                switch (output.DataType)
                {
                    case TensorType.Float32: Cast.FromBool(b, output.GetWritableData<float>()); break;
                    case TensorType.Int32: Cast.FromBool(b, output.GetWritableData<int>()); break;
                    case TensorType.Int64: Cast.FromBool(b, output.GetWritableData<long>()); break;
                    case TensorType.Int8: Cast.FromBool(b, output.GetWritableData<sbyte>()); break;
                    case TensorType.UInt8: Cast.FromBool(b, output.GetWritableData<byte>()); break;
                    case TensorType.Int16: Cast.FromBool(b, output.GetWritableData<short>()); break;
                    case TensorType.UInt32: Cast.FromBool(b, output.GetWritableData<uint>()); break;
                    case TensorType.UInt16: Cast.FromBool(b, MemoryMarshal.Cast<byte, ushort>(output.WritableBytes)); break;
                    case TensorType.UInt64: Cast.FromBool(b, output.GetWritableData<ulong>()); break;
                    case TensorType.Float16: Cast.FromBool(b, output.GetWritableData<Half>()); break;
                    case TensorType.Float64: Cast.FromBool(b, output.GetWritableData<double>()); break;
                    case TensorType.Bool: b.CopyTo(output.WritableBytes); break;
                }
                break;
        }
    }

    private static void From<T>(ReadOnlySpan<T> x, LiteTensor output) where T : unmanaged, System.Numerics.INumberBase<T>
    {
        switch (output.DataType)
        {
            case TensorType.Float32: Cast.Convert(x, output.GetWritableData<float>()); break;
            case TensorType.Int32: Cast.Convert(x, output.GetWritableData<int>()); break;
            case TensorType.Int64: Cast.Convert(x, output.GetWritableData<long>()); break;
            case TensorType.Int8: Cast.Convert(x, output.GetWritableData<sbyte>()); break;
            case TensorType.UInt8: Cast.Convert(x, output.GetWritableData<byte>()); break;
            case TensorType.Int16: Cast.Convert(x, output.GetWritableData<short>()); break;
            case TensorType.UInt32: Cast.Convert(x, output.GetWritableData<uint>()); break;
            case TensorType.UInt16: Cast.Convert(x, MemoryMarshal.Cast<byte, ushort>(output.WritableBytes)); break;
            case TensorType.UInt64: Cast.Convert(x, output.GetWritableData<ulong>()); break;
            case TensorType.Float16: Cast.Convert(x, output.GetWritableData<Half>()); break;
            case TensorType.Float64: Cast.Convert(x, output.GetWritableData<double>()); break;
            case TensorType.Bool: Cast.ToBool(x, output.WritableBytes); break;
        }
    }
}
