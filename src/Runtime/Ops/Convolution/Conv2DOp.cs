using System.Runtime.InteropServices;
using ManagedLite.Kernels;
using ManagedLite.Kernels.Optimized.Gemm;
using ManagedLite.Schema;
using static ManagedLite.Ops.Convolution.ConvolutionChecks;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Convolution;

/// <summary>
/// CONV_2D (float32): inputs input [N, H, W, IC], filter [OC, KH, KW, IC / groups], optional bias [OC].
/// A constant filter (and bias) is packed once for the selected GEMM microkernel; otherwise it is packed into
/// scratch on every Eval.
/// </summary>
internal sealed class Conv2DOp : IOpKernel, IFusableActivation
{
    private ConvParams _p;
    private F32GemmMicrokernel? _uk;
    private float[]? _packed;
    private int _packScratch = -1;
    private int _im2colScratch = -1;

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

        var o = ctx.GetOptions<Conv2DOptions>();
        RequirePositive(ctx, o.StrideH, "stride_h");
        RequirePositive(ctx, o.StrideW, "stride_w");
        RequirePositive(ctx, o.DilationH, "dilation_h_factor");
        RequirePositive(ctx, o.DilationW, "dilation_w_factor");
        var (min, max) = ActivationRange(ctx, o.FusedActivation);

        int n = input.Dim(0), h = input.Dim(1), w = input.Dim(2), ic = input.Dim(3);
        int oc = filter.Dim(0), kh = filter.Dim(1), kw = filter.Dim(2), fic = filter.Dim(3);
        if (oc <= 0 || kh <= 0 || kw <= 0 || fic <= 0)
            throw ctx.Fail($"filter '{filter.Name}' must have positive dimensions, got {ShapeText(filter)}");
        if (ic % fic != 0)
            throw ctx.Fail($"input '{input.Name}' has {ic} channels, not a multiple of the filter's {fic} ({ShapeText(filter)})");
        if (ic == 0 || oc % (ic / fic) != 0)
            throw ctx.Fail($"filter '{filter.Name}' has {oc} output channels, not a multiple of the {ic / Math.Max(1, fic)} groups");
        CheckBias(ctx, bias, oc);

        int outH = OpHelpers.ComputeOutSize(o.Padding, h, kh, o.StrideH, o.DilationH);
        int outW = OpHelpers.ComputeOutSize(o.Padding, w, kw, o.StrideW, o.DilationW);
        int padTop = OpHelpers.ComputePadding(o.StrideH, o.DilationH, h, kh, outH, out _);
        int padLeft = OpHelpers.ComputePadding(o.StrideW, o.DilationW, w, kw, outW, out _);
        ctx.ResizeOutput(0, [n, outH, outW, oc]);

        _p = new ConvParams
        {
            Batches = n, InputHeight = h, InputWidth = w, InputChannels = ic, FilterHeight = kh, FilterWidth = kw,
            FilterInputChannels = fic, OutputHeight = outH, OutputWidth = outW, OutputChannels = oc,
            StrideHeight = o.StrideH, StrideWidth = o.StrideW, DilationHeight = o.DilationH, DilationWidth = o.DilationW,
            PadTop = padTop, PadLeft = padLeft, ActivationMin = min, ActivationMax = max,
        };

        _uk = ctx.UseReferenceKernels ? null : Opt.Conv2D.SelectMicrokernel(_p);
        _packed = null;
        _packScratch = _im2colScratch = -1;
        if (_uk is null) return;
        int packedLength = Opt.Conv2D.PackedWeightsLength(_p, _uk);
        if (filter.IsConstant && (bias is null || bias.IsConstant))
        {
            _packed = new float[packedLength];
            Opt.Conv2D.PackWeights(_p, _uk, filter.GetData<float>(), bias is null ? default : bias.GetData<float>(), _packed);
        }
        else
        {
            _packScratch = ctx.RequestScratch(checked(packedLength * sizeof(float)));
        }
        int im2col = Opt.Conv2D.ScratchLength(_p, _uk);
        if (im2col > 0) _im2colScratch = ctx.RequestScratch(checked(im2col * sizeof(float)));
    }

    public void Eval(OpContext ctx)
    {
        var input = ctx.Input(0).GetData<float>();
        var filter = ctx.Input(1).GetData<float>();
        var biasTensor = ctx.OptionalInput(2);
        var bias = biasTensor is null ? default : biasTensor.GetData<float>();
        var output = ctx.Output(0).GetWritableData<float>();
        if (_uk is null)
        {
            Ref.Conv2D.Run(_p, input, filter, bias, output);
            return;
        }
        ReadOnlySpan<float> packed;
        if (_packed is not null)
        {
            packed = _packed;
        }
        else
        {
            var buffer = MemoryMarshal.Cast<byte, float>(ctx.GetScratch(_packScratch));
            Opt.Conv2D.PackWeights(_p, _uk, filter, bias, buffer);
            packed = buffer;
        }
        var scratch = _im2colScratch >= 0 ? MemoryMarshal.Cast<byte, float>(ctx.GetScratch(_im2colScratch)) : Span<float>.Empty;
        Opt.Conv2D.RunPacked(_p, _uk, input, packed, output, scratch);
    }
}
