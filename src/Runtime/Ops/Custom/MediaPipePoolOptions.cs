using System.Buffers.Binary;
using ManagedLite.Schema;

namespace ManagedLite.Ops.Custom;

/// <summary>
/// The custom options of MediaPipe's pooling ops: the raw little-endian C struct TfLitePoolParams (padding, stride_width,
/// stride_height, filter_width, filter_height, activation as int32, then TFLite's computed padding, unused here).
/// Padding uses the C enum (1 = SAME, 2 = VALID), not the schema's.
/// </summary>
internal readonly record struct MediaPipePoolOptions(Padding Padding, int StrideWidth, int StrideHeight, int FilterWidth, int FilterHeight,
                                                     ActivationFunctionType Activation)
{
    /// <summary>Bytes of the six fields read.</summary>
    public const int Length = 24;

    public static MediaPipePoolOptions Parse(OpContext ctx)
    {
        var b = ctx.CustomOptions;
        if (b.Length < Length)
            throw ctx.Fail($"custom options must hold a TfLitePoolParams struct (at least {Length} bytes), got {b.Length} bytes");
        Span<int> f = stackalloc int[6];
        for (int i = 0; i < 6; i++) f[i] = BinaryPrimitives.ReadInt32LittleEndian(b.Slice(4 * i, 4));
        var padding = f[0] switch
        {
            1 => Padding.Same,
            2 => Padding.Valid,
            var v => throw ctx.Fail($"TfLitePoolParams.padding is {v}: expected 1 (SAME) or 2 (VALID)"),
        };
        var activation = f[5] switch
        {
            0 => ActivationFunctionType.None,
            1 => ActivationFunctionType.Relu,
            2 => ActivationFunctionType.ReluN1To1,
            3 => ActivationFunctionType.Relu6,
            var v => throw ctx.Fail($"TfLitePoolParams.activation is {v}: expected 0 (none), 1 (relu), 2 (relu_n1_to_1) or 3 (relu6)"),
        };
        var o = new MediaPipePoolOptions(padding, f[1], f[2], f[3], f[4], activation);
        if (o.StrideWidth <= 0 || o.StrideHeight <= 0 || o.FilterWidth <= 0 || o.FilterHeight <= 0)
            throw ctx.Fail($"strides and filter sizes must be positive, got stride {o.StrideHeight}x{o.StrideWidth}, filter {o.FilterHeight}x{o.FilterWidth}");
        return o;
    }
}
