using System.Runtime.InteropServices;
using ManagedLite.Schema;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Convolution;

/// <summary>
/// Constant INT4 weights (TFLite's int4 weight-only and full-integer int4 quantization) unpacked once per model into
/// int8 with the same shape and quantization, so the int8 and hybrid kernels run them unchanged, as TFLite's
/// FULLY_CONNECTED does.
/// </summary>
internal static class Int4Weights
{
    public static LiteTensor UnpackAsInt8(OpContext ctx, int inputIndex, string what)
    {
        var w = ctx.Input(inputIndex);
        if (!w.IsConstant)
            throw ctx.Fail($"{what} {ModelText.Quote(w.Name)} are int4 but not constant: int4 is supported for constant weights only");
        long count = w.ElementCount;
        var packed = w.RawBytes;
        if (packed.Length < Ref.Int4Unpack.PackedBytes(count))
            throw ctx.Fail($"{what} {ModelText.Quote(w.Name)} of shape [{string.Join(",", w.Shape.ToArray())}] need {Ref.Int4Unpack.PackedBytes(count)} bytes of packed int4, the buffer has {packed.Length}");
        byte[] unpacked = ctx.GetSharedWeights(("int4-unpack", inputIndex), () =>
        {
            var a = new byte[count];
            Ref.Int4Unpack.ToInt8(w.RawBytes, MemoryMarshal.Cast<byte, sbyte>(a.AsSpan()));
            return a;
        }, a => a.LongLength);
        var t = new LiteTensor(w.Index, w.Name, TensorType.Int8, w.Shape.ToArray(), null, w.Quantization, isVariable: false);
        t.SetConstant(unpacked);
        ctx.ReplaceInput(inputIndex, t);
        return t;
    }
}
