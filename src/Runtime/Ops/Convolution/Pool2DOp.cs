using ManagedLite.Kernels;
using ManagedLite.Schema;
using static ManagedLite.Ops.Convolution.ConvolutionChecks;

namespace ManagedLite.Ops.Convolution;

/// <summary>Shared preparation of AVERAGE_POOL_2D and MAX_POOL_2D (float32): input [N, H, W, C] -> [N, OH, OW, C].</summary>
internal abstract class Pool2DOp : IOpKernel, IFusableActivation
{
    protected PoolParams Params;

    public void Prepare(OpContext ctx)
    {
        CheckInputCount(ctx, 1, 1);
        var input = ctx.Input(0);
        var output = ctx.Output(0);
        RequireFloat(ctx, input, "input");
        RequireFloat(ctx, output, "output");
        OpHelpers.ExpectRank(ctx, input, 4, "input");
        var o = ctx.GetOptions<Pool2DOptions>();
        RequirePositive(ctx, o.StrideH, "stride_h");
        RequirePositive(ctx, o.StrideW, "stride_w");
        RequirePositive(ctx, o.FilterHeight, "filter_height");
        RequirePositive(ctx, o.FilterWidth, "filter_width");
        var (min, max) = ActivationRange(ctx, o.FusedActivation);

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
    }

    public abstract void Eval(OpContext ctx);
}
