using ManagedLite.Kernels;
using ManagedLite.Kernels.Params;
using ManagedLite.Schema;
using static ManagedLite.Ops.Convolution.ConvolutionChecks;

namespace ManagedLite.Ops.Convolution;

/// <summary>
/// Shared preparation of AVERAGE_POOL_2D and MAX_POOL_2D: input [N, H, W, C] -> [N, OH, OW, C], float32, int8,
/// uint8 or int16 (zero point 0). Quantized pools keep the input's scale and zero point (TFLite only DCHECKs that the
/// output's match), clamped to the fused activation's quantized range.
/// </summary>
internal abstract class Pool2DOp : IOpKernel
{
    protected readonly bool _reference;

    protected Pool2DOp(KernelFlavor flavor) => _reference = flavor == KernelFlavor.Reference;

    protected PoolParams Params;
    protected QuantizedPoolParams QuantizedParams;
    protected TensorType ElementType;

    public void Prepare(OpContext ctx)
    {
        CheckInputCount(ctx, 1, 1);
        var input = ctx.Input(0);
        var output = ctx.Output(0);
        ElementType = input.DataType;
        if (ElementType is not (TensorType.Float32 or TensorType.Int8 or TensorType.UInt8 or TensorType.Int16))
            throw ctx.Fail($"input '{input.Name}' is {TensorTypes.Name(ElementType)}: expected float32, int8, uint8 or int16");
        if (output.DataType != ElementType)
            throw ctx.Fail($"output '{output.Name}' must be {TensorTypes.Name(ElementType)} like the input, got {TensorTypes.Name(output.DataType)}");
        OpHelpers.ExpectRank(ctx, input, 4, "input");
        var o = ctx.GetOptions<Pool2DOptions>();
        RequirePositive(ctx, o.StrideH, "stride_h");
        RequirePositive(ctx, o.StrideW, "stride_w");
        RequirePositive(ctx, o.FilterHeight, "filter_height");
        RequirePositive(ctx, o.FilterWidth, "filter_width");
        bool isFloat = ElementType == TensorType.Float32;
        var (min, max) = isFloat ? ActivationRange(ctx, o.FusedActivation) : (float.NegativeInfinity, float.PositiveInfinity);

        int n = input.Dim(0), h = input.Dim(1), w = input.Dim(2), c = input.Dim(3);
        int outH = OpHelpers.ComputeOutSize(o.Padding, h, o.FilterHeight, o.StrideH);
        int outW = OpHelpers.ComputeOutSize(o.Padding, w, o.FilterWidth, o.StrideW);
        ctx.ResizeOutput(0, [n, outH, outW, c]);
        Params = new PoolParams
        {
            Batches = n, InputHeight = h, InputWidth = w, Channels = c, FilterHeight = o.FilterHeight, FilterWidth = o.FilterWidth,
            OutputHeight = outH, OutputWidth = outW, StrideHeight = o.StrideH, StrideWidth = o.StrideW,
            PadTop = OpHelpers.ComputePadding(o.StrideH, 1, h, o.FilterHeight, outH, out _),
            PadLeft = OpHelpers.ComputePadding(o.StrideW, 1, w, o.FilterWidth, outW, out _),
            ActivationMin = min, ActivationMax = max,
        };
        if (isFloat) return;

        QuantizedConvolution.RequireQuantized(ctx, input, "input");
        QuantizedConvolution.RequireQuantized(ctx, output, "output");
        if (ElementType == TensorType.Int16 && (input.Quantization!.ZeroPoint != 0 || output.Quantization!.ZeroPoint != 0))
            throw ctx.Fail($"int16 input '{input.Name}' and output '{output.Name}' must have zero point 0");
        var (qmin, qmax) = QuantizedConvolution.ActivationRange(ctx, o.FusedActivation, output);
        QuantizedParams = new QuantizedPoolParams
        {
            Batches = n, InputHeight = h, InputWidth = w, Depth = c, OutputHeight = outH, OutputWidth = outW,
            FilterHeight = o.FilterHeight, FilterWidth = o.FilterWidth, StrideHeight = o.StrideH, StrideWidth = o.StrideW,
            PadHeight = Params.PadTop, PadWidth = Params.PadLeft, ActivationMin = qmin, ActivationMax = qmax,
        };
    }

    public abstract void Eval(OpContext ctx);
}
