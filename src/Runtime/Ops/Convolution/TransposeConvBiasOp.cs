using System.Buffers.Binary;
using ManagedLite.Kernels;
using static ManagedLite.Ops.Convolution.ConvolutionChecks;

namespace ManagedLite.Ops.Convolution;

/// <summary>
/// MediaPipe custom op Convolution2DTransposeBias (float32): inputs input [N, H, W, IC], weights [OC, KH, KW, IC],
/// bias [OC]. Custom options are the raw C struct TfLiteTransposeConvParams: int32 padding (0 unknown, 1 same,
/// 2 valid), int32 stride_width, int32 stride_height. Output size per axis: stride * (in - 1) + filter - total
/// padding, where SAME pads max(0, filter - (in - 1) % stride - 1) (see <see cref="TransposeConvParams.MediaPipeGeometry"/>).
/// The output starts at the bias; there is no fused activation. Runs through <see cref="TransposeConvFloat"/>.
/// </summary>
internal sealed class TransposeConvBiasOp : IOpKernel
{
    private readonly bool _reference;

    public TransposeConvBiasOp(KernelFlavor flavor) => _reference = flavor == KernelFlavor.Reference;

    private readonly TransposeConvFloat _float = new(input: 0, weights: 1, bias: 2);

    public void Prepare(OpContext ctx)
    {
        CheckInputCount(ctx, 3, 3);
        var input = ctx.Input(0);
        var weights = ctx.Input(1);
        var bias = ctx.Input(2);
        var output = ctx.Output(0);
        RequireFloat(ctx, input, "input");
        RequireFloat(ctx, weights, "weights");
        RequireFloat(ctx, bias, "bias");
        RequireFloat(ctx, output, "output");
        OpHelpers.ExpectRank(ctx, input, 4, "input");
        OpHelpers.ExpectRank(ctx, weights, 4, "weights");
        OpHelpers.ExpectRank(ctx, bias, 1, "bias");

        var options = ctx.CustomOptions;
        if (options.Length < 12)
            throw ctx.Fail($"custom options must hold TfLiteTransposeConvParams (12 bytes: padding, stride_width, stride_height), got {options.Length} bytes");
        int padding = BinaryPrimitives.ReadInt32LittleEndian(options);
        int strideW = BinaryPrimitives.ReadInt32LittleEndian(options[4..]);
        int strideH = BinaryPrimitives.ReadInt32LittleEndian(options[8..]);
        if (padding is < 0 or > 2) throw ctx.Fail($"padding {padding} is not a TfLitePadding (0 unknown, 1 same, 2 valid)");
        RequirePositive(ctx, strideW, "stride_width");
        RequirePositive(ctx, strideH, "stride_height");

        int n = input.Dim(0), h = input.Dim(1), w = input.Dim(2), ic = input.Dim(3);
        int oc = weights.Dim(0), kh = weights.Dim(1), kw = weights.Dim(2);
        if (oc <= 0 || kh <= 0 || kw <= 0 || weights.Dim(3) <= 0)
            throw ctx.Fail($"weights '{weights.Name}' must have positive dimensions, got {ShapeText(weights)}");
        if (weights.Dim(3) != ic)
            throw ctx.Fail($"weights '{weights.Name}' {ShapeText(weights)} must have the input's {ic} channels last");
        if (h <= 0 || w <= 0) throw ctx.Fail($"input '{input.Name}' {ShapeText(input)} must have positive height and width");
        CheckBias(ctx, bias, oc);

        var (outH, padTop) = TransposeConvParams.MediaPipeGeometry(padding, h, kh, strideH);
        var (outW, padLeft) = TransposeConvParams.MediaPipeGeometry(padding, w, kw, strideW);
        ctx.ResizeOutput(0, [n, outH, outW, oc]);
        var p = new TransposeConvParams
        {
            Batches = n, InputHeight = h, InputWidth = w, InputChannels = ic, FilterHeight = kh, FilterWidth = kw,
            OutputHeight = outH, OutputWidth = outW, OutputChannels = oc, StrideHeight = strideH, StrideWidth = strideW,
            PadTop = padTop, PadLeft = padLeft, BiasFirst = true,
        };
        _float.Prepare(ctx, _reference, p, weights);
    }

    public void Eval(OpContext ctx) => _float.Run(ctx);
}
