using ManagedLite.Kernels;
using ManagedLite.Kernels.Reference;
using ManagedLite.Schema;
using static ManagedLite.Ops.Convolution.ConvolutionChecks;

namespace ManagedLite.Ops.Convolution;

/// <summary>
/// L2_POOL_2D: square root of the mean of squares over each window, float32 only (TFLite has no quantized
/// kernel). Input [N, H, W, C] -> [N, OH, OW, C]; fused activation clamps the result.
/// </summary>
internal sealed class L2Pool2DOp : IOpKernel
{
    private PoolParams _p;

    public void Prepare(OpContext ctx)
    {
        CheckInputCount(ctx, 1, 1);
        var input = ctx.Input(0);
        var output = ctx.Output(0);
        OpHelpers.ExpectRank(ctx, input, 4, "input");
        if (input.DataType != TensorType.Float32)
            throw ctx.Fail($"input {ModelText.Quote(input.Name)} is {TensorTypes.Name(input.DataType)}: L2_POOL_2D runs float32 only (TFLite has no quantized L2 pool)");
        OpHelpers.ExpectType(ctx, output, TensorType.Float32, "output");
        var o = ctx.GetOptions<Pool2DOptions>();
        RequirePositive(ctx, o.StrideH, "stride_h");
        RequirePositive(ctx, o.StrideW, "stride_w");
        RequirePositive(ctx, o.FilterHeight, "filter_height");
        RequirePositive(ctx, o.FilterWidth, "filter_width");
        var (min, max) = ActivationRange(ctx, o.FusedActivation);
        int n = input.Dim(0), h = input.Dim(1), w = input.Dim(2), c = input.Dim(3);
        int outH = OpHelpers.ComputeOutSize(o.Padding, h, o.FilterHeight, o.StrideH);
        int outW = OpHelpers.ComputeOutSize(o.Padding, w, o.FilterWidth, o.StrideW);
        if (outH < 0 || outW < 0) throw ctx.Fail($"filter {o.FilterHeight}x{o.FilterWidth} is larger than the input {h}x{w} with VALID padding");
        ctx.ResizeOutput(0, [n, outH, outW, c]);
        _p = new PoolParams
        {
            Batches = n, InputHeight = h, InputWidth = w, Channels = c, FilterHeight = o.FilterHeight, FilterWidth = o.FilterWidth,
            OutputHeight = outH, OutputWidth = outW, StrideHeight = o.StrideH, StrideWidth = o.StrideW,
            PadTop = OpHelpers.ComputePadding(o.StrideH, 1, h, o.FilterHeight, outH, out _),
            PadLeft = OpHelpers.ComputePadding(o.StrideW, 1, w, o.FilterWidth, outW, out _),
            ActivationMin = min, ActivationMax = max,
        };
    }

    public void Eval(OpContext ctx) => L2Pool.Run(_p, ctx.Input(0).GetData<float>(), ctx.Output(0).GetWritableData<float>());
}
