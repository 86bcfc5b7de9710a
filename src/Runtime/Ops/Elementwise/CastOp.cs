using System.Numerics;
using System.Runtime.InteropServices;
using ManagedLite.Kernels.Reference;
using ManagedLite.Schema;

namespace ManagedLite.Ops;

/// <summary>
/// CAST between float16/32/64, bfloat16, int8/16/32/64, uint8/16/32/64, bool and complex64 in any direction (TFLite's
/// cast.cc, which lacks uint64; the reference kernel serves both modes): floats to integers saturate (NaN gives the
/// maximum), integers wrap, 16-bit floats are rounded from float32, complex64 sources give their real part.
/// </summary>
internal sealed class CastOp : IOpKernel
{
    public void Prepare(OpContext context)
    {
        ElementwiseOpHelpers.ExpectCounts(context, 1, 1);
        var input = context.Input(0);
        var output = context.Output(0);
        if (!Supported(input.DataType) || !Supported(output.DataType))
            throw context.Fail($"cast from {TensorTypes.Name(input.DataType)} ('{input.Name}') to {TensorTypes.Name(output.DataType)} ('{output.Name}') is not supported (types: float16/32/64, bfloat16, int8/16/32/64, uint8/16/32/64, bool, complex64)");
        context.ResizeOutput(0, input.Shape);
    }

    private static bool Supported(TensorType t) => t is TensorType.Float32 or TensorType.Int32 or TensorType.Int64
        or TensorType.Int8 or TensorType.UInt8 or TensorType.Int16 or TensorType.Bool or TensorType.UInt32
        or TensorType.UInt16 or TensorType.UInt64 or TensorType.Float16 or TensorType.Float64 or TensorType.BFloat16
        or TensorType.Complex64;

    public void Eval(OpContext context)
    {
        var input = context.Input(0);
        var output = context.Output(0);
        var raw = input.RawBytes;
        switch (input.DataType)
        {
            case TensorType.Float32: From(MemoryMarshal.Cast<byte, float>(raw), output); break;
            case TensorType.Int32: From(MemoryMarshal.Cast<byte, int>(raw), output); break;
            case TensorType.Int64: From(MemoryMarshal.Cast<byte, long>(raw), output); break;
            case TensorType.Int8: From(MemoryMarshal.Cast<byte, sbyte>(raw), output); break;
            case TensorType.UInt8: From(raw, output); break;
            case TensorType.Int16: From(MemoryMarshal.Cast<byte, short>(raw), output); break;
            case TensorType.UInt32: From(MemoryMarshal.Cast<byte, uint>(raw), output); break;
            case TensorType.UInt16: From(MemoryMarshal.Cast<byte, ushort>(raw), output); break;
            case TensorType.UInt64: From(MemoryMarshal.Cast<byte, ulong>(raw), output); break;
            case TensorType.Float16: From(MemoryMarshal.Cast<byte, Half>(raw), output); break;
            case TensorType.Float64: From(MemoryMarshal.Cast<byte, double>(raw), output); break;
            case TensorType.Bool: FromBool(raw, output); break;
            case TensorType.BFloat16: FromBFloat16(MemoryMarshal.Cast<byte, ushort>(raw), output); break;
            case TensorType.Complex64: FromComplex64(MemoryMarshal.Cast<byte, Vector2>(raw), output); break;
        }
    }

    private static Span<T> Out<T>(LiteTensor output) where T : struct => MemoryMarshal.Cast<byte, T>(output.WritableBytes);

    private static void From<T>(ReadOnlySpan<T> x, LiteTensor output) where T : unmanaged, INumberBase<T>
    {
        switch (output.DataType)
        {
            case TensorType.Float32: Cast.Convert(x, Out<float>(output)); break;
            case TensorType.Int32: Cast.Convert(x, Out<int>(output)); break;
            case TensorType.Int64: Cast.Convert(x, Out<long>(output)); break;
            case TensorType.Int8: Cast.Convert(x, Out<sbyte>(output)); break;
            case TensorType.UInt8: Cast.Convert(x, Out<byte>(output)); break;
            case TensorType.Int16: Cast.Convert(x, Out<short>(output)); break;
            case TensorType.UInt32: Cast.Convert(x, Out<uint>(output)); break;
            case TensorType.UInt16: Cast.Convert(x, Out<ushort>(output)); break;
            case TensorType.UInt64: Cast.Convert(x, Out<ulong>(output)); break;
            case TensorType.Float16: Cast.Convert(x, Out<Half>(output)); break;
            case TensorType.Float64: Cast.Convert(x, Out<double>(output)); break;
            case TensorType.Bool: Cast.ToBool(x, output.WritableBytes); break;
            case TensorType.BFloat16: Cast.ToBFloat16(x, Out<ushort>(output)); break;
            case TensorType.Complex64: Cast.ToComplex64(x, Out<Vector2>(output)); break;
        }
    }

    private static void FromBool(ReadOnlySpan<byte> b, LiteTensor output)
    {
        switch (output.DataType)
        {
            case TensorType.Float32: Cast.FromBool(b, Out<float>(output)); break;
            case TensorType.Int32: Cast.FromBool(b, Out<int>(output)); break;
            case TensorType.Int64: Cast.FromBool(b, Out<long>(output)); break;
            case TensorType.Int8: Cast.FromBool(b, Out<sbyte>(output)); break;
            case TensorType.UInt8: Cast.FromBool(b, Out<byte>(output)); break;
            case TensorType.Int16: Cast.FromBool(b, Out<short>(output)); break;
            case TensorType.UInt32: Cast.FromBool(b, Out<uint>(output)); break;
            case TensorType.UInt16: Cast.FromBool(b, Out<ushort>(output)); break;
            case TensorType.UInt64: Cast.FromBool(b, Out<ulong>(output)); break;
            case TensorType.Float16: Cast.FromBool(b, Out<Half>(output)); break;
            case TensorType.Float64: Cast.FromBool(b, Out<double>(output)); break;
            case TensorType.Bool: Cast.ToBool(b, output.WritableBytes); break;
            case TensorType.BFloat16:
            {
                var y = Out<ushort>(output);
                for (int i = 0; i < b.Length; i++) y[i] = b[i] != 0 ? (ushort)0x3F80 : (ushort)0; // 1.0 or 0.0
                break;
            }
            case TensorType.Complex64:
            {
                var y = Out<Vector2>(output);
                for (int i = 0; i < b.Length; i++) y[i] = new Vector2(b[i] != 0 ? 1f : 0f, 0f);
                break;
            }
        }
    }

    private static void FromBFloat16(ReadOnlySpan<ushort> x, LiteTensor output)
    {
        switch (output.DataType)
        {
            case TensorType.BFloat16: x.CopyTo(Out<ushort>(output)); break;
            case TensorType.Bool:
            {
                var y = output.WritableBytes;
                for (int i = 0; i < x.Length; i++) y[i] = (x[i] & 0x7FFF) != 0 ? (byte)1 : (byte)0;
                break;
            }
            case TensorType.Complex64:
            {
                var y = Out<Vector2>(output);
                for (int i = 0; i < x.Length; i++) y[i] = new Vector2(Kernels.Elementwise.BFloat16.ToSingle(x[i]), 0f);
                break;
            }
            case TensorType.Float32: Cast.FromBFloat16(x, Out<float>(output)); break;
            case TensorType.Int32: Cast.FromBFloat16(x, Out<int>(output)); break;
            case TensorType.Int64: Cast.FromBFloat16(x, Out<long>(output)); break;
            case TensorType.Int8: Cast.FromBFloat16(x, Out<sbyte>(output)); break;
            case TensorType.UInt8: Cast.FromBFloat16(x, Out<byte>(output)); break;
            case TensorType.Int16: Cast.FromBFloat16(x, Out<short>(output)); break;
            case TensorType.UInt32: Cast.FromBFloat16(x, Out<uint>(output)); break;
            case TensorType.UInt16: Cast.FromBFloat16(x, Out<ushort>(output)); break;
            case TensorType.UInt64: Cast.FromBFloat16(x, Out<ulong>(output)); break;
            case TensorType.Float16: Cast.FromBFloat16(x, Out<Half>(output)); break;
            case TensorType.Float64: Cast.FromBFloat16(x, Out<double>(output)); break;
        }
    }

    private static void FromComplex64(ReadOnlySpan<Vector2> x, LiteTensor output)
    {
        switch (output.DataType)
        {
            case TensorType.Complex64: x.CopyTo(Out<Vector2>(output)); break;
            case TensorType.Bool:
            {
                var y = output.WritableBytes;
                for (int i = 0; i < x.Length; i++) y[i] = x[i].X != 0f ? (byte)1 : (byte)0;
                break;
            }
            case TensorType.BFloat16:
            {
                var y = Out<ushort>(output);
                for (int i = 0; i < x.Length; i++) y[i] = Kernels.Elementwise.BFloat16.FromSingle(x[i].X);
                break;
            }
            case TensorType.Float32: Cast.FromComplex64(x, Out<float>(output)); break;
            case TensorType.Int32: Cast.FromComplex64(x, Out<int>(output)); break;
            case TensorType.Int64: Cast.FromComplex64(x, Out<long>(output)); break;
            case TensorType.Int8: Cast.FromComplex64(x, Out<sbyte>(output)); break;
            case TensorType.UInt8: Cast.FromComplex64(x, Out<byte>(output)); break;
            case TensorType.Int16: Cast.FromComplex64(x, Out<short>(output)); break;
            case TensorType.UInt32: Cast.FromComplex64(x, Out<uint>(output)); break;
            case TensorType.UInt16: Cast.FromComplex64(x, Out<ushort>(output)); break;
            case TensorType.UInt64: Cast.FromComplex64(x, Out<ulong>(output)); break;
            case TensorType.Float16: Cast.FromComplex64(x, Out<Half>(output)); break;
            case TensorType.Float64: Cast.FromComplex64(x, Out<double>(output)); break;
        }
    }
}
