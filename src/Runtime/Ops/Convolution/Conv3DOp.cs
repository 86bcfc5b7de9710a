using ManagedLite.Kernels;
using ManagedLite.Kernels.Optimized.Gemm;
using ManagedLite.Kernels.Params;
using ManagedLite.Schema;
using static ManagedLite.Ops.Convolution.ConvolutionChecks;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Convolution;

/// <summary>
/// CONV_3D, float32 (TFLite's only type): input [N, D, H, W, IC], filter [FD, FH, FW, IC, OC], optional bias [OC]
/// -> [N, OD, OH, OW, OC], SAME or VALID padding, strides and dilations per axis, fused activation. The optimized
/// flavor runs im2col + the F32 GEMM microkernels on weights packed once per model (constant filters).
/// </summary>
internal sealed class Conv3DOp(KernelFlavor flavor) : IOpKernel
{
    private readonly bool _reference = flavor == KernelFlavor.Reference;
    private Conv3DParams _p;
    private F32GemmMicrokernel? _uk;
    private AlignedArray<float>? _packed;
    private int _packScratch = -1, _im2colScratch = -1;

    public void Prepare(OpContext ctx)
    {
        CheckInputCount(ctx, 2, 3);
        var input = ctx.Input(0);
        var filter = ctx.Input(1);
        var bias = ctx.OptionalInput(2);
        var output = ctx.Output(0);
        _p = Conv3DGeometry.Prepare(ctx, input, filter, bias, output, transposed: false);
        ctx.ResizeOutput(0, [_p.Batches, _p.OutputDepth, _p.OutputHeight, _p.OutputWidth, _p.OutputChannels]);

        _uk = null;
        _packed = null;
        _packScratch = _im2colScratch = -1;
        if (_reference) return;
        _uk = Opt.Conv3D.SelectMicrokernel(_p);
        if (_uk is null) return;
        int packedLength = Opt.Conv3D.PackedWeightsLength(_p, _uk);
        if (filter.IsConstant && (bias is null || bias.IsConstant))
        {
            var (p, uk) = (_p, _uk);
            _packed = ctx.GetSharedWeights(("f32-conv3d", uk.Id, p with { Batches = 0, InputDepth = 0, InputHeight = 0, InputWidth = 0,
                                                                          OutputDepth = 0, OutputHeight = 0, OutputWidth = 0 }), () =>
            {
                var packed = new AlignedArray<float>(packedLength);
                Opt.Conv3D.PackWeights(p, uk, filter.GetData<float>(), bias is null ? default : bias.GetData<float>(), packed.Span);
                return packed;
            }, w => w?.ByteSize ?? 0);
        }
        else
        {
            _packScratch = ctx.RequestScratch(checked(packedLength * sizeof(float)));
        }
        int im2col = Opt.Conv3D.ScratchLength(_p, _uk);
        if (im2col > 0) _im2colScratch = ctx.RequestScratch(checked(im2col * sizeof(float)));
    }

    public void Eval(OpContext ctx)
    {
        var input = ctx.Input(0).GetData<float>();
        var filter = ctx.Input(1).GetData<float>();
        var bias = ctx.OptionalInput(2) is { } b ? b.GetData<float>() : default;
        var output = ctx.Output(0).GetWritableData<float>();
        if (_uk is null)
        {
            Ref.Conv3D.Run(_p, input, filter, bias, output);
            return;
        }
        Span<float> packed;
        if (_packed is not null) packed = _packed.Span;
        else
        {
            packed = RecurrentScratch(ctx, _packScratch);
            Opt.Conv3D.PackWeights(_p, _uk, filter, bias, packed);
        }
        Opt.Conv3D.RunPacked(_p, _uk, input, packed, output, RecurrentScratch(ctx, _im2colScratch));
    }

    private static Span<float> RecurrentScratch(OpContext ctx, int handle) =>
        handle < 0 ? Span<float>.Empty : System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(ctx.GetScratch(handle));

    /// <summary>Output elements x taps per output (FD * FH * FW * IC).</summary>
    public static long EstimateWork(OpContext ctx)
    {
        var filter = ctx.Input(1);
        if (filter.Rank != 5) return OpWork.Linear(ctx);
        long taps = (long)filter.Dim(0) * filter.Dim(1) * filter.Dim(2) * filter.Dim(3);
        return OpWork.Add(OpWork.Mul(ctx.Output(0).ElementCount, taps), OpWork.Linear(ctx));
    }
}
