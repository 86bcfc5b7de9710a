using ManagedLite.Kernels;
using ManagedLite.Schema;
using static ManagedLite.Ops.Convolution.ConvolutionChecks;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Convolution;

/// <summary>
/// DEPTHWISE_CONV_2D (float32): input [N, H, W, IC], filter [1, KH, KW, IC * M], optional bias [IC * M].
/// The depth multiplier M is taken from the shapes (as TFLite does), not from the option.
/// </summary>
internal sealed class DepthwiseConv2DOp : IOpKernel, IFusableActivation
{
    private DepthwiseParams _p;

    public void Prepare(OpContext ctx)
    {
        CheckInputCount(ctx, 2, 3);
        var input = ctx.Input(0);
        var filter = ctx.Input(1);
        var bias = ctx.OptionalInput(2);
        var output = ctx.Output(0);
        RequireFloat(ctx, input, "input");
        RequireFloat(ctx, filter, "filter");
        RequireFloat(ctx, output, "output");
        OpHelpers.ExpectRank(ctx, input, 4, "input");
        OpHelpers.ExpectRank(ctx, filter, 4, "filter");

        var o = ctx.GetOptions<DepthwiseConv2DOptions>();
        RequirePositive(ctx, o.StrideH, "stride_h");
        RequirePositive(ctx, o.StrideW, "stride_w");
        RequirePositive(ctx, o.DilationH, "dilation_h_factor");
        RequirePositive(ctx, o.DilationW, "dilation_w_factor");
        var (min, max) = ActivationRange(ctx, o.FusedActivation);

        int n = input.Dim(0), h = input.Dim(1), w = input.Dim(2), ic = input.Dim(3);
        int kh = filter.Dim(1), kw = filter.Dim(2), oc = filter.Dim(3);
        if (filter.Dim(0) != 1) throw ctx.Fail($"filter '{filter.Name}' must be [1, KH, KW, C], got {ShapeText(filter)}");
        if (kh <= 0 || kw <= 0 || oc <= 0) throw ctx.Fail($"filter '{filter.Name}' must have positive dimensions, got {ShapeText(filter)}");
        if (ic <= 0 || oc % ic != 0)
            throw ctx.Fail($"filter '{filter.Name}' has {oc} channels, not a multiple of the input's {ic}");
        int m = oc / ic;
        // The depth_multiplier option is redundant with the shapes and some converters leave it wrong (or 0):
        // like TFLite's ComputeDepthMultiplier, the shapes win.
        CheckBias(ctx, bias, oc);

        int outH = OpHelpers.ComputeOutSize(o.Padding, h, kh, o.StrideH, o.DilationH);
        int outW = OpHelpers.ComputeOutSize(o.Padding, w, kw, o.StrideW, o.DilationW);
        ctx.ResizeOutput(0, [n, outH, outW, oc]);
        _p = new DepthwiseParams
        {
            Batches = n, InputHeight = h, InputWidth = w, InputChannels = ic, DepthMultiplier = m,
            FilterHeight = kh, FilterWidth = kw, OutputHeight = outH, OutputWidth = outW,
            StrideHeight = o.StrideH, StrideWidth = o.StrideW, DilationHeight = o.DilationH, DilationWidth = o.DilationW,
            PadTop = OpHelpers.ComputePadding(o.StrideH, o.DilationH, h, kh, outH, out _),
            PadLeft = OpHelpers.ComputePadding(o.StrideW, o.DilationW, w, kw, outW, out _),
            ActivationMin = min, ActivationMax = max,
        };
    }

    public void Eval(OpContext ctx)
    {
        var input = ctx.Input(0).GetData<float>();
        var filter = ctx.Input(1).GetData<float>();
        var biasTensor = ctx.OptionalInput(2);
        var bias = biasTensor is null ? default : biasTensor.GetData<float>();
        var output = ctx.Output(0).GetWritableData<float>();
        if (ctx.UseReferenceKernels) Ref.DepthwiseConv2D.Run(_p, input, filter, bias, output);
        else Opt.DepthwiseConv2D.Run(_p, input, filter, bias, output);
    }
}
