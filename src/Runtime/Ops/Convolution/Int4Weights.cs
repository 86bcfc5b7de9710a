using System.Runtime.InteropServices;
using ManagedLite.Schema;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Convolution;

/// <summary>
/// Constant INT4 weights (TFLite's int4 weight-only and full-integer int4 quantization) unpacked once per model into
/// int8 with the same shape and quantization, so the int8 and hybrid kernels run them unchanged, as TFLite's
/// FULLY_CONNECTED does, and as its CONV_2D and DEPTHWISE_CONV_2D do for int4 filters on int8 input.
/// </summary>
internal static class Int4Weights
{
    /// <summary>
    /// The node's input <paramref name="inputIndex"/> (constant int4) replaced by its int8 unpacking; the caller reads
    /// the returned tensor, and every later <see cref="OpContext.Input"/> of that index sees it too.
    /// </summary>
    public static LiteTensor UnpackAsInt8(OpContext ctx, int inputIndex, string what)
    {
        var w = ctx.Input(inputIndex);
        if (!w.IsConstant)
            throw ctx.Fail($"{what} {ModelText.Quote(w.Name)} {(what.EndsWith('s') ? "are" : "is")} int4 but not constant: int4 is supported for constant weights only");
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

    /// <summary>
    /// CONV_2D / DEPTHWISE_CONV_2D with an int4 filter (input 1): as TFLite's conv.cc and depthwise_conv.cc, only with
    /// int8 activations (full-integer int4), where the constant filter is unpacked once to int8 and the int8 per-channel
    /// kernels, reference and packed, run unchanged. Any other input type is refused naming the filter.
    /// </summary>
    public static LiteTensor UnpackFilter(OpContext ctx, LiteTensor input)
    {
        var filter = ctx.Input(1);
        if (input.DataType != TensorType.Int8)
            throw ctx.Fail($"filter {ModelText.Quote(filter.Name)} is int4 with {TensorTypes.Name(input.DataType)} input {ModelText.Quote(input.Name)}: " +
                           "int4 filters are supported with int8 input only");
        return UnpackAsInt8(ctx, 1, "filter");
    }
}
